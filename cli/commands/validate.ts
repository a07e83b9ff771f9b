// `cachetopo validate <scenario>`: the checks `run` and `sweep` make before any work (schema,
// units, SLOs that can be measured, every point of the scenario's sweep: block, the cost of a run against --max-events and
// --max-memory); nothing runs.

import { checkBudget } from '../../experiment/run-budget.js';
import { checkSlosMeasurable, loadScenario } from '../../experiment/load-scenario.js';
import { formatCount } from '../../experiment/run-cost.js';
import { scenarioHash } from '../../experiment/scenario-hash.js';
import { loadSweepPoints } from '../../experiment/sweep/sweep-plan.js';
import { budgetOf, seedSets, type CommonRunArgs } from './run.js';

export function validateCommand(args: CommonRunArgs & { quiet: boolean }): number {
  const budget = budgetOf(args);
  const sets = seedSets(args);
  const loaded = loadScenario(args.scenario, sets);
  const { scenario } = loaded;
  checkSlosMeasurable(loaded);
  const points = loadSweepPoints(loaded, sets);
  const cost = checkBudget({ points: [loaded], replications: scenario.replications }, budget);
  if (!args.quiet) {
    process.stdout.write(`${args.scenario}: ok: scenario "${scenario.name}", ${scenario.topologies.length} topolog${scenario.topologies.length === 1 ? 'y' : 'ies'} ` +
      `(${scenario.topologies.map((t) => `${t.name}: ${t.kind}`).join(', ')}), hash ${scenarioHash(scenario)}; ` +
      `about ${formatCount(cost.events)} events and ${(cost.bytes / 1e9).toFixed(1)} GB at most${points.length > 0 ? ` a run; its sweep: block has ${points.length} valid points` : ''}\n`);
  }
  return 0;
}
