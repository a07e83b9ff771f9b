// Redis picks "random" nodes with dictGetRandomKey (dict.c): a uniformly random non-empty bucket
// of the hash table, then a uniform entry of that bucket's chain. Nodes sharing a bucket are picked
// less often, which makes their pong times stale and draws forced pings (REDIS-MODEL §2.4). The
// table has the next power of two ≥ N buckets; which bucket a node id hashes to is drawn once from
// the node's own stream (node ids are random 40-hex strings in Redis).
// NOTE: one uniform per pick: its integer part (×buckets) picks the bucket, its fraction the entry.
// The non-empty buckets' members lie end to end in `members`; bucket b's start is starts[b] and its
// end starts[b + 1] (two 16-bit offsets, so a 2,000-node cluster's 2,000 pickers stay small in cache).

import type { Rng } from '../../sim/random/rng.js';

export class RandomNodePicker {
  private readonly starts: Int16Array | Int32Array;
  private readonly members: Int16Array | Int32Array;
  private readonly filledBuckets: number;

  constructor(nodes: number, layoutRng: Rng) {
    let size = 4;
    while (size < nodes) size *= 2;
    const table: number[][] = Array.from({ length: size }, () => []);
    for (let n = 0; n < nodes; n++) table[Math.floor(layoutRng() * size)]!.push(n);
    const filled = table.filter((b) => b.length > 0);
    const small = nodes <= 32767;
    this.filledBuckets = filled.length;
    this.members = small ? Int16Array.from(filled.flat()) : Int32Array.from(filled.flat());
    this.starts = small ? new Int16Array(filled.length + 1) : new Int32Array(filled.length + 1);
    filled.forEach((b, i) => {
      this.starts[i + 1] = this.starts[i]! + b.length;
    });
  }

  pick(rng: Rng): number {
    const x = rng() * this.filledBuckets;
    const bucket = Math.floor(x);
    const start = this.starts[bucket]!;
    return this.members[start + Math.floor((x - bucket) * (this.starts[bucket + 1]! - start))]!;
  }
}
