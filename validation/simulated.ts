// The simulator's side of an experiment: a scenario written inline (YAML, as a user would write it)
// with optional --set overrides, run for several replications with derived seeds; `observe` may
// subscribe to a run's signals before it starts.

import { buildRun, type BuiltRun } from '../experiment/build-run.js';
import { parseScenario } from '../experiment/load-scenario.js';
import type { CollectedStats } from '../reports/collect/run-collectors.js';
import { replicationSeed } from '../sim/random/rng.js';

export function simulate(name: string, yaml: string, replications: number, observe: (run: BuiltRun, replication: number) => void = () => {}, sets: string[] = []): CollectedStats[] {
  const { scenario } = parseScenario(yaml, `validation:${name}`, sets);
  return Array.from({ length: replications }, (_, r) => {
    const run = buildRun(scenario, 0, replicationSeed(scenario.seed, r));
    observe(run, r);
    run.start();
    run.engine.run({ untilNs: run.endNs });
    return run.collectors.result();
  });
}
