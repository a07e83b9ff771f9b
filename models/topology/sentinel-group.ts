// One primary with R replicas (primary-replicas.ts) watched by S Redis Sentinel processes, sentinel
// k on its own host in zone z + k mod zones (z: the group's zone), which detect a failed primary
// and promote a replica (models/sentinel/): the `sentinel` topology is one group, a
// Sentinel-per-shard `sharded` tier one group per shard. Clients attach their Sentinel routes to
// the group's fabric (`fabric.clients`) before the run starts.
// Node names: <group>/primary, <group>/replica-<j>, <group>/sentinel-<k>.
// Abstracted: sentinels shared by several groups (each group has its own), and a sentinel's own
// persistence (sentinel.conf rewrites) and I/O threads.
// Parameters: sentinels, quorum, downAfter (down-after-milliseconds), failoverTimeout,
// parallelSyncs, replicaPriority (REDIS-MODEL §8); the primary-replicas fields.

import { z } from 'zod';
import { count, durationNs } from '../../sim/scenario/quantities.js';
import { processFaultTarget, type FaultTarget } from '../faults/fault-injector.js';
import type { Endpoint } from '../client/connection-pool.js';
import { RedisServer } from '../server/redis-server.js';
import { MonitoredInstance } from '../sentinel/monitored-instance.js';
import { Sentinel } from '../sentinel/sentinel.js';
import { SentinelFabric } from '../sentinel/sentinel-fabric.js';
import { buildPrimaryReplicas, primaryReplicaNames, type GroupPlacement, type PrimaryReplicaParams } from './primary-replicas.js';
import type { TopologyContext } from './topology.js';

const DEFAULT_PRIORITY = 100;

const MAX_SENTINELS = 100;

/** The Sentinel fields of a group's parameters. */
export const sentinelFields = {
  sentinels: count().refine((n) => n >= 1 && n <= MAX_SENTINELS, `expected 1 to ${MAX_SENTINELS} sentinels`).prefault(3).describe('Sentinel processes, each on its own host'),
  quorum: count().refine((n) => n >= 1, 'expected a quorum of at least 1').prefault(2).describe('sentinels that must agree the master is down (ODOWN)'),
  downAfter: durationNs().refine((ns) => ns >= 1e6, 'expected at least 1ms').prefault('30s').describe('down-after-milliseconds: no valid reply for this long → SDOWN'),
  failoverTimeout: durationNs().refine((ns) => ns >= 1e6, 'expected at least 1ms').prefault('180s')
    .describe('failover-timeout: retry gate (2×), promotion and reconfiguration limits'),
  parallelSyncs: count().refine((n) => n >= 1, 'expected at least 1').prefault(1).describe('parallel-syncs: replicas reconfigured at once after a failover'),
};

export interface SentinelGroupParams extends PrimaryReplicaParams {
  sentinels: number;
  quorum: number;
  downAfter: number;
  failoverTimeout: number;
  parallelSyncs: number;
  replicaPriority?: readonly number[] | undefined;
}

/** Refuses a quorum larger than the sentinels. */
export function checkQuorum(p: { quorum: number; sentinels: number }, ctx: z.RefinementCtx): void {
  if (p.quorum > p.sentinels) {
    ctx.addIssue({ code: 'custom', path: ['quorum'], message: `expected a quorum of at most the ${p.sentinels} sentinels`, input: p.quorum });
  }
}

/** Sentinel names; a count out of bounds (being reported by validation) names none. */
const sentinelNames = (p: SentinelGroupParams): string[] => Array.from({ length: p.sentinels <= MAX_SENTINELS ? p.sentinels : 0 }, (_, k) => `${p.name}/sentinel-${k}`);

export function sentinelGroupNames(p: SentinelGroupParams): string[] {
  return [...primaryReplicaNames(p), ...sentinelNames(p)];
}

export interface SentinelGroup {
  /** The data servers: the primary first, then the replicas. */
  servers: RedisServer[];
  endpoints: Endpoint[];
  fabric: SentinelFabric;
  /** Every process of the group (data servers, then sentinels) by name. */
  targets: [string, FaultTarget][];
  /** Starts the sentinels' timers. */
  start(): void;
}

export function buildSentinelGroup(ctx: TopologyContext, p: SentinelGroupParams, at?: GroupPlacement): SentinelGroup {
  const { servers, hub, minReplicas, endpoints } = buildPrimaryReplicas(ctx, p, at);
  const zones = ctx.network.zoneCount;
  const firstId = (at?.firstId ?? 0) + servers.length;
  // A sentinel is a Redis process without a dataset: no persistence, no I/O threads.
  const sentinelParams = { ...p.server, ioThreads: 1, persistence: { ...p.server.persistence, rdb: undefined, aof: undefined } };
  const sentinelServers = sentinelNames(p).map((name, k) => new RedisServer(ctx.engine, ctx.network, ctx.requests, sentinelParams, {
    id: firstId + k, name, host: ctx.network.addHost(name, ((at?.zone ?? 0) + k) % zones), keyCount: 0, withExpiry: false, machine: ctx.machines.of(name),
  }, ctx.streams, ctx.bus));
  const fabric = new SentinelFabric(ctx.engine, ctx.network, ctx.bus, [...servers, ...sentinelServers], servers.length, hub, {
    downAfterNs: p.downAfter, failoverTimeoutNs: p.failoverTimeout, quorum: p.quorum, parallelSyncs: p.parallelSyncs,
  });
  const priorities = [DEFAULT_PRIORITY, ...(p.replicaPriority ?? servers.slice(1).map(() => DEFAULT_PRIORITY))];
  const instances = servers.map((s, i) => new MonitoredInstance(fabric, i, s, ctx.requests, priorities[i]!, minReplicas));
  fabric.instances.push(...instances);
  ctx.connections.addHolder(fabric);
  const sentinels = sentinelServers.map((s, k) => new Sentinel(fabric, servers.length + k, s, ctx.streams.stream(`sentinel/${s.options.name}`), priorities));
  return {
    servers,
    endpoints,
    fabric,
    targets: [
      ...servers.map((s, i) => [s.options.name, processFaultTarget(s, { restart: () => instances[i]!.restarted() })] as [string, FaultTarget]),
      ...sentinels.map((s) => [s.server.options.name, processFaultTarget(s.server, { restart: () => s.restarted() })] as [string, FaultTarget]),
    ],
    start: () => {
      for (const s of sentinels) s.start();
    },
  };
}
