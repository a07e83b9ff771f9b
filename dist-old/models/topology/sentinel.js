// `sentinel`: one Redis primary and R replicas (as `replicated`: primary-replicas.ts) watched by S
// Redis Sentinel processes, sentinel k on its own host in zone k mod zones, which detect a failed
// primary and promote a replica (models/sentinel/). Each application host runs a Sentinel-aware
// client that asks the sentinels where the master is.
// Node names: <topology>/primary, <topology>/replica-<j>, <topology>/sentinel-<k>.
import { z } from 'zod';
import { count, durationNs } from '../../sim/scenario/quantities.js';
import { strictObject } from '../../sim/scenario/strict.js';
import { SentinelClient } from '../client/sentinel-client.js';
import { processFaultTarget } from '../faults/fault-injector.js';
import { RedisServer } from '../server/redis-server.js';
import { MonitoredInstance } from '../sentinel/monitored-instance.js';
import { Sentinel } from '../sentinel/sentinel.js';
import { SentinelFabric } from '../sentinel/sentinel-fabric.js';
import { buildPrimaryReplicas, primaryReplicaFields, primaryReplicaNames } from './primary-replicas.js';
import { preloadEverywhere } from './preload.js';
const DEFAULT_PRIORITY = 100;
const MAX_SENTINELS = 100;
export const sentinelParams = strictObject({
    name: z.string().min(1),
    kind: z.literal('sentinel'),
    ...primaryReplicaFields,
    sentinels: count().refine((n) => n >= 1 && n <= MAX_SENTINELS, `expected 1 to ${MAX_SENTINELS} sentinels`).prefault(3).describe('Sentinel processes, each on its own host'),
    quorum: count().refine((n) => n >= 1, 'expected a quorum of at least 1').prefault(2).describe('sentinels that must agree the master is down (ODOWN)'),
    downAfter: durationNs().refine((ns) => ns >= 1e6, 'expected at least 1ms').prefault('30s').describe('down-after-milliseconds: no valid reply for this long → SDOWN'),
    failoverTimeout: durationNs().refine((ns) => ns >= 1e6, 'expected at least 1ms').prefault('180s')
        .describe('failover-timeout: retry gate (2×), promotion and reconfiguration limits'),
    parallelSyncs: count().refine((n) => n >= 1, 'expected at least 1').prefault(1).describe('parallel-syncs: replicas reconfigured at once after a failover'),
    replicaPriority: z.array(count()).optional().describe('replica-priority of each replica (default 100 each; 0 = never promoted)'),
}).superRefine((p, ctx) => {
    if (p.quorum > p.sentinels) {
        ctx.addIssue({ code: 'custom', path: ['quorum'], message: `expected a quorum of at most the ${p.sentinels} sentinels`, input: p.quorum });
    }
    if (p.replicaPriority && p.replicaPriority.length !== p.replicas) {
        ctx.addIssue({ code: 'custom', path: ['replicaPriority'], message: `expected one priority per replica (${p.replicas}), got ${p.replicaPriority.length}` });
    }
});
/** Sentinel names; a count out of bounds (being reported by validation) names none. */
const sentinelNames = (p) => Array.from({ length: p.sentinels <= MAX_SENTINELS ? p.sentinels : 0 }, (_, k) => `${p.name}/sentinel-${k}`);
export function sentinelNodeNames(p) {
    return [...primaryReplicaNames(p), ...sentinelNames(p)];
}
export function buildSentinel(ctx, p) {
    const { servers, hub, minReplicas, endpoints } = buildPrimaryReplicas(ctx, p);
    const zones = ctx.network.zoneCount;
    const sentinelServers = sentinelNames(p).map((name, k) => new RedisServer(ctx.engine, ctx.network, ctx.requests, p.server, {
        id: servers.length + k, name, host: ctx.network.addHost(name, k % zones), keyCount: 0, withExpiry: false,
    }, ctx.streams, ctx.bus));
    const fabric = new SentinelFabric(ctx.engine, ctx.network, ctx.bus, [...servers, ...sentinelServers], servers.length, hub, {
        downAfterNs: p.downAfter, failoverTimeoutNs: p.failoverTimeout, quorum: p.quorum, parallelSyncs: p.parallelSyncs,
    });
    const priorities = [DEFAULT_PRIORITY, ...(p.replicaPriority ?? servers.slice(1).map(() => DEFAULT_PRIORITY))];
    const instances = servers.map((s, i) => new MonitoredInstance(fabric, i, s, ctx.requests, priorities[i], minReplicas));
    fabric.instances.push(...instances);
    const sentinels = sentinelServers.map((s, k) => new Sentinel(fabric, servers.length + k, s, ctx.streams.stream(`sentinel/${s.options.name}`), priorities));
    const clients = ctx.clientHosts.map((host, i) => new SentinelClient(ctx, ctx.workload.clients, ctx.clientCpus[i], host, endpoints, p.readFrom, ctx.workload.readThrough, ctx.streams.stream(`client/${i}/ttl`), fabric, i));
    fabric.clients = clients;
    const targets = new Map([
        ...servers.map((s, i) => [s.options.name, processFaultTarget(s, { restart: () => instances[i].restarted() })]),
        ...sentinels.map((s) => [s.server.options.name, processFaultTarget(s.server, { restart: () => s.restarted() })]),
    ]);
    const all = servers.map((_, i) => i);
    return {
        clients,
        // Any data server may become the master: an L1 host subscribes and tracks on all of them, and
        // publishes on the master its client library was last told of.
        shared: { servers, readNodes: () => all, subscribeOn: () => all, publishTo: (client) => Math.max(0, clients[client].master) },
        targets,
        preload: () => preloadEverywhere(ctx, servers, p.server),
        start: () => {
            for (const s of sentinels)
                s.start();
            for (const c of clients)
                c.resolve();
        },
    };
}
//# sourceMappingURL=sentinel.js.map