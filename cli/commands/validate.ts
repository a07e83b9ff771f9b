// `cachetopo validate <scenario>`: schema and unit checks only; nothing runs.

import { loadScenario } from '../../experiment/load-scenario.js';
import { scenarioHash } from '../../experiment/scenario-hash.js';
import { seedSets, type CommonRunArgs } from './run.js';

export function validateCommand(args: CommonRunArgs & { quiet: boolean }): number {
  const { scenario } = loadScenario(args.scenario, seedSets(args));
  if (!args.quiet) {
    process.stdout.write(`${args.scenario}: ok: scenario "${scenario.name}", ${scenario.topologies.length} topolog${scenario.topologies.length === 1 ? 'y' : 'ies'} ` +
      `(${scenario.topologies.map((t) => `${t.name}: ${t.kind}`).join(', ')}), hash ${scenarioHash(scenario)}\n`);
  }
  return 0;
}
