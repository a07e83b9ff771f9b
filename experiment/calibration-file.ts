// `--calibration FILE` (run, sweep, validate): a file written by `cachetopo calibrate`, whose `set:`
// mapping holds scenario overrides (path → value, as --set takes them). A path starting with
// `topologies.*.` applies to every topology entry that has a Redis server (all kinds but
// local-only). The overrides come before the command line's --set, which can still change them.

import { parse } from 'yaml';
import { ScenarioError } from '../sim/scenario/scenario-error.js';
import { parseYaml } from '../sim/scenario/load-document.js';
import { readScenarioText } from './load-scenario.js';

export function calibrationSets(calibrationFile: string | undefined, scenarioFile: string): string[] {
  if (calibrationFile === undefined) return [];
  const overrides = readYaml(calibrationFile, 'calibration') as { set?: Record<string, unknown> } | null;
  if (overrides === null || typeof overrides.set !== 'object' || overrides.set === null) {
    throw fileError(calibrationFile, 'expected a "set:" mapping of scenario paths to values (as written by cachetopo calibrate)');
  }
  const topologies = scenarioTopologies(scenarioFile);
  const names = topologies.filter((t) => t.kind !== 'local-only').map((t) => String(t.name));
  return Object.entries(overrides.set).flatMap(([path, value]) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return path.startsWith('topologies.*.') ? names.map((n) => `topologies.${n}.${path.slice('topologies.*.'.length)}=${text}`) : [`${path}=${text}`];
  });
}

/** The scenario's topology entries as written, or none when it cannot be read (its own problems are reported when it is loaded). */
function scenarioTopologies(file: string): { name?: string; kind?: string }[] {
  try {
    const data = parse(readScenarioText(file)) as { topologies?: unknown } | null;
    const list = Array.isArray(data?.topologies) ? (data.topologies as unknown[]) : [];
    return list.filter((t): t is { name?: string; kind?: string } => typeof t === 'object' && t !== null);
  } catch {
    return [];
  }
}

/** The file's data; a ScenarioError that names the file (and the line and column of a YAML error) and the file's role. */
function readYaml(file: string, what: string): unknown {
  return parseYaml(readScenarioText(file, what), file).data;
}

function fileError(file: string, message: string): ScenarioError {
  return new ScenarioError([{ file, line: 0, column: 0, field: '', message }]);
}
