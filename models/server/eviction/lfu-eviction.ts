// `allkeys-lfu` as Redis does it (evict.c LFULogIncr / LFUDecrAndReturn): an 8-bit logarithmic
// counter per key, new keys start at 5 (LFU_INIT_VAL); an access increments it with probability
// 1 / ((counter − 5)·lfu-log-factor + 1); it decays by one per lfu-decay-time minutes idle.
// Eviction uses the sampled pool with score 255 − decayed counter.
// Parameters: logFactor (default 10), decayTimeMin (minutes, default 1), samples.

import type { Rng } from '../../../sim/random/rng.js';
import type { Keyspace } from '../keyspace.js';
import type { EvictionPolicy } from './eviction-policy.js';
import { SampledPool } from './sampled-pool.js';

const LFU_INIT_VAL = 5;
const NS_PER_MINUTE = 60e9;

export class LfuEviction implements EvictionPolicy {
  readonly evicts = true;
  private readonly counter: Uint8Array;
  private readonly lastDecrMin: Uint32Array;
  private readonly pool: SampledPool;
  private nowMin = 0;
  private readonly score = (key: number): number => 255 - this.decayed(key, this.nowMin);

  constructor(keyspace: Keyspace, private readonly rng: Rng, samples: number,
    private readonly logFactor = 10, private readonly decayTimeMin = 1) {
    this.counter = new Uint8Array(keyspace.keyCount);
    this.lastDecrMin = new Uint32Array(keyspace.keyCount);
    this.pool = new SampledPool(keyspace, rng, samples);
  }

  /** The counter of `key` after decay at `nowNs` (for tests and reports). */
  frequency(key: number, nowNs: number): number {
    return this.decayed(key, Math.floor(nowNs / NS_PER_MINUTE));
  }

  touch(key: number, nowNs: number): void {
    const nowMin = Math.floor(nowNs / NS_PER_MINUTE);
    let c = this.decayed(key, nowMin);
    if (c < 255) {
      const base = Math.max(0, c - LFU_INIT_VAL);
      if (this.rng() < 1 / (base * this.logFactor + 1)) c++;
    }
    this.counter[key] = c;
    this.lastDecrMin[key] = nowMin;
  }

  inserted(key: number, nowNs: number): void {
    this.counter[key] = LFU_INIT_VAL;
    this.lastDecrMin[key] = Math.floor(nowNs / NS_PER_MINUTE);
  }

  victim(nowNs: number): number {
    this.nowMin = Math.floor(nowNs / NS_PER_MINUTE);
    return this.pool.pick(this.score);
  }

  private decayed(key: number, nowMin: number): number {
    if (this.decayTimeMin === 0) return this.counter[key]!;
    const periods = Math.floor((nowMin - this.lastDecrMin[key]!) / this.decayTimeMin);
    return Math.max(0, this.counter[key]! - periods);
  }
}
