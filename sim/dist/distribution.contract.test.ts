// One contract suite run against every distribution (pure-rand's shared property suite): the same
// seed gives the same draws, draws stay in the support, the sample mean of 200k draws is within
// 5 standard errors of `mean` where the variance is finite, and one property specific to each.

import { describe, expect, it } from 'vitest';
import { RngStreams, type Rng } from '../random/rng.js';
import { Constant } from './constant.js';
import type { Distribution } from './distribution.js';
import { Empirical } from './empirical.js';
import { Exponential } from './exponential.js';
import { Lognormal } from './lognormal.js';
import { Normal } from './normal.js';
import { Pareto } from './pareto.js';
import { Uniform } from './uniform.js';
import { Zipf } from './zipf.js';

const DRAWS = 200_000;

interface Case {
  name: string;
  make: () => Distribution;
  inSupport: (x: number) => boolean;
  /** The analytic variance; Infinity skips the sample-mean check. */
  variance: number;
  specific: { contract: string; check: (draws: Float64Array, dist: Distribution) => void };
}

function draw(dist: Distribution, rng: Rng, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = dist.sample(rng);
  return out;
}

const streamFor = (name: string): Rng => new RngStreams(1).stream(`contract/${name}`);

/** Asserts that `count` hits in `n` trials are within 5 binomial standard errors of probability p. */
function expectProportion(count: number, n: number, p: number): void {
  expect(Math.abs(count / n - p)).toBeLessThanOrEqual(5 * Math.sqrt((p * (1 - p)) / n));
}

const countWhere = (draws: Float64Array, predicate: (x: number) => boolean): number =>
  draws.reduce((c, x) => (predicate(x) ? c + 1 : c), 0);

/** Exact pmf of zipf over ranks 0..n-1. */
function zipfPmf(n: number, exponent: number): Float64Array {
  const pmf = Float64Array.from({ length: n }, (_, k) => Math.pow(k + 1, -exponent));
  const total = pmf.reduce((a, p) => a + p, 0);
  return pmf.map((p) => p / total);
}

function discreteVariance(values: ArrayLike<number>, pmf: ArrayLike<number>): number {
  let m1 = 0;
  let m2 = 0;
  for (let i = 0; i < pmf.length; i++) {
    m1 += values[i]! * pmf[i]!;
    m2 += values[i]! * values[i]! * pmf[i]!;
  }
  return m2 - m1 * m1;
}

/** The 0.999 quantile of chi-square with df degrees of freedom (Wilson–Hilferty, within 1 % for df ≥ 9). */
function chiSquare999(df: number): number {
  const c = 2 / (9 * df);
  return df * Math.pow(1 - c + 3.0902 * Math.sqrt(c), 3);
}

/**
 * Chi-square goodness of fit of zipf draws against the exact pmf, over the first 20 ranks plus one
 * bin for the rest when n > 20: the statistic stays below the 0.999 quantile.
 */
function expectZipfFit(draws: Float64Array, n: number, exponent: number): void {
  const pmf = zipfPmf(n, exponent);
  const bins = Math.min(n, 21);
  const counts = new Float64Array(bins);
  for (const x of draws) counts[Math.min(x, bins - 1)]!++;
  const expected = new Float64Array(bins);
  pmf.forEach((p, k) => (expected[Math.min(k, bins - 1)]! += p * draws.length));
  const statistic = counts.reduce((a, c, k) => a + (c - expected[k]!) ** 2 / expected[k]!, 0);
  expect(statistic).toBeLessThan(chiSquare999(bins - 1));
}

function zipfCase(n: number, exponent: number): Case {
  const ranks = Float64Array.from({ length: n }, (_, k) => k);
  return {
    name: `zipf(n=${n}, exponent=${exponent})`,
    make: () => new Zipf(n, exponent),
    inSupport: (x) => Number.isInteger(x) && x >= 0 && x < n,
    variance: discreteVariance(ranks, zipfPmf(n, exponent)),
    specific: n === 1
      ? { contract: 'always draws rank 0', check: (draws) => expect(draws.every((x) => x === 0)).toBe(true) }
      : { contract: 'fits the exact pmf (chi-square below its 0.999 quantile)', check: (draws) => expectZipfFit(draws, n, exponent) },
  };
}

