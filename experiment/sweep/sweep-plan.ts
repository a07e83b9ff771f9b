// What a sweep runs: axes (field path + values, from --vary or the scenario's `sweep:` block), their
// Cartesian product (first axis slowest) as points, and `replications` runs of every point. A run is
// a pure function of (scenario file, base --set overrides, the point's values, replication): the
// point's values become more overrides, and replication r uses the seed derived from the root seed
// and r whatever the point, so all points see the same random numbers (common random numbers).

import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import type { Scenario } from '../../models/scenario/scenario-schema.js';
import { loadScenario, type LoadedScenario, type SetInput } from '../load-scenario.js';
import { RESULTS_FORMAT } from '../results.js';

export interface SweepAxis {
  path: string;
  /** Values as YAML text, as they would be written after `--set path=`. */
  values: string[];
  /** The axis's index in the scenario's `sweep.vary` list, when it comes from there (not from --vary). */
  fromScenario?: number;
}

export interface SweepPoint {
  index: number;
  /** One value per axis. */
  values: string[];
  /** "path=value, path=value", for tables and messages. */
  label: string;
}

export interface SweepPlan {
  axes: SweepAxis[];
  points: SweepPoint[];
  replications: number;
  /** Identifies the sweep (scenario text, overrides, axes, replications, topologies): a resumed sweep must match it. */
  hash: string;
  /** The topologies run, by index (null: all). */
  topologies: number[] | null;
}

export class SweepPlanError extends Error {}

/** Parses `--vary path=v1,v2,…`; commas inside {…}, […] or quotes do not split values. */
export function parseVary(text: string): SweepAxis {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new SweepPlanError(`--vary needs path=v1,v2,…, got "${text}"`);
  const values: string[] = [];
  let depth = 0;
  let quote = '';
  let start = eq + 1;
  for (let i = start; i <= text.length; i++) {
    const c = text[i] ?? ',';
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      values.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (values.some((v) => v === '')) throw new SweepPlanError(`--vary ${text}: empty value`);
  return { path: text.slice(0, eq).trim(), values };
}

/** The axes of the scenario's `sweep:` block, values written back as YAML flow text (as one would type them). */
export function scenarioAxes(scenario: Scenario): SweepAxis[] {
  return (scenario.sweep?.vary ?? []).map((a, i) => ({
    path: a.path, values: a.values.map((v) => stringify(v, { collectionStyle: 'flow', lineWidth: 0 }).trim()), fromScenario: i,
  }));
}

/**
 * The plan of a sweep: its points and its hash, the identity of its stored runs (the results format,
 * the scenario's text, the overrides, the axes, the replications, the topologies, and `traceOf` each
 * point's trace file's digest, when a point reads one).
 */
export function sweepPlan(
  scenarioText: string, baseSets: readonly SetInput[], axes: readonly SweepAxis[], replications: number, topologies: readonly number[] | null = null,
  traceOf: (sets: SetInput[]) => string | null = () => null,
): SweepPlan {
  if (axes.length === 0) throw new SweepPlanError('nothing to sweep: give --vary path=v1,v2,… or a sweep: block in the scenario');
  const seen = new Set<string>();
  for (const a of axes) {
    if (seen.has(a.path)) throw new SweepPlanError(`--vary ${a.path} is given twice`);
    seen.add(a.path);
  }
  let combos: string[][] = [[]];
  for (const axis of axes) combos = combos.flatMap((c) => axis.values.map((v) => [...c, v]));
  const points = combos.map((values, index) => ({
    index, values, label: values.map((v, i) => `${axes[i]!.path}=${v}`).join(', '),
  }));
  const texts = baseSets.map((s) => (typeof s === 'string' ? s : s.text));
  const plan = { axes: [...axes], points, replications, hash: '', topologies: topologies === null ? null : [...topologies] };
  const traces = points.map((point) => traceOf(pointSets(plan, baseSets, point)));
  const identity = {
    format: RESULTS_FORMAT, scenarioText, baseSets: texts, axes: axes.map((a) => ({ path: a.path, values: a.values })), replications,
    ...(topologies === null ? {} : { topologies }), ...(traces.some((t) => t !== null) ? { traces } : {}),
  };
  return { ...plan, hash: createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 16) };
}

/** The overrides of one point: the base ones, then one per axis (located at its value in the file, or at its --vary). */
export function pointSets(plan: SweepPlan, baseSets: readonly SetInput[], point: SweepPoint): SetInput[] {
  return [...baseSets, ...plan.axes.map((a, i): SetInput => {
    const text = `${a.path}=${point.values[i]}`;
    const j = a.values.indexOf(point.values[i]!);
    return a.fromScenario === undefined ? { text, flag: `--vary ${text}` } : { text, origin: ['sweep', 'vary', a.fromScenario, 'values', j] };
  })];
}

/** Loads every point of the scenario's own `sweep:` block (none without one): a bad value there is bad input for any command. */
export function loadSweepPoints(loaded: LoadedScenario, baseSets: readonly SetInput[]): LoadedScenario[] {
  const axes = scenarioAxes(loaded.scenario);
  if (axes.length === 0) return [];
  const plan = sweepPlan('', baseSets, axes, 1);
  return plan.points.map((point) => loadScenario(loaded.file, pointSets(plan, baseSets, point)));
}
