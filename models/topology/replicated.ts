// `replicated`: one Redis primary and R replicas (no Sentinel, no failover), each on its own host;
// the primary in the first zone, replica j in zone j + 1 (mod zones). Asynchronous replication;
// reads from the primary, the replicas or the nearest node; min-replicas-to-write optional.
// Node names: <topology>/primary, <topology>/replica-<j>.

import { z } from 'zod';
import { count, durationNs } from '../../sim/scenario/quantities.js';
import { strictObject } from '../../sim/scenario/strict.js';
import { ReplicatedClient } from '../client/replicated-client.js';
import { MinReplicas } from '../replication/min-replicas.js';
import { ReplicationHub } from '../replication/replication-hub.js';
import { WriteLedger } from '../replication/write-ledger.js';
import { RedisServer } from '../server/redis-server.js';
import { processFaultTarget } from '../faults/fault-injector.js';
import { serverParams } from '../server/server-params.js';
import { l1Params } from '../l1/l1-params.js';
import { preloadEverywhere } from './preload.js';
import type { BuiltTopology, TopologyContext } from './topology.js';
import { oneNodeTier } from './one-node-tier.js';
import { keysExpire } from '../workload/workload-params.js';

export const replicatedParams = strictObject({
  name: z.string().min(1),
  kind: z.literal('replicated'),
  replicas: count().refine((n) => n <= 100, 'expected at most 100 replicas').prefault(1).describe('replicas of the primary'),
  readFrom: z.enum(['primary', 'replica', 'nearest'], { error: () => 'expected primary, replica or nearest' }).prefault('primary')
    .describe("where read-only requests go: the primary, the replicas in turn, or a replica in the client's zone (else the primary)"),
  minReplicasToWrite: count().prefault(0).describe('min-replicas-to-write (0 = off)'),
  minReplicasMaxLag: durationNs().prefault('10s').describe('min-replicas-max-lag'),
  server: serverParams,
  l1: l1Params.optional().describe('an in-process cache on each application host in front of this topology'),
});

export type ReplicatedParams = z.output<typeof replicatedParams>;

export function replicatedNodeNames(p: ReplicatedParams): string[] {
  return [`${p.name}/primary`, ...Array.from({ length: p.replicas }, (_, j) => `${p.name}/replica-${j}`)];
}

export function buildReplicated(ctx: TopologyContext, p: ReplicatedParams): BuiltTopology {
  const zones = ctx.network.zoneCount;
  const ledger = ctx.ledger ?? new WriteLedger(ctx.workload.keys);
  const servers = replicatedNodeNames(p).map((name, i) => new RedisServer(ctx.engine, ctx.network, ctx.requests, p.server, {
    id: i, name, host: ctx.network.addHost(name, i % zones), keyCount: ctx.workload.keys, withExpiry: keysExpire(ctx.workload), ledger,
  }, ctx.streams, ctx.bus));
  const hub = new ReplicationHub(ctx.engine, ctx.network, servers, ctx.workload.keyBytes);
  for (let i = 1; i < servers.length; i++) hub.follow(i, 0);
  if (p.minReplicasToWrite > 0) {
    new MinReplicas(ctx.engine, ctx.network, ctx.requests, servers[0]!, servers.slice(1), p.minReplicasToWrite, p.minReplicasMaxLag);
  }
  const endpoints = servers.map((s) => ({ host: s.options.host, onRequest: s.onRequest }));
  const clients = ctx.clientHosts.map((host, i) => new ReplicatedClient(
    ctx, ctx.workload.clients, ctx.clientCpus[i]!, host, endpoints, p.readFrom, ctx.workload.readThrough, ctx.streams.stream(`client/${i}/ttl`),
  ));
  return {
    clients,
    shared: oneNodeTier(servers, (client) => clients[client]!.readers),
    targets: new Map(servers.map((s) => [s.options.name, processFaultTarget(s)])),
    preload: () => preloadEverywhere(ctx, servers, p.server),
  };
}
