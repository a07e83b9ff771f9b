// What every exact cache replacement policy provides (the in-process L1 tier and `cachetopo
// replay` share them): a fixed capacity in entries over integer keys, lookups that count as uses,
// and insertion that evicts by the policy when full. One file per policy, one registry line each.
/** A use of `key`, and on a miss its insertion (the replay loop); true on a hit. */
export function access(cache, key) {
    if (cache.get(key))
        return true;
    cache.insert(key);
    return false;
}
//# sourceMappingURL=cache-policy.js.map