// What every exact cache replacement policy provides (the in-process L1 tier and `cachetopo
// replay` share them): a fixed capacity in entries over integer keys, lookups that count as uses,
// and insertion that evicts by the policy when full. One file per policy, one registry line each.

export interface CachePolicy {
  readonly capacity: number;
  /** Entries held. */
  readonly size: number;
  has(key: number): boolean;
  /** The slot (0 … capacity − 1) holding `key`, or −1: callers keep per-entry data in arrays indexed by it. */
  slotOf(key: number): number;
  /** A use of `key`: true (and the policy's bookkeeping updated) if held, false if not. */
  get(key: number): boolean;
  /** Stores `key` (if absent), evicting by the policy when full; returns the evicted key or −1. */
  insert(key: number): number;
  /** The key a full insertion would evict now, or −1 if empty (to make room by bytes, then `remove` it). */
  peekVictim(): number;
  /** Drops `key` (invalidation); false if absent. */
  remove(key: number): boolean;
}

/** A use of `key`, and on a miss its insertion (the replay loop); true on a hit. */
export function access(cache: CachePolicy, key: number): boolean {
  if (cache.get(key)) return true;
  cache.insert(key);
  return false;
}