const lognormalSigma = 0.5;
const empiricalValues = [1, 4, 16, 64, 256];
const empiricalWeights = [5, 3, 0, 1.5, 0.5];

const CASES: Case[] = [
  {
    name: 'const(5000)',
    make: () => new Constant(5000),
    inSupport: (x) => x === 5000,
    variance: 0,
    specific: {
      contract: 'draws nothing from the stream',
      check: (_, dist) => {
        let calls = 0;
        dist.sample(() => (calls++, 0.5));
        expect(calls).toBe(0);
      },
    },
  },
  {
    name: 'uniform(1000, 9000)',
    make: () => new Uniform(1000, 9000),
    inSupport: (x) => x >= 1000 && x < 9000,
    variance: 8000 ** 2 / 12,
    specific: {
      contract: 'reaches both ends of [min, max) and spreads evenly',
      check: (draws) => {
        expect(draws.reduce((a, x) => Math.min(a, x)) - 1000).toBeLessThan(1);
        expect(9000 - draws.reduce((a, x) => Math.max(a, x))).toBeLessThan(1);
        expectProportion(countWhere(draws, (x) => x < 3000), draws.length, 0.25);
      },
    },
  },
  {
    name: 'exponential(mean 10000)',
    make: () => new Exponential(10_000),
    inSupport: (x) => x >= 0 && Number.isFinite(x),
    variance: 10_000 ** 2,
    specific: {
      contract: 'exceeds its mean with probability e^-1',
      check: (draws) => expectProportion(countWhere(draws, (x) => x > 10_000), draws.length, Math.exp(-1)),
    },
  },
  {
    name: 'normal(mean 100, sd 10)',
    make: () => new Normal(100, 10),
    inSupport: (x) => x >= 0 && Number.isFinite(x),
    variance: 100,
    specific: {
      contract: 'falls within one sd of its mean with probability 0.6827',
      check: (draws) => expectProportion(countWhere(draws, (x) => Math.abs(x - 100) <= 10), draws.length, 0.682689492),
    },
  },
  {
    name: 'lognormal(median 1500, sigma 0.5)',
    make: () => new Lognormal(1500, lognormalSigma),
    inSupport: (x) => x > 0 && Number.isFinite(x),
    variance: (Math.exp(lognormalSigma ** 2) - 1) * Math.exp(2 * Math.log(1500) + lognormalSigma ** 2),
    specific: {
      contract: 'has a sample median within 5 standard errors of its median',
      check: (draws) => {
        const median = Float64Array.from(draws).sort()[draws.length / 2]!;
        const density = 1 / (1500 * lognormalSigma * Math.sqrt(2 * Math.PI));
        expect(Math.abs(median - 1500)).toBeLessThan(5 / (2 * density * Math.sqrt(draws.length)));
      },
    },
  },
  {
    name: 'pareto(scale 100, shape 3)',
    make: () => new Pareto(100, 3),
    inSupport: (x) => x >= 100 && Number.isFinite(x),
    variance: (100 ** 2 * 3) / ((3 - 1) ** 2 * (3 - 2)),
    specific: {
      contract: 'exceeds twice its scale with probability 2^-shape',
      check: (draws) => expectProportion(countWhere(draws, (x) => x > 200), draws.length, 2 ** -3),
    },
  },
  {
    name: 'pareto(scale 100, shape 0.8)',
    make: () => new Pareto(100, 0.8),
    inSupport: (x) => x >= 100,
    variance: Infinity,
    specific: {
      contract: 'has an infinite mean and exceeds twice its scale with probability 2^-shape',
      check: (draws, dist) => {
        expect(dist.mean).toBe(Infinity);
        expectProportion(countWhere(draws, (x) => x > 200), draws.length, 2 ** -0.8);
      },
    },
  },
  zipfCase(1, 0.99),
  zipfCase(10, 1.2),
  zipfCase(1000, 0),
  zipfCase(1000, 0.99),
  zipfCase(100, 1),
  zipfCase(50, 3),
  zipfCase(1_000_000, 0.8),
  {
    name: 'empirical(values 1…256, one weight 0)',
    make: () => new Empirical(empiricalValues, empiricalWeights),
    inSupport: (x) => empiricalValues.includes(x) && x !== 16,
    variance: discreteVariance(empiricalValues, empiricalWeights.map((w) => w / 10)),
    specific: {
      contract: 'draws each value with a frequency matching its weight',
      check: (draws) => {
        empiricalValues.forEach((v, i) => expectProportion(countWhere(draws, (x) => x === v), draws.length, empiricalWeights[i]! / 10));
      },
    },
  },
];

