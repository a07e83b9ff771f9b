// `sharded`: client-side sharding over independent Redis servers (no cluster, no proxy). Every
// application host runs a sharding client (sharded-client.ts) that maps keys to the shards with
// modulo or ketama hashing. Each shard is one Redis server (shard-tier.ts), or, with `sentinel`, a
// primary with replicas watched by its own Sentinels (sentinel-group.ts), reached through a
// Sentinel route per shard on every client (as a ShardedJedisSentinelPool or a hand-rolled
// sharding layer over Sentinel-aware connections does): a hung shard's primary is replaced by a
// replica under the same shard name, so no key moves. Without sentinel, addNode/removeNode change
// the server list the clients use (shard-membership.ts), remapping keys: the misses read through to
// the origin. A Sentinel-per-shard tier's list is fixed.
// Node names: <topology>/shard-<i>, <topology>/spare-<i>; with sentinel <topology>/shard-<i>/primary,
// <topology>/shard-<i>/replica-<j>, <topology>/shard-<i>/sentinel-<k>.

import { z } from 'zod';
import { strictObject } from '../../sim/scenario/strict.js';
import { ConnectionPool, serverEndpoint } from '../client/connection-pool.js';
import { SentinelRoute } from '../client/sentinel-route.js';
import { ShardedClient, type OpenShard } from '../client/sharded-client.js';
import { WriteLedger } from '../replication/write-ledger.js';
import type { RedisServer } from '../server/redis-server.js';
import { ShardMembership } from '../sharding/shard-membership.js';
import { shardingFields, shardNodeNames } from '../sharding/sharding-params.js';
import { preloadByOwner } from './preload.js';
import { replicaFields } from './primary-replicas.js';
import { buildSentinelGroup, checkQuorum, sentinelFields, sentinelGroupNames, type SentinelGroupParams } from './sentinel-group.js';
import { buildShardTier } from './shard-tier.js';
import type { BuiltTopology, TopologyContext } from './topology.js';

const sentinelShardParams = strictObject({ ...replicaFields, ...sentinelFields }).superRefine(checkQuorum);

export const shardedParams = strictObject({
  name: z.string().min(1),
  kind: z.literal('sharded'),
  ...shardingFields,
  sentinel: sentinelShardParams.optional()
    .describe('each shard a primary with replicas watched by its own Sentinels (<topology>/shard-<i>/primary, replica-<j>, sentinel-<k>), reached by the clients through Sentinel'),
}).superRefine((p, ctx) => {
  if (p.sentinel && p.spareNodes > 0) {
    ctx.addIssue({ code: 'custom', path: ['spareNodes'], message: 'expected no spare nodes with sentinel (a Sentinel-per-shard tier\'s server list is fixed)', input: p.spareNodes });
  }
});

export type ShardedParams = z.output<typeof shardedParams>;

/** Shard i's Sentinel group parameters. */
const groupParams = (p: ShardedParams, i: number): SentinelGroupParams => ({ ...p.sentinel!, name: `${p.name}/shard-${i}`, server: p.server });

export function shardedNodeNames(p: ShardedParams): string[] {
  if (!p.sentinel) return shardNodeNames(p);
  return shardNodeNames({ ...p, spareNodes: 0 }).flatMap((_, i) => sentinelGroupNames(groupParams(p, i)));
}

export function buildSharded(ctx: TopologyContext, p: ShardedParams): BuiltTopology {
  if (p.sentinel) return buildSentinelShards(ctx, p);
  const tier = buildShardTier(ctx, p);
  const endpoints = tier.servers.map(serverEndpoint);
  const clients = ctx.clientHosts.map((host, i) => {
    const open: OpenShard = (owner, node) => new ConnectionPool(ctx, ctx.workload.clients, ctx.clientCpus[i]!, host, endpoints[node]!, owner);
    return new ShardedClient(ctx, ctx.workload.clients, ctx.clientCpus[i]!, host, open, tier.membership.map, ctx.workload.readThrough, ctx.streams.stream(`client/${i}/ttl`));
  });
  tier.membership.routers.push(...clients);
  return { clients, shared: tier.shared, targets: tier.targets, preload: tier.preload, addNode: tier.addNode, removeNode: tier.removeNode };
}

function buildSentinelShards(ctx: TopologyContext, p: ShardedParams): BuiltTopology {
  const zones = ctx.network.zoneCount;
  const groupCtx = { ...ctx, ledger: ctx.ledger ?? new WriteLedger(ctx.workload.keys) };
  let firstId = 0;
  const groups = Array.from({ length: p.shards }, (_, i) => {
    const group = buildSentinelGroup(groupCtx, groupParams(p, i), { firstId, zone: i % zones, keyShare: 1 / p.shards });
    firstId += group.fabric.processes.length;
    return group;
  });
  const membership = new ShardMembership(ctx.engine, p, groups.map((_, i) => `shard-${i}`), groups.map((_, i) => i), p.rollout);
  /** routes[g][client]: client's Sentinel route to shard g (its index in the shard's fabric). */
  const routes: SentinelRoute[][] = groups.map(() => []);
  const clients = ctx.clientHosts.map((host, i) => {
    const open: OpenShard = (owner, g) => (routes[g]![i] = new SentinelRoute(
      ctx, ctx.workload.clients, ctx.clientCpus[i]!, host, groups[g]!.endpoints, p.sentinel!.readFrom, groups[g]!.fabric, i, owner,
    ));
    return new ShardedClient(ctx, ctx.workload.clients, ctx.clientCpus[i]!, host, open, membership.map, ctx.workload.readThrough, ctx.streams.stream(`client/${i}/ttl`));
  });
  groups.forEach((group, g) => {
    for (const c of clients) c.link(g);
    group.fabric.clients = routes[g]!;
  });
  const servers: RedisServer[] = groups.flatMap((g) => g.servers);
  const firstServer = groups.map((_, g) => groups.slice(0, g).reduce((n, x) => n + x.servers.length, 0));
  const replicasOf = new Map(groups.map((g) => [g.servers[0]!, g.servers.slice(1)]));
  const all = servers.map((_, i) => i);
  return {
    clients,
    // A shard's data servers may each become its master: an L1 host subscribes and tracks on every
    // data server, and publishes on the master its client library was last told of for the key's shard.
    shared: {
      servers, trackOn: (_, track) => all.forEach((node) => track(node)), subscribeOn: () => all,
      publishTo: (client, key) => {
        const g = membership.map.serverOf(key);
        return firstServer[g]! + Math.max(0, routes[g]![client]!.master);
      },
    },
    targets: new Map(groups.flatMap((g) => g.targets)),
    preload: () => preloadByOwner(ctx, p.server, (key) => groups[membership.map.serverOf(key)]!.servers[0]!, (primary) => replicasOf.get(primary)!),
    start: () => {
      for (const group of groups) group.start();
      for (const shard of routes) for (const route of shard) route.resolve();
    },
    runEnds: () => {
      for (const group of groups) group.fabric.runEnds();
    },
  };
}
