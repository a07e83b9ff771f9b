// The servers of a sharded tier (`sharded` and `proxy` topologies): `shards` Redis servers in the
// routers' server list and `spareNodes` spares outside it, each like `single`'s server on its own
// host, node i in zone i mod zones; the membership that maps keys to them; a warm start that stores
// each key on the server the initial list gives it; addNode/removeNode by name. As the shared tier
// of an L1: a host publishes a key's invalidation on the server the current list gives it, and
// subscribes on (and reads from) every server, since the servers share nothing.

import { processFaultTarget, type FaultTarget } from '../faults/fault-injector.js';
import { RedisServer } from '../server/redis-server.js';
import type { ServerParams } from '../server/server-params.js';
import { preloadByOwner } from './preload.js';
import type { SharedTier, TopologyContext } from './topology.js';
import { keysExpire } from '../workload/workload-params.js';
import { ShardMembership } from '../sharding/shard-membership.js';
import { shardNodeNames, type ShardingParams } from '../sharding/sharding-params.js';

export interface ShardTier {
  servers: RedisServer[];
  membership: ShardMembership;
  shared: SharedTier;
  targets: Map<string, FaultTarget>;
  preload(): void;
  addNode(name: string): void;
  removeNode(name: string): void;
}

export function buildShardTier(ctx: TopologyContext, p: ShardingParams & { server: ServerParams }): ShardTier {
  const zones = ctx.network.zoneCount;
  const names = shardNodeNames(p);
  const servers = names.map((name, i) => new RedisServer(ctx.engine, ctx.network, ctx.requests, p.server, {
    id: i, name, host: ctx.network.addHost(name, i % zones), keyCount: ctx.workload.keys, expectedKeyShare: 1 / p.shards, withExpiry: keysExpire(ctx.workload), ledger: ctx.ledger ?? undefined,
    machine: ctx.machines.of(name),
  }, ctx.streams, ctx.bus));
  const all = servers.map((_, i) => i);
  const shortNames = names.map((n) => n.slice(p.name.length + 1));
  const initial = Array.from({ length: p.shards }, (_, i) => i);
  const membership = new ShardMembership(ctx.engine, p, shortNames, initial, p.rollout);
  const index = (name: string) => names.indexOf(name);
  return {
    servers,
    membership,
    shared: { servers, trackOn: (_, track) => all.forEach((node) => track(node)), subscribeOn: () => all, publishTo: (_, key) => membership.map.serverOf(key) },
    targets: new Map(servers.map((s) => [s.options.name, processFaultTarget(s)])),
    preload: () => {
      const map = membership.map;
      preloadByOwner(ctx, p.server, (key) => servers[map.serverOf(key)]!);
    },
    addNode: (name) => membership.add(index(name)),
    removeNode: (name) => membership.remove(index(name)),
  };
}
