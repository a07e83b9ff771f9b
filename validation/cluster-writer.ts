// The real side's writer during a cluster failover: a SET of a random key every 10 ms, each with a
// 100 ms timeout and no retry, routed by a slot map with the simulator's cluster-client policy
// (models/client/cluster-client.ts): a MOVED updates its slot at once and asks the named node for
// the whole map (CLUSTER SLOTS); a timeout asks the next node in member order; at most one refresh
// at a time and one per refresh interval (1 s). Drives ioredis connections (one per node).

import { keySlot } from '../models/cluster/key-slot.js';
import type { ClusterMember } from './real-cluster.js';
import { connect } from './redis-fleet.js';
import type { Redis } from 'ioredis';

const KEYS = 100_000;
/** The writers' value: 100 bytes (the simulated WRITER_WORKLOAD's valueSize). */
export const VALUE = 'x'.repeat(100);

/** One of the 100,000 workload keys, at random. */
export function randomKey(): string {
  return `key:${Math.floor(Math.random() * KEYS)}`;
}

export class ClusterWriter {
  private readonly map = new Int32Array(16384);
  private readonly clients: Redis[];
  private timer: NodeJS.Timeout | null = null;
  private refreshing = false;
  private lastRefreshMs = -Infinity;
  /** ms (performance.now) of the first write that succeeded on a slot of `watchedSlots` after `sinceMs`. */
  firstWriteMs: number | null = null;

  /** `members` in the simulator's order (primaries by shard, then replicas): a timeout refreshes from the next one. */
  constructor(private readonly members: ClusterMember[], private readonly watched: (slot: number) => boolean, private readonly sinceMs: number,
    private readonly intervalMs = 10, timeoutMs = 100, private readonly refreshIntervalMs = 1000) {
    this.clients = members.map((m) => connect(m.port, timeoutMs));
  }

  async start(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.connect()));
    await this.loadMap(0);
    this.timer = setInterval(() => this.write(), this.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    for (const c of this.clients) c.disconnect();
  }

  private write(): void {
    const key = randomKey();
    const slot = keySlot(key);
    const node = this.map[slot]!;
    this.clients[node]!.set(key, VALUE).then(() => {
      const now = performance.now();
      if (this.firstWriteMs === null && this.watched(slot) && now > this.sinceMs) this.firstWriteMs = now;
    }, (error: Error) => {
      const moved = /^MOVED \d+ [\d.]+:(\d+)/.exec(error.message);
      if (moved) {
        const target = this.members.findIndex((m) => m.port === Number(moved[1]));
        this.map[slot] = target;
        this.refresh(target);
      } else if (/timed? ?out/i.test(error.message)) this.refresh((node + 1) % this.members.length);
    });
  }

  private refresh(node: number): void {
    const now = performance.now();
    if (this.refreshing || now - this.lastRefreshMs < this.refreshIntervalMs) return;
    this.refreshing = true;
    this.lastRefreshMs = now;
    this.loadMap(node).catch(() => {}).finally(() => { this.refreshing = false; });
  }

  private async loadMap(node: number): Promise<void> {
    const ranges = await this.clients[node]!.cluster('SLOTS');
    for (const [from, to, primary] of ranges) this.map.fill(this.members.findIndex((m) => m.port === primary![1]), from, to + 1);
  }
}
