// `sentinel`: one Redis primary and R replicas (as `replicated`: primary-replicas.ts) watched by S
// Redis Sentinel processes (sentinel-group.ts), which detect a failed primary and promote a
// replica. Each application host runs a Sentinel-aware client that asks the sentinels where the
// master is (sentinel-client.ts).
// Node names: <topology>/primary, <topology>/replica-<j>, <topology>/sentinel-<k>.

import { z } from 'zod';
import { count } from '../../sim/scenario/quantities.js';
import { strictObject } from '../../sim/scenario/strict.js';
import { SentinelClient } from '../client/sentinel-client.js';
import { primaryReplicaFields } from './primary-replicas.js';
import { preloadEverywhere } from './preload.js';
import { buildSentinelGroup, checkQuorum, sentinelFields, sentinelGroupNames } from './sentinel-group.js';
import type { BuiltTopology, TopologyContext } from './topology.js';

export const sentinelParams = strictObject({
  name: z.string().min(1),
  kind: z.literal('sentinel'),
  ...primaryReplicaFields,
  ...sentinelFields,
  replicaPriority: z.array(count()).optional().describe('replica-priority of each replica (default 100 each; 0 = never promoted)'),
}).superRefine((p, ctx) => {
  checkQuorum(p, ctx);
  if (p.replicaPriority && p.replicaPriority.length !== p.replicas) {
    ctx.addIssue({ code: 'custom', path: ['replicaPriority'], message: `expected one priority per replica (${p.replicas}), got ${p.replicaPriority.length}` });
  }
});

export type SentinelParams = z.output<typeof sentinelParams>;

export const sentinelNodeNames = (p: SentinelParams): string[] => sentinelGroupNames(p);

export function buildSentinel(ctx: TopologyContext, p: SentinelParams): BuiltTopology {
  const group = buildSentinelGroup(ctx, p);
  const { servers, fabric } = group;
  const clients = ctx.clientHosts.map((host, i) => new SentinelClient(
    ctx, ctx.workload.clients, ctx.clientCpus[i]!, host, group.endpoints, p.readFrom, ctx.workload.readThrough, ctx.streams.stream(`client/${i}/ttl`), fabric, i,
  ));
  fabric.clients = clients.map((c) => c.route);
  const all = servers.map((_, i) => i);
  return {
    clients,
    // Any data server may become the master: an L1 host subscribes and tracks on all of them, and
    // publishes on the master its client library was last told of.
    shared: { servers, trackOn: (_, track) => all.forEach((node) => track(node)), subscribeOn: () => all, publishTo: (client) => Math.max(0, clients[client]!.route.master) },
    targets: new Map(group.targets),
    roleOf: (server) => (fabric.replication.streamInto(server) ? 'replica' : 'primary'),
    preload: () => preloadEverywhere(ctx, servers, p.server),
    start: () => {
      group.start();
      for (const c of clients) c.route.resolve();
    },
    runEnds: () => fabric.runEnds(),
  };
}
