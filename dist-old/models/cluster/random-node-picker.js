// Redis picks "random" nodes with dictGetRandomKey (dict.c): a uniformly random non-empty bucket
// of the hash table, then a uniform entry of that bucket's chain. Nodes sharing a bucket are picked
// less often, which makes their pong times stale and draws forced pings (REDIS-MODEL §2.4). The
// table has the next power of two ≥ N buckets; which bucket a node id hashes to is drawn once from
// the node's own stream (node ids are random 40-hex strings in Redis).
// NOTE: one uniform per pick: its integer part (×buckets) picks the bucket, its fraction the entry.
export class RandomNodePicker {
    /** Bucket b's first member at 2b in `members`, its length at 2b + 1 (one cache line per pick). */
    buckets;
    members;
    constructor(nodes, layoutRng) {
        let size = 4;
        while (size < nodes)
            size *= 2;
        const table = Array.from({ length: size }, () => []);
        for (let n = 0; n < nodes; n++)
            table[Math.floor(layoutRng() * size)].push(n);
        const filled = table.filter((b) => b.length > 0);
        this.buckets = new Int32Array(2 * filled.length);
        this.members = nodes <= 32767 ? Int16Array.from(filled.flat()) : Int32Array.from(filled.flat());
        let at = 0;
        filled.forEach((b, i) => {
            this.buckets[2 * i] = at;
            this.buckets[2 * i + 1] = b.length;
            at += b.length;
        });
    }
    pick(rng) {
        const x = rng() * (this.buckets.length / 2);
        const bucket = Math.floor(x);
        return this.members[this.buckets[2 * bucket] + Math.floor((x - bucket) * this.buckets[2 * bucket + 1])];
    }
}
//# sourceMappingURL=random-node-picker.js.map