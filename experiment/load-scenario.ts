// Reads a scenario file, applies `--set path=value` overrides, validates it, and resolves defaults.
// Every problem becomes a ScenarioError naming file, line, field and what was expected. A workload
// trace is read here (see trace/workload-trace.ts).

import { readFileSync } from 'node:fs';
import { parseYaml, validateDocument } from '../sim/scenario/load-document.js';
import { ScenarioError } from '../sim/scenario/scenario-error.js';
import { setPath, SetPathError } from '../sim/scenario/set-path.js';
import { scenarioSchema, type Scenario } from '../models/scenario/scenario-schema.js';
import { readWorkloadTrace } from './trace/workload-trace.js';

export interface LoadedScenario {
  file: string;
  scenario: Scenario;
}

/** `sets` are "path=value" strings, applied in order. */
export function loadScenario(file: string, sets: readonly string[] = []): LoadedScenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ScenarioError([{ file, line: 0, column: 0, field: '', message: `cannot read the scenario: ${reason}` }]);
  }
  return parseScenario(text, file, sets);
}

export function parseScenario(text: string, file: string, sets: readonly string[] = []): LoadedScenario {
  const { data, doc, lines } = parseYaml(text, file);
  let overridden = data;
  for (const set of sets) {
    const eq = set.indexOf('=');
    try {
      if (eq <= 0) throw new SetPathError(`--set needs path=value, got "${set}"`);
      overridden = setPath(overridden, set.slice(0, eq), set.slice(eq + 1));
    } catch (error) {
      if (!(error instanceof SetPathError)) throw error;
      throw new ScenarioError([{ file, line: 0, column: 0, field: '', message: error.message }]);
    }
  }
  const scenario = validateDocument(scenarioSchema, overridden, file, doc, lines);
  readWorkloadTrace(scenario, { file, data: overridden, doc, lines });
  return { file, scenario };
}
