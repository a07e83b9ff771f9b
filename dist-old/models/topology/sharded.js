// `sharded`: client-side sharding over independent Redis servers (no cluster, no proxy). Every
// application host runs a sharding client (sharded-client.ts) that maps keys to the servers with
// modulo or ketama hashing; addNode/removeNode change the server list the clients use
// (shard-membership.ts), remapping keys: the misses read through to the origin.
// Node names: <topology>/shard-<i>, <topology>/spare-<i>.
import { z } from 'zod';
import { strictObject } from '../../sim/scenario/strict.js';
import { ShardedClient } from '../client/sharded-client.js';
import { buildShardTier } from './shard-tier.js';
import { shardingFields, shardNodeNames } from '../sharding/sharding-params.js';
export const shardedParams = strictObject({
    name: z.string().min(1),
    kind: z.literal('sharded'),
    ...shardingFields,
});
export const shardedNodeNames = (p) => shardNodeNames(p);
export function buildSharded(ctx, p) {
    const tier = buildShardTier(ctx, p);
    const endpoints = tier.servers.map((s) => ({ host: s.options.host, onRequest: s.onRequest }));
    const clients = ctx.clientHosts.map((host, i) => new ShardedClient(ctx, ctx.workload.clients, ctx.clientCpus[i], host, endpoints, tier.membership.map, ctx.workload.readThrough, ctx.streams.stream(`client/${i}/ttl`)));
    tier.membership.routers.push(...clients);
    return { clients, shared: tier.shared, targets: tier.targets, preload: tier.preload, addNode: tier.addNode, removeNode: tier.removeNode };
}
//# sourceMappingURL=sharded.js.map