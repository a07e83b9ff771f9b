// Cache policies by name: one line each. An unknown name fails with the list of known ones.
import { LfuCache } from './lfu-cache.js';
import { ListCache } from './list-cache.js';
export const CACHE_POLICIES = {
    lru: (capacity) => new ListCache(capacity, true),
    fifo: (capacity) => new ListCache(capacity, false),
    lfu: (capacity) => new LfuCache(capacity),
};
export const CACHE_POLICY_NAMES = Object.keys(CACHE_POLICIES);
//# sourceMappingURL=policy-registry.js.map