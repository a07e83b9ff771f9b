import { describe, expect, it } from 'vitest';
import { durationNs, sizeBytes } from '../scenario/quantities.js';
import { Constant } from './constant.js';
import { Empirical } from './empirical.js';
import { Exponential } from './exponential.js';
import { Lognormal } from './lognormal.js';
import { Normal } from './normal.js';
import { Pareto } from './pareto.js';
import { createDistribution, DISTRIBUTIONS, distributionSchema, type DistributionSpec } from './registry.js';
import { Uniform } from './uniform.js';
import { Zipf } from './zipf.js';

describe('createDistribution', () => {
  it.each<[DistributionSpec, abstract new (...args: never[]) => object, Record<string, number>]>([
    [{ kind: 'const', value: 5000 }, Constant, { value: 5000, mean: 5000 }],
    [{ kind: 'uniform', min: 1, max: 9 }, Uniform, { min: 1, max: 9, mean: 5 }],
    [{ kind: 'exponential', mean: 10 }, Exponential, { mean: 10 }],
    [{ kind: 'normal', mean: 100, sd: 10 }, Normal, { mean: 100, sd: 10, min: 0 }],
    [{ kind: 'lognormal', median: 1500, sigma: 0.5 }, Lognormal, { median: 1500, sigma: 0.5 }],
    [{ kind: 'pareto', scale: 100, shape: 3 }, Pareto, { scale: 100, shape: 3, mean: 150 }],
    [{ kind: 'empirical', values: [1, 3], weights: [1, 1] }, Empirical, { mean: 2 }],
  ])('builds %j with its parameters', (spec, type, fields) => {
    const dist = createDistribution(spec);
    expect(dist).toBeInstanceOf(type);
    expect(dist).toMatchObject(fields);
  });

  it('builds a zipf over the n ranks it is given', () => {
    const dist = createDistribution({ kind: 'zipf', exponent: 0.99 }, 1000);
    expect(dist).toBeInstanceOf(Zipf);
    expect(dist).toMatchObject({ n: 1000, exponent: 0.99 });
  });

  it('has a help line and an example for every kind it builds', () => {
    expect(Object.keys(DISTRIBUTIONS).sort()).toEqual(
      ['const', 'empirical', 'exponential', 'lognormal', 'normal', 'pareto', 'uniform', 'zipf'],
    );
  });
});

describe('distributionSchema', () => {
  it('parses a lognormal over sizes, reading the median with its unit', () => {
    expect(distributionSchema(sizeBytes).parse({ lognormal: { median: '1.5KB', sigma: 0.5 } }))
      .toEqual({ kind: 'lognormal', median: 1500, sigma: 0.5 });
  });

  it('reads a bare quantity as a constant', () => {
    expect(distributionSchema(durationNs).parse('5us')).toEqual({ kind: 'const', value: 5000 });
  });

  it.each<[unknown, DistributionSpec]>([
    [{ const: '2ms' }, { kind: 'const', value: 2e6 }],
    [{ uniform: { min: '1us', max: '9us' } }, { kind: 'uniform', min: 1000, max: 9000 }],
    [{ exponential: { mean: '10us' } }, { kind: 'exponential', mean: 10_000 }],
    [{ normal: { mean: '1ms', sd: '100us' } }, { kind: 'normal', mean: 1e6, sd: 1e5 }],
    [{ pareto: { scale: '100us', shape: 1.5 } }, { kind: 'pareto', scale: 100_000, shape: 1.5 }],
    [{ empirical: { values: ['1us', '4us'], weights: [0.9, 0.1] } }, { kind: 'empirical', values: [1000, 4000], weights: [0.9, 0.1] }],
  ])('parses %j over durations', (input, spec) => {
    expect(distributionSchema(durationNs).parse(input)).toEqual(spec);
  });

  it('offers every quantity distribution, and not zipf, when the input is none of them', () => {
    const result = distributionSchema(durationNs).safeParse({ zipf: 0.99 });
    expect(result.success).toBe(false);
    const message = result.error!.issues[0]!.message;
    for (const kind of ['const', 'uniform', 'exponential', 'normal', 'lognormal', 'pareto', 'empirical']) expect(message).toContain(`{ ${kind}:`);
    expect(message).not.toContain('zipf');
  });

  it.each([
    ['a uniform with max < min', { uniform: { min: '9us', max: '1us' } }],
    ['an empirical with more values than weights', { empirical: { values: ['1us', '2us'], weights: [1] } }],
    ['a quantity in the wrong unit', { exponential: { mean: '10KB' } }],
    ['an unknown kind', { gamma: { shape: 2 } }],
    ['an unknown parameter', { exponential: { mean: '1us', sd: '1us' } }],
  ])('rejects %s', (_, input) => {
    expect(distributionSchema(durationNs).safeParse(input).success).toBe(false);
  });
});
