import { describe, expect, it } from 'vitest';
import { RngStreams } from '../../sim/random/rng.js';
import { standardNormal } from '../../sim/dist/normal.js';
import { Exponential } from '../../sim/dist/exponential.js';
import { batchMeans } from './batch-means.js';
import { tCritical95 } from './student-t.js';

describe('tCritical95', () => {
  it.each([[9, 2.262], [19, 2.093], [1, 12.706], [30, 2.042]])('equals the textbook two-sided 95 %% value for %i degrees of freedom', (df, t) => {
    expect(tCritical95(df)).toBeCloseTo(t, 3);
  });

  it('tends to the normal 1.960 for many degrees of freedom', () => {
    expect(tCritical95(1e6)).toBeCloseTo(1.96, 3);
  });
});

describe('batchMeans', () => {
  it('averages equal batches and reports the standard error of the batch averages', () => {
    const r = batchMeans([1, 2, 3, 4, 5, 6, 7, 8], 4);
    expect(r.batches).toBe(4);
    expect(r.mean).toBe(4.5);
    // batch averages 1.5, 3.5, 5.5, 7.5: sample variance 20/3, standard error sqrt(20/3)/2
    expect(r.standardError).toBeCloseTo(Math.sqrt(20 / 3) / 2, 12);
    expect(r.halfWidth95).toBeCloseTo(tCritical95(3) * Math.sqrt(20 / 3) / 2, 12);
  });

  it('ignores the values left over after the last whole batch', () => {
    expect(batchMeans([1, 2, 3, 4, 5, 6, 7, 8, 1000], 4).mean).toBe(4.5);
  });

  // Textbook example: Student (1908), "The probable error of a mean", Biometrika 6(1), Table I —
  // Cushny and Peebles' extra hours of sleep of 10 patients, laevo- minus dextro-hyoscyamine
  // (R's `sleep` data set). Student gives mean 1.58; with the n − 1 divisor s = 1.2300, so the 95 %
  // interval is 1.58 ± 2.262 · 1.2300 / √10 = [0.700, 2.460], as R's
  // t.test(extra ~ group, data = sleep, paired = TRUE) reports (0.7001142, 2.4598858, sign flipped).
  it('reproduces the 95 % confidence interval of Student\'s sleep data with one value per batch', () => {
    const differences = [1.2, 2.4, 1.3, 1.3, 0.0, 1.0, 1.8, 0.8, 4.6, 1.4];
    const r = batchMeans(differences, 10);
    expect(r.mean).toBeCloseTo(1.58, 12);
    expect(r.standardError * Math.sqrt(10)).toBeCloseTo(1.2300, 4);
    expect(r.mean - r.halfWidth95).toBeCloseTo(0.7001142, 6);
    expect(r.mean + r.halfWidth95).toBeCloseTo(2.4598858, 6);
  });

  it('gives a half-width that covers the true mean of an i.i.d. exponential series', () => {
    const rng = new RngStreams(3).stream('batch-means/exponential');
    const dist = new Exponential(2);
    const series = Float64Array.from({ length: 100_000 }, () => dist.sample(rng));
    const r = batchMeans(series, 20);
    expect(Math.abs(r.mean - 2)).toBeLessThan(r.halfWidth95);
    expect(r.halfWidth95).toBeLessThan(0.05);
  });

  it('covers the true mean of i.i.d. normal series in 95 % of 1000 replications (binomial ± 4 sd)', () => {
    const rng = new RngStreams(5).stream('batch-means/coverage');
    const series = new Float64Array(100);
    let covered = 0;
    for (let rep = 0; rep < 1000; rep++) {
      for (let i = 0; i < series.length; i++) series[i] = 10 + standardNormal(rng);
      const r = batchMeans(series, 20);
      if (Math.abs(r.mean - 10) <= r.halfWidth95) covered++;
    }
    const sd = Math.sqrt(0.95 * 0.05 * 1000);
    expect(covered).toBeGreaterThan(950 - 4 * sd);
    expect(covered).toBeLessThan(950 + 4 * sd);
  });

  it('gives NaN, not the statistics of the other batches, when a value is NaN', () => {
    const r = batchMeans([1, 2, Number.NaN, 4, 5, 6], 3);
    expect(r.mean).toBeNaN();
    expect(r.standardError).toBeNaN();
    expect(r.halfWidth95).toBeNaN();
  });

  it.each([
    [[1, 2, 3], 1],
    [[1, 2, 3], 4],
    [[1, 2, 3, 4], 2.5],
    [[], 2],
  ])('rejects %j split into %d batches with a RangeError', (series, batches) => {
    expect(() => batchMeans(series, batches)).toThrow(RangeError);
  });
});
