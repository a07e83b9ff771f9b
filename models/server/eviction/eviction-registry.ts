// maxmemory-policy name → policy. Adding a policy: one file, one line here.

import type { Rng } from '../../../sim/random/rng.js';
import type { Keyspace } from '../keyspace.js';
import type { EvictionPolicy } from './eviction-policy.js';
import { LfuEviction } from './lfu-eviction.js';
import { LruEviction } from './lru-eviction.js';
import { NoEviction } from './no-eviction.js';
import { RandomEviction } from './random-eviction.js';

export interface EvictionOptions {
  samples: number;
  lfuLogFactor: number;
  lfuDecayTimeMin: number;
}

export const EVICTION_POLICIES = {
  noeviction: () => new NoEviction(),
  'allkeys-lru': (ks: Keyspace, rng: Rng, o: EvictionOptions) => new LruEviction(ks, rng, o.samples),
  'allkeys-lfu': (ks: Keyspace, rng: Rng, o: EvictionOptions) => new LfuEviction(ks, rng, o.samples, o.lfuLogFactor, o.lfuDecayTimeMin),
  'allkeys-random': (ks: Keyspace, rng: Rng) => new RandomEviction(ks, rng),
} satisfies Record<string, (ks: Keyspace, rng: Rng, o: EvictionOptions) => EvictionPolicy>;

export type EvictionPolicyName = keyof typeof EVICTION_POLICIES;
/** The policies that keep a word per key in the keyspace (LRU clock, LFU counter). */
export const POLICIES_WITH_KEY_WORD: ReadonlySet<EvictionPolicyName> = new Set<EvictionPolicyName>(['allkeys-lru', 'allkeys-lfu']);
export const EVICTION_POLICY_NAMES = Object.keys(EVICTION_POLICIES) as [EvictionPolicyName, ...EvictionPolicyName[]];
