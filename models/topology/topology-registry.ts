// Topology kinds: one entry each (its parameters and its builder). An unknown kind fails with the
// list of known ones.

import { z } from 'zod';
import type { BuiltTopology, TopologyContext } from './topology.js';
import { buildCluster, clusterNodeNames, clusterParams } from './cluster.js';
import { buildReplicated, replicatedNodeNames, replicatedParams } from './replicated.js';
import { buildSentinel, sentinelNodeNames, sentinelParams } from './sentinel.js';
import { buildSingle, singleNodeNames, singleParams } from './single.js';

export const TOPOLOGIES = {
  single: { params: singleParams, build: buildSingle, help: 'one Redis server' },
  cluster: { params: clusterParams, build: buildCluster, help: 'Redis Cluster: primaries with replicas, hash slots, smart clients' },
  replicated: { params: replicatedParams, build: buildReplicated, help: 'one primary with asynchronous replicas, reads from primary, replicas or nearest' },
  sentinel: { params: sentinelParams, build: buildSentinel, help: 'one primary with replicas, Redis Sentinel processes failing it over, Sentinel-aware clients' },
};

export type TopologyKind = keyof typeof TOPOLOGIES;
const KINDS = Object.keys(TOPOLOGIES).join(', ');

export const topologyParams = z.discriminatedUnion('kind', [TOPOLOGIES.single.params, TOPOLOGIES.cluster.params, TOPOLOGIES.replicated.params, TOPOLOGIES.sentinel.params], {
  error: (issue) => (issue.code === 'invalid_union' ? `expected kind to be one of: ${KINDS}` : undefined),
});

export type TopologyParams = z.output<typeof topologyParams>;

export function buildTopology(ctx: TopologyContext, params: TopologyParams): BuiltTopology {
  switch (params.kind) {
    case 'single': return TOPOLOGIES.single.build(ctx, params);
    case 'cluster': return TOPOLOGIES.cluster.build(ctx, params);
    case 'replicated': return TOPOLOGIES.replicated.build(ctx, params);
    case 'sentinel': return TOPOLOGIES.sentinel.build(ctx, params);
  }
}

/** The names faults can use for the nodes of a topology entry. */
export function topologyNodeNames(params: TopologyParams): string[] {
  switch (params.kind) {
    case 'single': return singleNodeNames(params);
    case 'cluster': return clusterNodeNames(params);
    case 'replicated': return replicatedNodeNames(params);
    case 'sentinel': return sentinelNodeNames(params);
  }
}
