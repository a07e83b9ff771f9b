// `replicated`: one Redis primary and R replicas (no Sentinel, no failover), each on its own host;
// the primary in the first zone, replica j in zone j + 1 (mod zones). Asynchronous replication;
// reads from the primary, the replicas or the nearest node; min-replicas-to-write optional. A
// restarted process resyncs in full: a replica from the primary, a primary's replicas from it.
// Node names: <topology>/primary, <topology>/replica-<j>.

import { z } from 'zod';
import { strictObject } from '../../sim/scenario/strict.js';
import { ReplicatedClient } from '../client/replicated-client.js';
import { processFaultTarget } from '../faults/fault-injector.js';
import { buildPrimaryReplicas, primaryReplicaFields, primaryReplicaNames } from './primary-replicas.js';
import { preloadEverywhere } from './preload.js';
import type { BuiltTopology, TopologyContext } from './topology.js';
import { oneNodeTier } from './one-node-tier.js';

export const replicatedParams = strictObject({
  name: z.string().min(1),
  kind: z.literal('replicated'),
  ...primaryReplicaFields,
});

export type ReplicatedParams = z.output<typeof replicatedParams>;

export const replicatedNodeNames = primaryReplicaNames;

export function buildReplicated(ctx: TopologyContext, p: ReplicatedParams): BuiltTopology {
  const { servers, hub, minReplicas, endpoints } = buildPrimaryReplicas(ctx, p);
  if (minReplicas) servers[0]!.router = { admit: (req) => minReplicas.admit(0, req) };
  const clients = ctx.clientHosts.map((host, i) => new ReplicatedClient(
    ctx, ctx.workload.clients, ctx.clientCpus[i]!, host, endpoints, p.readFrom, ctx.workload.readThrough, ctx.streams.stream(`client/${i}/ttl`),
  ));
  return {
    clients,
    shared: oneNodeTier(servers, (client) => clients[client]!.readers),
    targets: new Map(servers.map((s, i) => [s.options.name, processFaultTarget(s, { restart: () => (i === 0 ? hub.primaryRestarted(0) : hub.follow(i, 0, true)) })])),
    preload: () => preloadEverywhere(ctx, servers, p.server),
  };
}
