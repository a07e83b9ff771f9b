// What `replicated`, `sentinel` and a Sentinel-per-shard `sharded` tier share: the parameters of one
// primary with R replicas, and their wiring: a Redis server per node on its own host (the primary in
// the group's zone z, by default the first; replica j in zone z + j + 1 mod zones), asynchronous
// replication through one hub, one write ledger, and min-replicas-to-write when set.
// Node names: <group>/primary, <group>/replica-<j> (the group: the topology, or one of its shards).

import { z } from 'zod';
import { count, durationNs } from '../../sim/scenario/quantities.js';
import { serverEndpoint, type Endpoint } from '../client/connection-pool.js';
import { MinReplicas } from '../replication/min-replicas.js';
import { ReplicationHub } from '../replication/replication-hub.js';
import { WriteLedger } from '../replication/write-ledger.js';
import { RedisServer } from '../server/redis-server.js';
import { serverParams, type ServerParams } from '../server/server-params.js';
import type { ReadFrom } from '../client/replicated-client.js';
import type { TopologyContext } from './topology.js';
import { keysExpire } from '../workload/workload-params.js';
import { l1Params } from '../l1/l1-params.js';

const MAX_REPLICAS = 100;

/** The fields of a group's replicas. */
export const replicaFields = {
  replicas: count().refine((n) => n <= MAX_REPLICAS, `expected at most ${MAX_REPLICAS} replicas`).prefault(1).describe('replicas of the primary'),
  readFrom: z.enum(['primary', 'replica', 'nearest'], { error: () => 'expected primary, replica or nearest' }).prefault('primary')
    .describe("where read-only requests go: the primary, the replicas in turn, or a replica in the client's zone (else the primary)"),
  minReplicasToWrite: count().prefault(0).describe('min-replicas-to-write (0 = off)'),
  minReplicasMaxLag: durationNs().prefault('10s').describe('min-replicas-max-lag'),
};

/** The parameter fields after `name` and `kind`. */
export const primaryReplicaFields = {
  ...replicaFields,
  server: serverParams,
  l1: l1Params.optional().describe('an in-process cache on each application host in front of this topology'),
};

export interface PrimaryReplicaParams {
  name: string;
  replicas: number;
  readFrom: ReadFrom;
  minReplicasToWrite: number;
  minReplicasMaxLag: number;
  server: ServerParams;
}

/** The node names; a replica count out of bounds (being reported by validation) names no replicas. */
export function primaryReplicaNames(p: PrimaryReplicaParams): string[] {
  const replicas = p.replicas <= MAX_REPLICAS ? p.replicas : 0;
  return [`${p.name}/primary`, ...Array.from({ length: replicas }, (_, j) => `${p.name}/replica-${j}`)];
}

export interface PrimaryReplicas {
  /** The primary (index 0), then the replicas. */
  servers: RedisServer[];
  hub: ReplicationHub;
  minReplicas: MinReplicas | null;
  endpoints: Endpoint[];
}

/** Where a primary-replicas group sits in its topology: its first server id, the primary's zone, and the share of the keys it holds. */
export interface GroupPlacement {
  firstId: number;
  zone: number;
  keyShare: number;
}

const WHOLE: GroupPlacement = { firstId: 0, zone: 0, keyShare: 1 };

export function buildPrimaryReplicas(ctx: TopologyContext, p: PrimaryReplicaParams, at: GroupPlacement = WHOLE): PrimaryReplicas {
  const zones = ctx.network.zoneCount;
  const ledger = ctx.ledger ?? new WriteLedger(ctx.workload.keys);
  const servers = primaryReplicaNames(p).map((name, i) => new RedisServer(ctx.engine, ctx.network, ctx.requests, p.server, {
    id: at.firstId + i, name, host: ctx.network.addHost(name, (at.zone + i) % zones), keyCount: ctx.workload.keys, expectedKeyShare: at.keyShare,
    withExpiry: keysExpire(ctx.workload), ledger, machine: ctx.machines.of(name),
  }, ctx.streams, ctx.bus));
  const hub = new ReplicationHub(ctx.engine, ctx.network, servers, ctx.workload.keyBytes);
  for (let i = 1; i < servers.length; i++) hub.follow(i, 0);
  const minReplicas = p.minReplicasToWrite > 0
    ? new MinReplicas(ctx.engine, ctx.network, ctx.requests, servers, hub, p.minReplicasToWrite, p.minReplicasMaxLag)
    : null;
  return { servers, hub, minReplicas, endpoints: servers.map(serverEndpoint) };
}
