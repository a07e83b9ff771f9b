// The real Redis processes of a validation run: redis-server (cluster or standalone),
// redis-sentinel and nutcracker (twemproxy) started on 127.0.0.1 only, on ports found free, each with its own working directory
// under one temporary folder. Only the processes started here are ever signalled (by PID): SIGSTOP /
// SIGCONT for faults, SIGKILL (after SIGCONT) to stop them; they are also stopped when this process
// exits, is interrupted (SIGINT/SIGTERM) or fails.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { stringify } from 'yaml';
import { raisePriority } from './measurement-priority.js';

export const LOOPBACK = '127.0.0.1';
/** The cluster bus listens on the client port + 10000. */
export const BUS_PORT_OFFSET = 10000;
const LAST_PORT = 32768 - BUS_PORT_OFFSET;

export interface RedisProcess {
  name: string;
  port: number;
  pid: number;
  dir: string;
}

const installed = (tools: string[]) => tools.every((tool) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0);

/** True when redis-server, redis-cli and redis-sentinel are on the PATH. */
export function redisInstalled(): boolean {
  return installed(['redis-server', 'redis-cli', 'redis-sentinel']);
}

/** True when nutcracker (twemproxy) and redis-benchmark (which measures it saturated) are on the PATH. */
export function nutcrackerInstalled(): boolean {
  return installed(['nutcracker', 'redis-benchmark']);
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, LOOPBACK, () => server.close(() => resolve(true)));
  });
}

const live = new Set<RedisFleet>();
let hooked = false;
function stopEveryFleet(): void {
  for (const fleet of live) fleet.stopAll();
}
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', stopEveryFleet);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      stopEveryFleet();
      process.exit(130);
    });
  }
}

export class RedisFleet {
  readonly root: string;
  private readonly children = new Map<number, ChildProcess>();
  private nextPort: number;

  /**
   * Ports are searched upwards from `firstPort` (each also needs port + 10000 free for the bus). Both
   * stay below Linux's ephemeral range (32768+), so no outgoing connection can take a bus port
   * between the check and the server's bind.
   */
  constructor(firstPort = 21700) {
    this.root = mkdtempSync(join(tmpdir(), 'cachetopo-validation-'));
    this.nextPort = firstPort;
    hookExit();
    live.add(this);
  }

  private async freePort(): Promise<number> {
    for (; this.nextPort < LAST_PORT; this.nextPort++) {
      const port = this.nextPort;
      if (await portFree(port) && await portFree(port + BUS_PORT_OFFSET)) {
        this.nextPort++;
        return port;
      }
    }
    throw new Error(`no free port pair below ${LAST_PORT}`);
  }

  /** A redis-server with `config` lines (a cluster node when they say cluster-enabled yes). */
  async server(name: string, config: string[]): Promise<RedisProcess> {
    const port = await this.freePort();
    const dir = join(this.root, `${name}-${port}`);
    mkdirSync(dir, { recursive: true });
    const lines = [`port ${port}`, `bind ${LOOPBACK}`, 'protected-mode no', `dir ${dir}`, 'save ""', 'appendonly no', 'logfile redis.log', ...config];
    writeFileSync(join(dir, 'redis.conf'), lines.join('\n') + '\n');
    return this.launch('redis-server', name, port, dir, [join(dir, 'redis.conf')]);
  }

  /** A redis-sentinel watching `masterName` at `masterPort` with `quorum`. */
  async sentinel(name: string, masterName: string, masterPort: number, quorum: number, downAfterMs: number, failoverTimeoutMs: number): Promise<RedisProcess> {
    const port = await this.freePort();
    const dir = join(this.root, `${name}-${port}`);
    mkdirSync(dir, { recursive: true });
    const lines = [
      `port ${port}`, `bind ${LOOPBACK}`, 'protected-mode no', `dir ${dir}`, 'logfile sentinel.log',
      `sentinel monitor ${masterName} ${LOOPBACK} ${masterPort} ${quorum}`,
      `sentinel down-after-milliseconds ${masterName} ${downAfterMs}`,
      `sentinel failover-timeout ${masterName} ${failoverTimeoutMs}`,
      `sentinel parallel-syncs ${masterName} 1`,
    ];
    writeFileSync(join(dir, 'sentinel.conf'), lines.join('\n') + '\n');
    return this.launch('redis-sentinel', name, port, dir, [join(dir, 'sentinel.conf')]);
  }

