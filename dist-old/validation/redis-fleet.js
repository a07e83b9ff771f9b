// The real Redis processes of a validation run: redis-server (cluster or standalone) and
// redis-sentinel started on 127.0.0.1 only, on ports found free, each with its own working directory
// under one temporary folder. Only the processes started here are ever signalled (by PID): SIGSTOP /
// SIGCONT for faults, SIGKILL (after SIGCONT) to stop them; they are also stopped when this process
// exits, is interrupted (SIGINT/SIGTERM) or fails.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { raisePriority } from './measurement-priority.js';
export const LOOPBACK = '127.0.0.1';
/** The cluster bus listens on the client port + 10000. */
export const BUS_PORT_OFFSET = 10000;
const LAST_PORT = 32768 - BUS_PORT_OFFSET;
/** True when redis-server, redis-cli and redis-sentinel are on the PATH. */
export function redisInstalled() {
    return ['redis-server', 'redis-cli', 'redis-sentinel'].every((tool) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0);
}
function portFree(port) {
    return new Promise((resolve) => {
        const server = createServer();
        server.once('error', () => resolve(false));
        server.listen(port, LOOPBACK, () => server.close(() => resolve(true)));
    });
}
const live = new Set();
let hooked = false;
function stopEveryFleet() {
    for (const fleet of live)
        fleet.stopAll();
}
function hookExit() {
    if (hooked)
        return;
    hooked = true;
    process.on('exit', stopEveryFleet);
    for (const signal of ['SIGINT', 'SIGTERM']) {
        process.on(signal, () => {
            stopEveryFleet();
            process.exit(130);
        });
    }
}
export class RedisFleet {
    root;
    children = new Map();
    nextPort;
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
    async freePort() {
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
    async server(name, config) {
        const port = await this.freePort();
        const dir = join(this.root, `${name}-${port}`);
        mkdirSync(dir, { recursive: true });
        const lines = [`port ${port}`, `bind ${LOOPBACK}`, 'protected-mode no', `dir ${dir}`, 'save ""', 'appendonly no', 'logfile redis.log', ...config];
        writeFileSync(join(dir, 'redis.conf'), lines.join('\n') + '\n');
        return this.launch('redis-server', name, port, dir, join(dir, 'redis.conf'));
    }
    /** A redis-sentinel watching `masterName` at `masterPort` with `quorum`. */
    async sentinel(name, masterName, masterPort, quorum, downAfterMs, failoverTimeoutMs) {
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
        return this.launch('redis-sentinel', name, port, dir, join(dir, 'sentinel.conf'));
    }
    async launch(binary, name, port, dir, configFile) {
        const child = spawn(binary, [configFile], { cwd: dir, stdio: 'ignore' });
        if (child.pid === undefined)
            throw new Error(`could not start ${binary} for ${name}`);
        this.children.set(child.pid, child);
        const pid = child.pid;
        raisePriority(pid);
        child.once('exit', () => this.children.delete(pid));
        await waitForPing(port, 10_000);
        return { name, port, pid, dir };
    }
    pause(p) {
        process.kill(p.pid, 'SIGSTOP');
    }
    resume(p) {
        process.kill(p.pid, 'SIGCONT');
    }
    /** Kills one process this fleet started. */
    stop(p) {
        const child = this.children.get(p.pid);
        if (!child)
            return;
        child.kill('SIGCONT');
        child.kill('SIGKILL');
        this.children.delete(p.pid);
    }
    /** Kills every process this fleet started and removes its folders. */
    stopAll() {
        for (const [pid, child] of this.children) {
            child.kill('SIGCONT');
            child.kill('SIGKILL');
            this.children.delete(pid);
        }
        rmSync(this.root, { recursive: true, force: true });
        live.delete(this);
    }
}
/** A connection that fails fast instead of reconnecting forever; commands time out after `timeoutMs`. */
export function connect(port, timeoutMs = 2000) {
    const client = new Redis({
        host: LOOPBACK, port, lazyConnect: true, commandTimeout: timeoutMs, maxRetriesPerRequest: 0,
        enableOfflineQueue: true, retryStrategy: () => null, connectTimeout: 2000,
    });
    client.on('error', () => { });
    return client;
}
async function waitForPing(port, deadlineMs) {
    const until = Date.now() + deadlineMs;
    for (;;) {
        const client = connect(port, 500);
        try {
            await client.connect();
            await client.ping();
            return;
        }
        catch (error) {
            if (Date.now() > until)
                throw new Error(`redis on port ${port} did not answer within ${deadlineMs} ms: ${error.message}`);
            await sleep(50);
        }
        finally {
            client.disconnect();
        }
    }
}
export function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
//# sourceMappingURL=redis-fleet.js.map