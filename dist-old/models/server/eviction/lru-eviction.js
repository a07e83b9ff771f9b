// `allkeys-lru` as Redis approximates it: a per-key LRU clock with 1000 ms resolution
// (LRU_CLOCK_RESOLUTION), kept in the keyspace's per-key word, and the sampled eviction pool.
// Parameter: samples (maxmemory-samples).
import { SampledPool } from './sampled-pool.js';
const LRU_RESOLUTION_NS = 1e9;
export class LruEviction {
    keyspace;
    evicts = true;
    pool;
    nowClock = 0;
    idle = (entry) => this.nowClock - this.keyspace.metaAt(entry);
    constructor(keyspace, rng, samples) {
        this.keyspace = keyspace;
        this.pool = new SampledPool(keyspace, rng, samples);
    }
    touch(entry, nowNs) {
        this.keyspace.setMetaAt(entry, Math.floor(nowNs / LRU_RESOLUTION_NS));
    }
    inserted(entry, nowNs) {
        this.touch(entry, nowNs);
    }
    victim(nowNs) {
        this.nowClock = Math.floor(nowNs / LRU_RESOLUTION_NS);
        return this.pool.pick(this.idle);
    }
}
//# sourceMappingURL=lru-eviction.js.map