// Warm starts: keys in popularity order (key 0 first), each stored where the topology keeps it, with
// the workload's preloadTtl as expiry (if any).
// - everywhere: on all the servers, until the first server's maxmemory would be passed (single, replicated);
// - by owner: on the server that owns the key (and its copies), skipping keys that would pass the
//   owner's maxmemory (cluster, sharded tiers).
const NONE = [];
export function preloadEverywhere(ctx, servers, params) {
    const limit = params.maxmemory || Infinity;
    for (let key = 0; key < ctx.workload.keys; key++) {
        const bytes = ctx.factory.valueBytes[key];
        if (servers[0].keyspace.usedBytes + bytes + params.perKeyOverhead > limit)
            break;
        const expireAtNs = ctx.factory.preloadExpireAtNs(key);
        for (const s of servers)
            s.preload(key, bytes, expireAtNs);
    }
}
/** Stores each key on `owner(key)` and on `copies(owner)` while it fits in the owner's maxmemory. */
export function preloadByOwner(ctx, params, owner, copies = () => NONE) {
    const limit = params.maxmemory || Infinity;
    for (let key = 0; key < ctx.workload.keys; key++) {
        const bytes = ctx.factory.valueBytes[key];
        const server = owner(key);
        if (server.keyspace.usedBytes + bytes + params.perKeyOverhead > limit)
            continue;
        const expireAtNs = ctx.factory.preloadExpireAtNs(key);
        server.preload(key, bytes, expireAtNs);
        for (const s of copies(server))
            s.preload(key, bytes, expireAtNs);
    }
}
//# sourceMappingURL=preload.js.map