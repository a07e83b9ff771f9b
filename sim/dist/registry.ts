// Every distribution a scenario can name: one entry each (its parameters' schema and its
// constructor). The quantity (durations, sizes…) is supplied by the field that uses the
// distribution, so `{ lognormal: { median: 1.5KB, sigma: 0.5 } }` parses sizes where a size is meant.

import { z } from 'zod';
import type { Distribution } from './distribution.js';
import { Constant } from './constant.js';
import { Empirical } from './empirical.js';
import { Exponential } from './exponential.js';
import { Lognormal } from './lognormal.js';
import { Normal } from './normal.js';
import { Pareto } from './pareto.js';
import { Uniform } from './uniform.js';
import { Zipf } from './zipf.js';
import { real, type Quantity } from '../scenario/quantities.js';
import { strictObject } from '../scenario/strict.js';

export type DistributionSpec =
  | { kind: 'const'; value: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'exponential'; mean: number }
  | { kind: 'normal'; mean: number; sd: number }
  | { kind: 'lognormal'; median: number; sigma: number }
  | { kind: 'pareto'; scale: number; shape: number }
  | { kind: 'zipf'; exponent: number }
  | { kind: 'empirical'; values: number[]; weights: number[] };

export const DISTRIBUTIONS = {
  const: { help: 'always the same value', example: '{ const: 5us }' },
  uniform: { help: 'uniform on [min, max)', example: '{ uniform: { min: 1us, max: 9us } }' },
  exponential: { help: 'exponential with the given mean', example: '{ exponential: { mean: 10us } }' },
  normal: { help: 'normal(mean, sd), truncated at 0 by redrawing', example: '{ normal: { mean: 1KB, sd: 100B } }' },
  lognormal: { help: 'lognormal by median and sigma (sd of the log)', example: '{ lognormal: { median: 1.5KB, sigma: 0.5 } }' },
  pareto: { help: 'Pareto I: P(X > x) = (scale/x)^shape', example: '{ pareto: { scale: 100B, shape: 1.5 } }' },
  zipf: { help: 'zipf over N ranks (popularity only): P(k) ∝ k^-exponent', example: '{ zipf: 0.99 }' },
  empirical: { help: 'a table of values and weights (alias method)', example: '{ empirical: { values: [1KB, 4KB], weights: [0.9, 0.1] } }' },
} as const;

// Zipf draws ranks, not quantities: popularity parses it, so it is not offered here.
const QUANTITY_EXAMPLES = Object.entries(DISTRIBUTIONS).filter(([kind]) => kind !== 'zipf').map(([, d]) => d.example);
const oneOf = () => `expected a distribution: ${QUANTITY_EXAMPLES.join(', ')}`;

/** A bare value that is no quantity gets the quantity's own complaint (its unit), since a bare value means `{ const: value }`; anything else the list of distributions. */
function unionError(q: () => Quantity, input: unknown): string {
  if (typeof input === 'object' && input !== null) return oneOf();
  const parsed = q().safeParse(input);
  if (parsed.success) return oneOf();
  return `${parsed.error.issues[0]!.message.replace(/, got .*$/s, '')}, or a distribution (${Object.keys(DISTRIBUTIONS).filter((k) => k !== 'zipf').join(', ')}), got ${JSON.stringify(input)}`;
}

/** A positive quantity: a scale parameter of 0 makes every draw 0 (lognormal) or divides by it (pareto). */
const positive = (q: () => Quantity) => q().refine((v) => v > 0, 'expected a value > 0');

export interface DistributionBounds {
  /** The largest value a draw may reach (checked on the spec's 1 − 1e-9 quantile), and the limit in words. */
  max: { value: number; why: string };
}

/**
 * The value a draw exceeds with probability at most 1e-9 (exact maxima for bounded kinds): how
 * large a quantity a distribution can produce in a run of about a billion draws.
 */
