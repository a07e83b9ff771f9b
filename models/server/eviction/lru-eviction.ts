// `allkeys-lru` as Redis approximates it: a per-key LRU clock with 1000 ms resolution
// (LRU_CLOCK_RESOLUTION), kept in the keyspace's per-key word, and the sampled eviction pool.
// Parameter: samples (maxmemory-samples).

import type { Rng } from '../../../sim/random/rng.js';
import type { Keyspace } from '../keyspace.js';
import type { EvictionPolicy } from './eviction-policy.js';
import { SampledPool } from './sampled-pool.js';

const LRU_RESOLUTION_NS = 1e9;

export class LruEviction implements EvictionPolicy {
  readonly evicts = true;
  private readonly pool: SampledPool;
  private nowClock = 0;
  private readonly idle = (entry: number): number => this.nowClock - this.keyspace.metaAt(entry);

  constructor(private readonly keyspace: Keyspace, rng: Rng, samples: number) {
    this.pool = new SampledPool(keyspace, rng, samples);
  }

  touch(entry: number, nowNs: number): void {
    this.keyspace.setMetaAt(entry, Math.floor(nowNs / LRU_RESOLUTION_NS));
  }

  inserted(entry: number, nowNs: number): void {
    this.touch(entry, nowNs);
  }

  victim(nowNs: number): number {
    this.nowClock = Math.floor(nowNs / LRU_RESOLUTION_NS);
    return this.pool.pick(this.idle);
  }
}
