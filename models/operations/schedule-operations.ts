// Scheduled operator actions (cluster tooling; server-list changes of sharded tiers) for one run: which topology each concerns, which
// node names it uses (validated when the scenario loads), and starting each at its time.

import type { Engine } from '../../sim/engine/engine.js';
import type { BuiltTopology } from '../topology/topology.js';
import type { Operation } from './operation-params.js';

/** The topology an operation acts on. */
export function operationTopology(o: Operation): string {
  switch (o.kind) {
    case 'reshard': return o.from.split('/')[0]!;
    case 'rebalance': return o.topology;
    default: return o.node.split('/')[0]!;
  }
}

/** The node names an operation uses, each with the field path that names it. */
export function operationNodes(o: Operation): [string, (string | number)[]][] {
  switch (o.kind) {
    case 'reshard': return [[o.from, ['reshard', 'from']], [o.to, ['reshard', 'to']]];
    case 'failover': return [[o.node, ['failover']]];
    case 'addNode': return [[o.node, ['addNode']], ...[[o.meet, ['meet']], [o.replicaOf, ['replicaOf']]].filter((e): e is [string, string[]] => e[0] !== null)];
    case 'rebalance': return Object.keys(o.weights).map((n): [string, (string | number)[]] => [n, ['weights', n]]);
    case 'removeNode': return [[o.node, ['removeNode']]];
  }
}

export function scheduleOperations(engine: Engine, operations: readonly Operation[], topologyName: string, t: BuiltTopology): void {
  for (const o of operations) {
    if (operationTopology(o) !== topologyName) continue;
    engine.at(o.atNs, () => {
      switch (o.kind) {
        case 'reshard': t.reshard?.(o.from, o.to, o.slots, { pipeline: o.pipeline, timeoutNs: o.timeoutNs }); return;
        case 'failover': t.manualFailover?.(o.node, o.mode); return;
        case 'addNode': t.addNode?.(o.node, o.meet, o.replicaOf); return;
        case 'rebalance': t.rebalance?.({ pipeline: o.pipeline, timeoutNs: o.timeoutNs }, new Map(Object.entries(o.weights))); return;
        case 'removeNode': t.removeNode?.(o.node);
      }
    });
  }
}
