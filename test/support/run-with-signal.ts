// Test support: runs one topology of a scenario (given as a file plus overrides) and hands every
// record of one signal to a callback, copying nothing the caller does not copy itself.

import { buildRun } from '../../experiment/build-run.js';
import { loadScenario } from '../../experiment/load-scenario.js';
import type { Scenario } from '../../models/scenario/scenario-schema.js';

export function runWithSignal<T>(file: string, sets: string[], signal: string, listener: (record: T) => void, topology = 0): Scenario {
  const { scenario } = loadScenario(file, sets);
  const run = buildRun(scenario, topology, scenario.seed);
  run.bus.signal<T>(signal).subscribe(listener);
  run.start();
  run.engine.run({ untilNs: run.endNs });
  return scenario;
}
