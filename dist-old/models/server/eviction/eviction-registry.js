// maxmemory-policy name → policy. Adding a policy: one file, one line here.
import { LfuEviction } from './lfu-eviction.js';
import { LruEviction } from './lru-eviction.js';
import { NoEviction } from './no-eviction.js';
import { RandomEviction } from './random-eviction.js';
export const EVICTION_POLICIES = {
    noeviction: () => new NoEviction(),
    'allkeys-lru': (ks, rng, o) => new LruEviction(ks, rng, o.samples),
    'allkeys-lfu': (ks, rng, o) => new LfuEviction(ks, rng, o.samples, o.lfuLogFactor, o.lfuDecayTimeMin),
    'allkeys-random': (ks, rng) => new RandomEviction(ks, rng),
};
/** The policies that keep a word per key in the keyspace (LRU clock, LFU counter). */
export const POLICIES_WITH_KEY_WORD = new Set(['allkeys-lru', 'allkeys-lfu']);
export const EVICTION_POLICY_NAMES = Object.keys(EVICTION_POLICIES);
//# sourceMappingURL=eviction-registry.js.map