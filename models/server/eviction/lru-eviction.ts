// `allkeys-lru` as Redis approximates it: a per-key LRU clock with 1000 ms resolution
// (LRU_CLOCK_RESOLUTION) and the sampled eviction pool. Parameter: samples (maxmemory-samples).

import type { Rng } from '../../../sim/random/rng.js';
import type { Keyspace } from '../keyspace.js';
import type { EvictionPolicy } from './eviction-policy.js';
import { SampledPool } from './sampled-pool.js';

const LRU_RESOLUTION_NS = 1e9;

export class LruEviction implements EvictionPolicy {
  readonly evicts = true;
  private readonly clock: Uint32Array;
  private readonly pool: SampledPool;
  private nowClock = 0;
  private readonly idle = (key: number): number => this.nowClock - this.clock[key]!;

  constructor(keyspace: Keyspace, rng: Rng, samples: number) {
    this.clock = new Uint32Array(keyspace.keyCount);
    this.pool = new SampledPool(keyspace, rng, samples);
  }

  touch(key: number, nowNs: number): void {
    this.clock[key] = Math.floor(nowNs / LRU_RESOLUTION_NS);
  }

  inserted(key: number, nowNs: number): void {
    this.touch(key, nowNs);
  }

  victim(nowNs: number): number {
    this.nowClock = Math.floor(nowNs / LRU_RESOLUTION_NS);
    return this.pool.pick(this.idle);
  }
}
