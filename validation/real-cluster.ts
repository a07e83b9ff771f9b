// A real Redis Cluster on loopback: P primaries × R replicas started by a RedisFleet, joined with
// `redis-cli --cluster create --cluster-replicas R --cluster-yes` (redis-cli's even slot split, as
// the simulator's default), then named like the simulator's nodes: primary-i owns the i-th slot
// range, replica-i-j follows it. Also parses CLUSTER NODES / INFO replies.

import { execFileSync } from 'node:child_process';
import type { Redis } from 'ioredis';
import { connect, LOOPBACK, sleep, type RedisFleet, type RedisProcess } from './redis-fleet.js';

export interface ClusterNodeLine {
  id: string;
  port: number;
  flags: Set<string>;
  primaryId: string | null;
  firstSlot: number;
}

/** One CLUSTER NODES reply, one entry per line. */
export function parseClusterNodes(text: string): ClusterNodeLine[] {
  return text.trim().split('\n').filter((l) => l.length > 0).map((line) => {
    const f = line.split(' ');
    const slot = f[8];
    return {
      id: f[0]!,
      port: Number(f[1]!.split(':')[1]!.split('@')[0]),
      flags: new Set(f[2]!.split(',')),
      primaryId: f[3] === '-' ? null : f[3]!,
      firstSlot: slot === undefined ? -1 : Number(slot.split('-')[0]),
    };
  });
}

/** An INFO reply as field → value. */
export function parseInfo(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return fields;
}

export interface ClusterMember extends RedisProcess {
  id: string;
  /** The simulator's name: primary-i or replica-i-j. */
  simName: string;
  client: Redis;
}

export class RealCluster {
  private constructor(readonly fleet: RedisFleet, readonly members: ClusterMember[]) {}

  /** Starts primaries × (1 + replicas) nodes with `cluster-node-timeout` = nodeTimeoutMs and joins them. */
  static async create(fleet: RedisFleet, primaries: number, replicas: number, nodeTimeoutMs: number, extraConfig: string[] = []): Promise<RealCluster> {
    const processes: RedisProcess[] = [];
    const total = primaries * (1 + replicas);
    for (let i = 0; i < total; i++) {
      processes.push(await fleet.server(`node-${i}`, [
        'cluster-enabled yes', 'cluster-config-file nodes.conf', `cluster-node-timeout ${nodeTimeoutMs}`, ...extraConfig,
      ]));
    }
    execFileSync('redis-cli', ['--cluster', 'create', ...processes.map((p) => `${LOOPBACK}:${p.port}`),
      '--cluster-replicas', String(replicas), '--cluster-yes'], { stdio: 'ignore', timeout: 120_000 });
    const clients = processes.map((p) => connect(p.port));
    await Promise.all(clients.map((c) => c.connect()));
    const cluster = new RealCluster(fleet, processes.map((p, i) => ({ ...p, id: '', simName: '', client: clients[i]! })));
    await cluster.converged(60_000);
    await cluster.name();
    return cluster;
  }

  /** Names nodes as the simulator does, from one node's view of the cluster. */
  private async name(): Promise<void> {
    const lines = parseClusterNodes(await this.members[0]!.client.cluster('NODES') as string);
    const primaries = lines.filter((l) => l.flags.has('master')).sort((a, b) => a.firstSlot - b.firstSlot);
    for (const m of this.members) {
      const line = lines.find((l) => l.port === m.port)!;
      m.id = line.id;
      const p = primaries.findIndex((x) => x.id === line.id);
      if (p >= 0) m.simName = `primary-${p}`;
      else {
        const of = primaries.findIndex((x) => x.id === line.primaryId);
        const rank = lines.filter((l) => l.primaryId === line.primaryId).sort((a, b) => a.port - b.port).findIndex((l) => l.id === line.id);
        m.simName = `replica-${of}-${rank}`;
      }
    }
  }

  byName(simName: string): ClusterMember {
    return this.members.find((m) => m.simName === simName)!;
  }

  /**
   * Waits until every node answers cluster_state:ok and knows every node with no handshake or failure
   * flag, and every replica's link to its primary is up (a replica that never synced refuses to fail over).
   */
  async converged(deadlineMs: number, except: ClusterMember | null = null): Promise<void> {
    const until = Date.now() + deadlineMs;
    const n = this.members.length;
    for (;;) {
      const views = await Promise.all(this.members.filter((m) => m !== except).map(async (m) => {
        const info = parseInfo(await m.client.cluster('INFO') as string);
        const nodes = parseClusterNodes(await m.client.cluster('NODES') as string);
        const replication = parseInfo(await m.client.info('replication'));
        return info['cluster_state'] === 'ok' && nodes.length === n
          && (replication['role'] === 'master' || replication['master_link_status'] === 'up')
          && nodes.every((l) => !['handshake', 'noaddr', 'fail', 'fail?'].some((f) => l.flags.has(f)));
      }));
      if (views.every(Boolean)) return;
      if (Date.now() > until) throw new Error(`the cluster did not converge within ${deadlineMs} ms`);
      await sleep(100);
    }
  }

  /** Sets cluster-node-timeout on every node at run time. */
  async setNodeTimeout(ms: number): Promise<void> {
    await Promise.all(this.members.map((m) => m.client.config('SET', 'cluster-node-timeout', String(ms))));
  }

  /** CLUSTER INFO of every node, parsed. */
  infos(): Promise<Record<string, string>[]> {
    return Promise.all(this.members.map(async (m) => parseInfo(await m.client.cluster('INFO') as string)));
  }

  /** Disconnects and stops every node. */
  close(): void {
    for (const m of this.members) {
      m.client.disconnect();
      this.fleet.stop(m);
    }
  }
}
