// When a run keeps a write ledger for topology `t` (models/replication/write-ledger.ts): wherever a
// key may be read from a copy that missed a write. Behind an L1; with faults or operations that
// apply to the topology (a restart from persistence, an ejected server's return, keys that move);
// replicated topologies keep their own. Shared by the run's builder and its cost estimate.

import { faultApplies } from '../models/faults/fault-injector.js';
import { operationTopology } from '../models/operations/schedule-operations.js';
import type { Scenario } from '../models/scenario/scenario-schema.js';

export function runKeepsLedger(scenario: Scenario, t: Scenario['topologies'][number]): boolean {
  return ('l1' in t && t.l1 !== undefined) || scenario.faults.some((f) => faultApplies(f, t.name))
    || scenario.operations.some((o) => operationTopology(o) === t.name);
}
