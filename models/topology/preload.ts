// A warm start for topologies where every server holds every key: keys in popularity order (key 0
// first) until the first server's maxmemory would be passed, stored on all the servers, with the
// workload's preloadTtl as expiry (if any).

import type { RedisServer } from '../server/redis-server.js';
import type { ServerParams } from '../server/server-params.js';
import type { TopologyContext } from './topology.js';

export function preloadEverywhere(ctx: TopologyContext, servers: readonly RedisServer[], params: ServerParams): void {
  const limit = params.maxmemory || Infinity;
  for (let key = 0; key < ctx.workload.keys; key++) {
    const bytes = ctx.factory.valueBytes[key]!;
    if (servers[0]!.keyspace.usedBytes + bytes + params.perKeyOverhead > limit) break;
    const expireAtNs = ctx.factory.preloadExpireAtNs(key);
    for (const s of servers) s.preload(key, bytes, expireAtNs);
  }
}
