// A real Sentinel set on loopback: one redis-server primary, R replicas (`replicaof` it) and S
// redis-sentinel processes monitoring it as "mymaster" with a quorum, down-after and
// failover-timeout, started by a RedisFleet. The sentinels start once every replica's link is up
// (a sentinel learns replicas from its first INFO of the master), each after U(0, 1 s) so their
// once-a-second PINGs are not in phase (as sentinels started independently are, and as the
// simulated ones, whose PING clocks start at random phases), and the set is ready when every
// sentinel knows every replica and every other sentinel (hello messages, every 2 s).

import type { Redis } from 'ioredis';
import { parseInfo } from './real-cluster.js';
import { connect, LOOPBACK, sleep, type RedisFleet, type RedisProcess } from './redis-fleet.js';

export const MASTER_NAME = 'mymaster';
/** A sentinel PINGs every instance about once a second from its own start. */
const PING_PERIOD_MS = 1000;

export interface SentinelSetOptions {
  replicas: number;
  sentinels: number;
  quorum: number;
  downAfterMs: number;
  failoverTimeoutMs: number;
}

export class RealSentinelSet {
  private constructor(readonly fleet: RedisFleet, readonly servers: RedisProcess[], readonly sentinels: RedisProcess[], private readonly clients: Redis[]) {}

  static async create(fleet: RedisFleet, o: SentinelSetOptions, deadlineMs = 30_000): Promise<RealSentinelSet> {
    const primary = await fleet.server('primary', []);
    const servers = [primary];
    for (let j = 0; j < o.replicas; j++) servers.push(await fleet.server(`replica-${j}`, [`replicaof ${LOOPBACK} ${primary.port}`]));
    const serverClients = servers.map((s) => connect(s.port));
    await Promise.all(serverClients.map((c) => c.connect()));
    const until = Date.now() + deadlineMs;
    await waitUntil(until, 'replicas did not sync', async () =>
      (await Promise.all(serverClients.slice(1).map(async (c) => parseInfo(await c.info('replication'))['master_link_status'] === 'up'))).every(Boolean));
    const sentinels: RedisProcess[] = [];
    for (let k = 0; k < o.sentinels; k++) {
      await sleep(Math.random() * PING_PERIOD_MS);
      sentinels.push(await fleet.sentinel(`sentinel-${k}`, MASTER_NAME, primary.port, o.quorum, o.downAfterMs, o.failoverTimeoutMs));
    }
    const sentinelClients = sentinels.map((s) => connect(s.port));
    await Promise.all(sentinelClients.map((c) => c.connect()));
    const set = new RealSentinelSet(fleet, servers, sentinels, [...serverClients, ...sentinelClients]);
    await waitUntil(until, 'sentinels did not discover the set', async () => (await Promise.all(sentinelClients.map(async (c) => {
      const fields = await c.call('SENTINEL', 'MASTER', MASTER_NAME) as string[];
      const field = (name: string) => Number(fields[fields.indexOf(name) + 1]);
      return field('num-slaves') === o.replicas && field('num-other-sentinels') === o.sentinels - 1;
    }))).every(Boolean));
    return set;
  }

  /** Disconnects and stops every process of the set. */
  close(): void {
    for (const c of this.clients) c.disconnect();
    for (const p of [...this.servers, ...this.sentinels]) this.fleet.stop(p);
  }
}

async function waitUntil(untilMs: number, failure: string, ready: () => Promise<boolean>): Promise<void> {
  while (!(await ready())) {
    if (Date.now() > untilMs) throw new Error(failure);
    await sleep(100);
  }
}
