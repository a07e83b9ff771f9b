// Redis picks "random" nodes with dictGetRandomKey (dict.c): a uniformly random non-empty bucket
// of the hash table, then a uniform entry of that bucket's chain. Nodes sharing a bucket are picked
// less often, which makes their pong times stale and draws forced pings (REDIS-MODEL §2.4). The
// table has the next power of two ≥ N buckets; which bucket a node id hashes to is drawn once from
// the node's own stream (node ids are random 40-hex strings in Redis).
// NOTE: one uniform per pick: its integer part (×buckets) picks the bucket, its fraction the entry.

import type { Rng } from '../../sim/random/rng.js';

export class RandomNodePicker {
  private readonly start: Int32Array;
  private readonly length: Int32Array;
  private readonly members: Int32Array;

  constructor(nodes: number, layoutRng: Rng) {
    let size = 4;
    while (size < nodes) size *= 2;
    const table: number[][] = Array.from({ length: size }, () => []);
    for (let n = 0; n < nodes; n++) table[Math.floor(layoutRng() * size)]!.push(n);
    const buckets = table.filter((b) => b.length > 0);
    this.start = new Int32Array(buckets.length);
    this.length = Int32Array.from(buckets, (b) => b.length);
    this.members = Int32Array.from(buckets.flat());
    let at = 0;
    buckets.forEach((b, i) => {
      this.start[i] = at;
      at += b.length;
    });
  }

  pick(rng: Rng): number {
    const x = rng() * this.start.length;
    const bucket = Math.floor(x);
    return this.members[this.start[bucket]! + Math.floor((x - bucket) * this.length[bucket]!)]!;
  }
}
