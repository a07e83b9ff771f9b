// The results of running a scenario, as every report reads them and results.json holds them: per
// topology, per replication, the run's collected statistics, with the header that identifies the
// scenario. Its own module, so reports depend on the results and not on the code that runs them.

import type { Scenario } from '../models/scenario/scenario-schema.js';
import type { CollectedStats } from './collect/run-collectors.js';
import { scenarioHash } from './scenario-hash.js';

/**
 * 3: each op's unfinished requests, stale reads measured wherever faults or operations apply, the
 * Sentinel client's connect per question (a stored probe or sweep run of format 2 is not reused);
 * 2: per-server, per-host and resource accounting, latency intervals (format 1 lacks them; all are read).
 */
export const RESULTS_FORMAT = 3;

export interface ReplicationResult {
  replication: number;
  seed: number;
  events: number;
  nodes: number;
  stats: CollectedStats;
}

export interface TopologyResult {
  name: string;
  kind: string;
  replications: ReplicationResult[];
}

export interface ScenarioResults {
  format: number;
  scenario: { name: string; description: string; hash: string };
  seed: number;
  loop: 'open' | 'closed';
  resolved: Scenario;
  topologies: TopologyResult[];
}

/** What identifies a scenario's results, whatever runs they hold. */
export function scenarioHeader(scenario: Scenario): Omit<ScenarioResults, 'topologies'> {
  return {
    format: RESULTS_FORMAT,
    scenario: { name: scenario.name, description: scenario.description, hash: scenarioHash(scenario) },
    seed: scenario.seed,
    loop: scenario.workload.arrival.kind,
    resolved: scenario,
  };
}
