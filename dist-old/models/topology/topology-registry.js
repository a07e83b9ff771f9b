// Topology kinds: one entry each (its parameters and its builder). An unknown kind fails with the
// list of known ones.
import { z } from 'zod';
import { withL1 } from './with-l1.js';
import { buildCluster, clusterNodeNames, clusterParams } from './cluster.js';
import { buildProxy, proxyNodeNames, proxyParams } from './proxy.js';
import { buildReplicated, replicatedNodeNames, replicatedParams } from './replicated.js';
import { buildSentinel, sentinelNodeNames, sentinelParams } from './sentinel.js';
import { buildSharded, shardedNodeNames, shardedParams } from './sharded.js';
import { buildSingle, singleNodeNames, singleParams } from './single.js';
import { buildLocalOnly, localOnlyNodeNames, localOnlyParams } from './local-only.js';
export const TOPOLOGIES = {
    single: { params: singleParams, build: buildSingle, help: 'one Redis server' },
    cluster: { params: clusterParams, build: buildCluster, help: 'Redis Cluster: primaries with replicas, hash slots, smart clients' },
    replicated: { params: replicatedParams, build: buildReplicated, help: 'one primary with asynchronous replicas, reads from primary, replicas or nearest' },
    sentinel: { params: sentinelParams, build: buildSentinel, help: 'one primary with replicas, Redis Sentinel processes failing it over, Sentinel-aware clients' },
    sharded: { params: shardedParams, build: buildSharded, help: 'client-side sharding over independent Redis servers (modulo or ketama ring)' },
    proxy: { params: proxyParams, build: buildProxy, help: 'a twemproxy-like proxy tier sharding over Redis servers' },
    'local-only': { params: localOnlyParams, build: buildLocalOnly, help: 'an in-process cache on each application host and no shared tier (misses and writes go to the origin)' },
};
const KINDS = Object.keys(TOPOLOGIES).join(', ');
export const topologyParams = z.discriminatedUnion('kind', [TOPOLOGIES.single.params, TOPOLOGIES.cluster.params, TOPOLOGIES.replicated.params,
    TOPOLOGIES.sentinel.params, TOPOLOGIES.sharded.params, TOPOLOGIES.proxy.params, TOPOLOGIES['local-only'].params], {
    error: (issue) => (issue.code === 'invalid_union' ? `expected kind to be one of: ${KINDS}` : undefined),
});
/** Builds the topology, with an L1 tier in front of its clients if the entry has an `l1` block. */
export function buildTopology(ctx, params) {
    const built = buildShared(ctx, params);
    return params.l1 && ctx.ledger ? withL1(ctx, built, params.l1, ctx.ledger) : built;
}
function buildShared(ctx, params) {
    switch (params.kind) {
        case 'single': return TOPOLOGIES.single.build(ctx, params);
        case 'cluster': return TOPOLOGIES.cluster.build(ctx, params);
        case 'replicated': return TOPOLOGIES.replicated.build(ctx, params);
        case 'sentinel': return TOPOLOGIES.sentinel.build(ctx, params);
        case 'sharded': return TOPOLOGIES.sharded.build(ctx, params);
        case 'proxy': return TOPOLOGIES.proxy.build(ctx, params);
        case 'local-only': return TOPOLOGIES['local-only'].build(ctx);
    }
}
/** The names faults can use for the nodes of a topology entry. */
export function topologyNodeNames(params) {
    switch (params.kind) {
        case 'single': return singleNodeNames(params);
        case 'cluster': return clusterNodeNames(params);
        case 'replicated': return replicatedNodeNames(params);
        case 'sentinel': return sentinelNodeNames(params);
        case 'sharded': return shardedNodeNames(params);
        case 'proxy': return proxyNodeNames(params);
        case 'local-only': return localOnlyNodeNames();
    }
}
//# sourceMappingURL=topology-registry.js.map