describe.each(CASES)('$name', ({ name, make, inSupport, variance, specific }) => {
  let cached: Float64Array | null = null;
  const draws = (): Float64Array => (cached ??= draw(make(), streamFor(name), DRAWS));

  it('gives the same draws for the same seed and path', () => {
    const dist = make();
    expect(draw(dist, streamFor(name), 1000)).toEqual(draw(dist, streamFor(name), 1000));
  });

  it('draws only values in its support', () => {
    const outside = draws().find((x) => !inSupport(x));
    expect(outside).toBeUndefined();
  });

  if (variance !== Infinity) {
    it('has a sample mean within 5 standard errors of `mean`', () => {
      const sample = draws();
      const sampleMean = sample.reduce((a, x) => a + x, 0) / sample.length;
      expect(Math.abs(sampleMean - make().mean)).toBeLessThanOrEqual(5 * Math.sqrt(variance / sample.length));
    });
  }

  it(specific.contract, () => {
    specific.check(draws(), make());
  });
});

describe('distribution constructors', () => {
  it.each([
    ['an exponential with mean 0', () => new Exponential(0)],
    ['a normal with sd < 0', () => new Normal(10, -1)],
    ['a normal with mean below its minimum', () => new Normal(-1, 1)],
    ['a lognormal with median 0', () => new Lognormal(0, 1)],
    ['a lognormal with sigma < 0', () => new Lognormal(1, -0.1)],
    ['a pareto with scale 0', () => new Pareto(0, 2)],
    ['a pareto with shape 0', () => new Pareto(1, 0)],
    ['a uniform with max < min', () => new Uniform(2, 1)],
    ['a zipf over 0 ranks', () => new Zipf(0, 1)],
    ['a zipf over 2.5 ranks', () => new Zipf(2.5, 1)],
    ['a zipf with exponent < 0', () => new Zipf(10, -1)],
    ['an empirical with no values', () => new Empirical([], [])],
    ['an empirical with fewer weights than values', () => new Empirical([1, 2], [1])],
    ['an empirical with a negative weight', () => new Empirical([1, 2], [2, -1])],
    ['an empirical with all weights 0', () => new Empirical([1, 2], [0, 0])],
    ['an empirical with an infinite weight', () => new Empirical([1, 2], [Infinity, 1])],
  ])('rejects %s with a RangeError', (_, build) => {
    expect(build).toThrow(RangeError);
  });
});

describe('Normal', () => {
  it('redraws values below its minimum, so a normal close to 0 never goes negative', () => {
    const draws = draw(new Normal(1, 2), streamFor('normal/truncated'), 50_000);
    expect(draws.every((x) => x >= 0)).toBe(true);
  });

  it('uses exactly two uniforms per untruncated draw, so stream use is fixed', () => {
    let calls = 0;
    const rng = streamFor('normal/calls');
    const dist = new Normal(0, 1, -Infinity);
    for (let i = 0; i < 100; i++) dist.sample(() => (calls++, rng()));
    expect(calls).toBe(200);
  });
});

describe('Zipf', () => {
  it('computes its mean rank from the exact pmf', () => {
    expect(new Zipf(4, 1).mean).toBeCloseTo((1 / 2 + 2 / 3 + 3 / 4) / (1 + 1 / 2 + 1 / 3 + 1 / 4), 12);
    expect(new Zipf(1000, 0).mean).toBeCloseTo(499.5, 9);
  });
});
