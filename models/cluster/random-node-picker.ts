// Redis picks "random" nodes with dictGetRandomKey (dict.c): a uniformly random non-empty bucket
// of the hash table, then a uniform entry of that bucket's chain. Nodes sharing a bucket are picked
// less often, which makes their pong times stale and draws forced pings (REDIS-MODEL §2.4). The
// table has the next power of two ≥ N buckets; which bucket a node id hashes to is drawn once from
// the node's own stream (node ids are random 40-hex strings in Redis).

import type { Rng } from '../../sim/random/rng.js';

export class RandomNodePicker {
  private readonly buckets: number[][];

  constructor(nodes: number, layoutRng: Rng) {
    let size = 4;
    while (size < nodes) size *= 2;
    const table: number[][] = Array.from({ length: size }, () => []);
    for (let n = 0; n < nodes; n++) table[Math.floor(layoutRng() * size)]!.push(n);
    this.buckets = table.filter((b) => b.length > 0);
  }

  pick(rng: Rng): number {
    const bucket = this.buckets[Math.floor(rng() * this.buckets.length)]!;
    return bucket.length === 1 ? bucket[0]! : bucket[Math.floor(rng() * bucket.length)]!;
  }
}
