// Cache policies by name: one line each. An unknown name fails with the list of known ones.

import type { CachePolicy } from './cache-policy.js';
import { LfuCache } from './lfu-cache.js';
import { ListCache } from './list-cache.js';

export const CACHE_POLICIES = {
  lru: (capacity: number): CachePolicy => new ListCache(capacity, true),
  fifo: (capacity: number): CachePolicy => new ListCache(capacity, false),
  lfu: (capacity: number): CachePolicy => new LfuCache(capacity),
};

export type CachePolicyName = keyof typeof CACHE_POLICIES;
export const CACHE_POLICY_NAMES = Object.keys(CACHE_POLICIES) as CachePolicyName[];
