// What every maxmemory policy provides to the server: bookkeeping on access and insert, and the
// next victim when memory is over the limit. One file per policy, one registry line each.
export {};
//# sourceMappingURL=eviction-policy.js.map