  /**
   * A nutcracker (twemproxy) pool in front of `servers`: ketama over fnv1a_64 with the servers' given
   * names on the ring, one connection to each (server_connections 1), no auto-eject; its stats port
   * is another free port on 127.0.0.1.
   */
  async twemproxy(name: string, servers: readonly { port: number; name: string }[]): Promise<RedisProcess> {
    const port = await this.freePort();
    const statsPort = await this.freePort();
    const dir = join(this.root, `${name}-${port}`);
    mkdirSync(dir, { recursive: true });
    const pool = {
      listen: `${LOOPBACK}:${port}`, hash: 'fnv1a_64', distribution: 'ketama', redis: true, server_connections: 1, auto_eject_hosts: false,
      servers: servers.map((s) => `${LOOPBACK}:${s.port}:1 ${s.name}`),
    };
    writeFileSync(join(dir, 'nutcracker.yml'), stringify({ [name]: pool }));
    return this.launch('nutcracker', name, port, dir,
      ['-c', join(dir, 'nutcracker.yml'), '-s', String(statsPort), '-a', LOOPBACK, '-o', join(dir, 'nutcracker.log'), '-p', join(dir, 'nutcracker.pid')]);
  }

  private async launch(binary: string, name: string, port: number, dir: string, args: string[]): Promise<RedisProcess> {
    const child = spawn(binary, args, { cwd: dir, stdio: 'ignore' });
    if (child.pid === undefined) throw new Error(`could not start ${binary} for ${name}`);
    this.children.set(child.pid, child);
    const pid = child.pid;
    raisePriority(pid);
    child.once('exit', () => this.children.delete(pid));
    await waitForPing(port, 10_000);
    return { name, port, pid, dir };
  }

  pause(p: RedisProcess): void {
    process.kill(p.pid, 'SIGSTOP');
  }

  resume(p: RedisProcess): void {
    process.kill(p.pid, 'SIGCONT');
  }

  /** Kills one process this fleet started. */
  stop(p: RedisProcess): void {
    const child = this.children.get(p.pid);
    if (!child) return;
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    this.children.delete(p.pid);
  }

  /** Kills every process this fleet started and removes its folders. */
  stopAll(): void {
    for (const [pid, child] of this.children) {
      child.kill('SIGCONT');
      child.kill('SIGKILL');
      this.children.delete(pid);
    }
    rmSync(this.root, { recursive: true, force: true });
    live.delete(this);
  }
}

/**
 * A connection that fails fast instead of reconnecting forever; commands time out after `timeoutMs`.
 * `resp` 2 for twemproxy, which closes a connection on a command it does not support: HELLO (ioredis 6
 * negotiates RESP3 by default), CLIENT SETINFO (sent only with RESP3 here) and INFO (ioredis's ready
 * check, skipped: the servers here load nothing at start).
 */
export function connect(port: number, timeoutMs = 2000, resp: 2 | 3 = 3): Redis {
  const client = new Redis({
    host: LOOPBACK, port, lazyConnect: true, commandTimeout: timeoutMs, maxRetriesPerRequest: 0, protocol: resp, disableClientInfo: resp === 2,
    enableOfflineQueue: true, enableReadyCheck: false, retryStrategy: () => null, connectTimeout: 2000,
  });
  client.on('error', () => {});
  return client;
}

async function waitForPing(port: number, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const client = connect(port, 500, 2);
    try {
      await client.connect();
      await client.ping();
      return;
    } catch (error) {
      // A server that asks for a password (requirepass) is up.
      if ((error as Error).message.startsWith('NOAUTH')) return;
      if (Date.now() > until) throw new Error(`redis on port ${port} did not answer within ${deadlineMs} ms: ${(error as Error).message}`);
      await sleep(50);
    } finally {
      client.disconnect();
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
