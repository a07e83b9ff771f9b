// One row of a validation table: a quantity measured on real Redis and simulated by cachetopo
// configured the same way, each over several replications (or nodes), with the relative error of
// the simulated mean and whether it meets the acceptance bound.

import { deviation, mean } from 'd3-array';
import type { FailoverPhase } from '../reports/failover-timeline.js';
import type { Phases } from './simulated.js';

export interface Comparison {
  /** Point of the experiment, e.g. "T = 1.5 s". */
  point: string;
  metric: string;
  unit: string;
  real: number[];
  sim: number[];
  /** Acceptance: |relative error| ≤ bound (0.2 = ±20 %), or 'exact' (means equal after rounding to `digits`), or null (reported only). */
  bound: number | 'exact' | null;
  digits: number;
  /** Why the bound cannot be judged on this machine now (e.g. other programs kept the cores busy); the values are still reported. */
  unjudged?: string;
}

export interface Summary {
  mean: number | null;
  sd: number | null;
  n: number;
}

export function summary(values: readonly number[]): Summary {
  return { mean: values.length > 0 ? mean(values)! : null, sd: values.length > 1 ? deviation(values)! : null, n: values.length };
}

export function relativeError(c: Comparison): number | null {
  const r = summary(c.real).mean;
  const s = summary(c.sim).mean;
  return r === null || s === null || r === 0 ? null : (s - r) / r;
}

export function passes(c: Comparison): boolean | null {
  if (c.bound === null || c.unjudged !== undefined) return null;
  const r = summary(c.real).mean;
  const s = summary(c.sim).mean;
  if (r === null || s === null) return false;
  if (c.bound === 'exact') return r.toFixed(c.digits) === s.toFixed(c.digits);
  return Math.abs((s - r) / r) <= c.bound;
}

/** One row per failover phase at `point`: seconds after the fault, real vs simulated, ±20 %. */
export function phaseRows(point: string, phases: readonly (readonly [FailoverPhase, string])[], real: readonly Phases[], sim: readonly Phases[]): Comparison[] {
  return phases.map(([phase, metric]) => ({
    point, metric, unit: 's', real: real.flatMap((p) => p[phase] ?? []), sim: sim.flatMap((p) => p[phase] ?? []), bound: 0.2, digits: 3,
  }));
}
