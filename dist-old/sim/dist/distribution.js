// The one interface every distribution implements. Draws take the caller's stream, so a
// distribution holds no randomness of its own (d3-array's `shuffler(random)` habit).
export {};
//# sourceMappingURL=distribution.js.map