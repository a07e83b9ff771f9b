// Test support: runs one cluster scenario (scenarios/cluster-failover.yaml with overrides) and
// collects bus messages, cluster events and request outcomes.

import { buildRun } from '../../experiment/build-run.js';
import { loadScenario } from '../../experiment/load-scenario.js';
import { NodeTable } from '../../models/cluster/node-table.js';
import {
  CLUSTER_EVENT, CLUSTER_EVENTS, NET_MESSAGE, Purpose, REQUEST_DONE,
  type ClusterEvent, type NetMessage, type RequestDone,
} from '../../models/signals.js';

export interface ClusterTrace {
  busSizes: number[];
  busSentAtNs: number[];
  /** Replication messages: [sent at ns, bytes]. */
  replication: [number, number][];
  events: (Omit<ClusterEvent, 'kind'> & { kind: string })[];
  requests: RequestDone[];
  nodes: number;
}

/** `fullScans`: every cron tick scans every peer (the scan's skip-until-due disabled), for equivalence tests. */
export function clusterRun(sets: string[], seed?: number, options: { fullScans?: boolean } = {}): ClusterTrace {
  const { scenario } = loadScenario('scenarios/cluster-failover.yaml', sets);
  const run = buildRun(scenario, 0, seed ?? scenario.seed);
  const scanDue = NodeTable.prototype.scanDue;
  if (options.fullScans) NodeTable.prototype.scanDue = () => true;
  try {
    return traced(run);
  } finally {
    NodeTable.prototype.scanDue = scanDue;
  }
}

function traced(run: ReturnType<typeof buildRun>): ClusterTrace {
  const trace: ClusterTrace = { busSizes: [], busSentAtNs: [], replication: [], events: [], requests: [], nodes: run.nodes };
  run.bus.signal<NetMessage>(NET_MESSAGE).subscribe((r) => {
    if (r.purpose === Purpose.replication) trace.replication.push([run.engine.now, r.sizeBytes]);
    if (r.purpose !== Purpose.gossip) return;
    trace.busSizes.push(r.sizeBytes);
    trace.busSentAtNs.push(run.engine.now);
  });
  run.bus.signal<ClusterEvent>(CLUSTER_EVENT).subscribe((r) => trace.events.push({ ...r, kind: CLUSTER_EVENTS[r.kind]! }));
  run.bus.signal<RequestDone>(REQUEST_DONE).subscribe((r) => trace.requests.push({ ...r }));
  run.start();
  run.engine.run({ untilNs: run.endNs });
  return trace;
}
