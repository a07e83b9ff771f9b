// Test support: runs the sentinel topology of scenarios/sentinel-vs-cluster-failover.yaml (a lighter
// load, the given topology entry and faults) and collects failover events, request outcomes, lost
// writes and sentinel, connect and replication messages.

import { buildRun } from '../../experiment/build-run.js';
import { loadScenario } from '../../experiment/load-scenario.js';
import {
  CLUSTER_EVENT, CLUSTER_EVENTS, NET_MESSAGE, Purpose, REPLICATION_LOST, REQUEST_DONE,
  type ClusterEvent, type NetMessage, type ReplicationLost, type RequestDone,
} from '../../models/signals.js';

export interface SentinelTrace {
  events: { kind: string; node: string; target: string; timeS: number }[];
  requests: RequestDone[];
  lost: number;
  /** Sentinel-purpose and connect-purpose messages: [time s, bytes, src host, dst host]. */
  sentinel: [number, number, number, number][];
  connect: [number, number, number, number][];
  replication: [number, number, number, number][];
}

export function sentinelRun(topology: string, faults: string, sets: string[] = [], seed?: number): SentinelTrace {
  const { scenario } = loadScenario('scenarios/sentinel-vs-cluster-failover.yaml', [
    'workload.arrival={rate: 1000/s}', `topologies=[${topology}]`, `faults=${faults}`, ...sets,
  ]);
  const run = buildRun(scenario, 0, seed ?? scenario.seed);
  const trace: SentinelTrace = { events: [], requests: [], lost: 0, sentinel: [], connect: [], replication: [] };
  run.bus.signal<ClusterEvent>(CLUSTER_EVENT).subscribe((r) => trace.events.push({ kind: CLUSTER_EVENTS[r.kind]!, node: r.node, target: r.target, timeS: r.timeNs / 1e9 }));
  run.bus.signal<RequestDone>(REQUEST_DONE).subscribe((r) => trace.requests.push({ ...r }));
  run.bus.signal<ReplicationLost>(REPLICATION_LOST).subscribe((r) => { trace.lost += r.writes; });
  run.bus.signal<NetMessage>(NET_MESSAGE).subscribe((r) => {
    const row: [number, number, number, number] = [run.engine.now / 1e9, r.sizeBytes, r.src, r.dst];
    if (r.purpose === Purpose.sentinel) trace.sentinel.push(row);
    if (r.purpose === Purpose.connect) trace.connect.push(row);
    if (r.purpose === Purpose.replication) trace.replication.push(row);
  });
  run.start();
  run.engine.run({ untilNs: run.endNs });
  return trace;
}

/** The first event of `kind` (optionally by `node`), or undefined. */
export const first = (t: SentinelTrace, kind: string, node?: string) => t.events.find((e) => e.kind === kind && (node === undefined || e.node === node));
