// Test support: a 3-primary cluster (no replicas) and one application host, subscribed on
// primary-0 (an L1 with pub/sub invalidation), that SETs keys of one slot of primary-1 evenly
// spaced: primary-1 publishes each and relays it to the other nodes over the bus.

import { buildRun, type BuiltRun } from '../../experiment/build-run.js';
import { parseScenario } from '../../experiment/load-scenario.js';
import { keySlot } from '../../models/cluster/key-slot.js';

export interface RelayOptions {
  setsPerS: number;
  durationS: number;
  drainS: number;
  /** One-way latency in one zone, as a scenario duration. */
  latency: string;
  keys: number;
  /** The servers' cost.perKey, as a scenario duration (default: the model's). */
  perKey?: string;
  faults?: string[];
}

/** The relay run, built and not yet started. */
export function relayRun(o: RelayOptions): BuiltRun {
  let tag = 0;
  while (keySlot(`{r${tag}}:key:0`) < 6000 || keySlot(`{r${tag}}:key:0`) > 10_000) tag++;
  const server = o.perKey === undefined ? '' : `server: { cost: { perKey: ${o.perKey} } }, `;
  const { scenario } = parseScenario(`
name: relay
seed: 1
duration: ${o.durationS}s
warmup: 0s
drain: ${o.drainS}s
network: { bandwidth: unlimited, latency: { sameZone: ${o.latency} } }
workload:
  keys: ${o.keys}
  valueSize: 100B
  hashTag: { tag: r${tag}, keys: 1 }
  popularity: uniform
  mix: { get: 0, set: 1 }
  arrival: { rate: ${o.setsPerS}/s, process: uniform }
  readThrough: false
  clients: { hosts: 1 }
topologies:
  - { name: c, kind: cluster, primaries: 3, replicasPerPrimary: 0, ${server}l1: { entries: 100, invalidation: { mode: pubsub } } }
faults: [${(o.faults ?? []).join(', ')}]
`, 'relay');
  return buildRun(scenario, 0, 1);
}
