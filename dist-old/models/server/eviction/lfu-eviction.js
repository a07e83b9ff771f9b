// `allkeys-lfu` as Redis does it (evict.c LFULogIncr / LFUDecrAndReturn): an 8-bit logarithmic
// counter per key, new keys start at 5 (LFU_INIT_VAL); an access increments it with probability
// 1 / ((counter − 5)·lfu-log-factor + 1); it decays by one per lfu-decay-time minutes idle.
// Eviction uses the sampled pool with score 255 − decayed counter. Both live in the keyspace's
// per-key word: minutes of the last decrement × 256 + counter (minutes < 2^24: 31 years).
// Parameters: logFactor (default 10), decayTimeMin (minutes, default 1), samples.
import { SampledPool } from './sampled-pool.js';
const LFU_INIT_VAL = 5;
const NS_PER_MINUTE = 60e9;
export class LfuEviction {
    keyspace;
    rng;
    logFactor;
    decayTimeMin;
    evicts = true;
    pool;
    nowMin = 0;
    score = (entry) => 255 - this.decayed(entry, this.nowMin);
    constructor(keyspace, rng, samples, logFactor = 10, decayTimeMin = 1) {
        this.keyspace = keyspace;
        this.rng = rng;
        this.logFactor = logFactor;
        this.decayTimeMin = decayTimeMin;
        this.pool = new SampledPool(keyspace, rng, samples);
    }
    /** The counter of `key` after decay at `nowNs` (for tests and reports); 0 when absent. */
    frequency(key, nowNs) {
        const entry = this.keyspace.entryOf(key);
        return entry < 0 ? 0 : this.decayed(entry, Math.floor(nowNs / NS_PER_MINUTE));
    }
    touch(entry, nowNs) {
        const nowMin = Math.floor(nowNs / NS_PER_MINUTE);
        let c = this.decayed(entry, nowMin);
        if (c < 255) {
            const base = Math.max(0, c - LFU_INIT_VAL);
            if (this.rng() < 1 / (base * this.logFactor + 1))
                c++;
        }
        this.keyspace.setMetaAt(entry, nowMin * 256 + c);
    }
    inserted(entry, nowNs) {
        this.keyspace.setMetaAt(entry, Math.floor(nowNs / NS_PER_MINUTE) * 256 + LFU_INIT_VAL);
    }
    victim(nowNs) {
        this.nowMin = Math.floor(nowNs / NS_PER_MINUTE);
        return this.pool.pick(this.score);
    }
    decayed(entry, nowMin) {
        const word = this.keyspace.metaAt(entry);
        const counter = word & 255;
        if (this.decayTimeMin === 0)
            return counter;
        const periods = Math.floor((nowMin - Math.floor(word / 256)) / this.decayTimeMin);
        return Math.max(0, counter - periods);
    }
}
//# sourceMappingURL=lfu-eviction.js.map