// Redis's approximated eviction (evict.c): each round samples `samples` random keys
// (maxmemory-samples, default 5) into a pool of the 16 best candidates kept across rounds
// (EVPOOL_SIZE), ordered by a score (idle time for LRU, 255 − frequency for LFU), and evicts the
// best-scored candidate that still exists. Abstracted: Redis samples whole hash-table buckets
// (dictGetSomeKeys), here keys are sampled uniformly from the present ones.
export const EVICTION_POOL_SIZE = 16;
export class SampledPool {
    keyspace;
    rng;
    samples;
    keys = new Int32Array(EVICTION_POOL_SIZE);
    scores = new Float64Array(EVICTION_POOL_SIZE);
    length = 0;
    constructor(keyspace, rng, samples) {
        this.keyspace = keyspace;
        this.rng = rng;
        this.samples = samples;
        if (!keyspace.keepsPolicyWord)
            throw new RangeError('a sampled eviction pool ranks keys by the policy word: the keyspace must keep one (withPolicyWord)');
    }
    /** Samples, merges into the pool, and returns the best existing candidate (removed from the pool), or -1. `score` takes a keyspace entry. */
    pick(score) {
        for (;;) {
            if (this.keyspace.size === 0)
                return -1;
            for (let i = 0; i < this.samples; i++)
                this.offer(this.keyspace.randomEntry(this.rng()), score);
            while (this.length > 0) {
                const key = this.keys[--this.length];
                if (this.keyspace.has(key))
                    return key;
            }
        }
    }
    /** Inserts the key at `entry` in ascending score order if it beats the worst candidate or the pool has room. */
    offer(entry, score) {
        const key = this.keyspace.keyAt(entry);
        for (let i = 0; i < this.length; i++)
            if (this.keys[i] === key)
                return;
        const s = score(entry);
        let at = 0;
        while (at < this.length && this.scores[at] < s)
            at++;
        if (this.length < EVICTION_POOL_SIZE) {
            this.keys.copyWithin(at + 1, at, this.length);
            this.scores.copyWithin(at + 1, at, this.length);
            this.length++;
        }
        else {
            if (at === 0)
                return;
            at--;
            this.keys.copyWithin(0, 1, at + 1);
            this.scores.copyWithin(0, 1, at + 1);
        }
        this.keys[at] = key;
        this.scores[at] = s;
    }
}
//# sourceMappingURL=sampled-pool.js.map