export function tailBound(spec: DistributionSpec): number {
  const z = 6; // P(Z > 6) ≈ 1e-9 for a standard normal
  switch (spec.kind) {
    case 'const': return spec.value;
    case 'uniform': return spec.max;
    case 'empirical': return Math.max(...spec.values.filter((_, i) => spec.weights[i]! > 0));
    case 'exponential': return spec.mean * Math.log(1e9);
    case 'normal': return spec.mean + z * spec.sd;
    case 'lognormal': return spec.median * Math.exp(z * spec.sigma);
    case 'pareto': return spec.scale * 1e9 ** (1 / spec.shape);
    case 'zipf': return Infinity;
  }
}

/** Every quantity is an integer in a double: draws must stay within its exact range. */
const EXACT_RANGE: DistributionBounds = { max: { value: Number.MAX_SAFE_INTEGER, why: '2^53 (the exact range of the simulator\'s integers)' } };

/** The schema of a distribution over quantity `q`; a bare quantity means `{ const: q }`. */
export function distributionSchema(q: () => Quantity, bounds: DistributionBounds = EXACT_RANGE) {
  const union = z.union(
    [
      q().transform((value): DistributionSpec => ({ kind: 'const', value })),
      strictObject({ const: q() }).transform((p): DistributionSpec => ({ kind: 'const', value: p.const })),
      strictObject({ uniform: strictObject({ min: q(), max: q() }) })
        .refine((p) => p.uniform.max >= p.uniform.min, { error: 'expected max ≥ min', path: ['uniform', 'max'] })
        .transform((p): DistributionSpec => ({ kind: 'uniform', ...p.uniform })),
      strictObject({ exponential: strictObject({ mean: positive(q) }) })
        .transform((p): DistributionSpec => ({ kind: 'exponential', ...p.exponential })),
      strictObject({ normal: strictObject({ mean: q(), sd: q() }) })
        .transform((p): DistributionSpec => ({ kind: 'normal', ...p.normal })),
      strictObject({ lognormal: strictObject({ median: positive(q), sigma: real(0) }) })
        .transform((p): DistributionSpec => ({ kind: 'lognormal', ...p.lognormal })),
      strictObject({ pareto: strictObject({ scale: positive(q), shape: real(0).refine((a) => a > 0, 'expected a shape > 0') }) })
        .transform((p): DistributionSpec => ({ kind: 'pareto', ...p.pareto })),
      strictObject({ empirical: strictObject({ values: z.array(q()).min(1).max(100_000), weights: z.array(real(0, 1e300)).min(1).max(100_000) }) })
        .refine((p) => p.empirical.values.length === p.empirical.weights.length, {
          error: 'expected as many weights as values', path: ['empirical', 'weights'],
        })
        .refine((p) => p.empirical.weights.some((w) => w > 0), { error: 'expected at least one weight > 0', path: ['empirical', 'weights'] })
        .transform((p): DistributionSpec => ({ kind: 'empirical', ...p.empirical })),
    ],
    { error: (issue) => unionError(q, issue.input) },
  );
  const { max } = bounds;
  return union.refine((spec) => tailBound(spec) <= max.value, {
    error: (issue) => `expected values up to ${max.why}; this distribution reaches ${Math.round(tailBound(issue.input as DistributionSpec)).toExponential(2)} (its 1 − 1e-9 quantile)`,
  });
}

/** Builds the distribution a spec describes. Zipf needs the number of ranks `n`. */
export function createDistribution(spec: DistributionSpec, n = 0): Distribution {
  switch (spec.kind) {
    case 'const': return new Constant(spec.value);
    case 'uniform': return new Uniform(spec.min, spec.max);
    case 'exponential': return new Exponential(spec.mean);
    case 'normal': return new Normal(spec.mean, spec.sd);
    case 'lognormal': return new Lognormal(spec.median, spec.sigma);
    case 'pareto': return new Pareto(spec.scale, spec.shape);
    case 'zipf': return new Zipf(n, spec.exponent);
    case 'empirical': return new Empirical(spec.values, spec.weights);
  }
}
