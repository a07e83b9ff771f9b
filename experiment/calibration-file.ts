// `--calibration FILE` (run, sweep, validate): a file written by `cachetopo calibrate`, whose `set:`
// mapping holds scenario overrides (path → value, as --set takes them). A path starting with
// `topologies.*.` applies to every topology entry that has a Redis server (all kinds but
// local-only). The overrides come before the command line's --set, which can still change them.

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ScenarioError } from '../sim/scenario/scenario-error.js';

export function calibrationSets(calibrationFile: string | undefined, scenarioFile: string): string[] {
  if (calibrationFile === undefined) return [];
  const overrides = readYaml(calibrationFile, 'calibration') as { set?: Record<string, unknown> } | null;
  if (overrides === null || typeof overrides.set !== 'object' || overrides.set === null) {
    throw fileError(calibrationFile, 'expected a "set:" mapping of scenario paths to values (as written by cachetopo calibrate)');
  }
  const scenario = readYaml(scenarioFile, 'scenario') as { topologies?: { name?: string; kind?: string }[] } | null;
  const names = (scenario?.topologies ?? []).filter((t) => t.kind !== 'local-only').map((t) => String(t.name));
  return Object.entries(overrides.set).flatMap(([path, value]) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return path.startsWith('topologies.*.') ? names.map((n) => `topologies.${n}.${path.slice('topologies.*.'.length)}=${text}`) : [`${path}=${text}`];
  });
}

function readYaml(file: string, what: string): unknown {
  try {
    return parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw fileError(file, `cannot read the ${what}: ${(error as Error).message}`);
  }
}

function fileError(file: string, message: string): ScenarioError {
  return new ScenarioError([{ file, line: 0, column: 0, field: '', message }]);
}
