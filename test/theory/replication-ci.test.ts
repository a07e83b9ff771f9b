// Confidence intervals over replications: the textbook check of the interval code, and the M/M/1
// scenario's mean latency from 10 independent replications, whose interval must cover theory.

import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../experiment/load-scenario.js';
import { runScenario } from '../../experiment/run-scenario.js';
import { replicationInterval } from '../../reports/stats/replication-interval.js';
import { summarizePoint } from '../../reports/sweep/sweep-summary.js';

describe('replicationInterval', () => {
  // Student (1908), Biometrika 6(1): Cushny and Peebles' extra hours of sleep of 10 patients (R's
  // `sleep` data, paired differences). R's t.test gives mean 1.58 and the 95 % interval
  // [0.7001142, 2.4598858]; s = 1.2299955.
  it('reproduces the 95 % confidence interval of Student\'s sleep data', () => {
    const i = replicationInterval([1.2, 2.4, 1.3, 1.3, 0.0, 1.0, 1.8, 0.8, 4.6, 1.4]);
    expect(i.n).toBe(10);
    expect(i.mean).toBeCloseTo(1.58, 12);
    expect(i.sd!).toBeCloseTo(1.2299955, 6);
    expect(i.mean - i.halfWidth!).toBeCloseTo(0.7001142, 6);
    expect(i.mean + i.halfWidth!).toBeCloseTo(2.4598858, 6);
  });

  it('gives no spread and no interval for a single replication', () => {
    expect(replicationInterval([3])).toEqual({ n: 1, mean: 3, sd: null, halfWidth: null });
  });
});

// A 95 % interval misses the true value 1 time in 20 by design, so one interval proves little (the
// shipped mm1.yaml, root seed 1, 10 replications of 20 s: 100.75 ± 0.69 µs, just missing 100). The
// test checks coverage instead: 20 independent root seeds, 10 replications each; if the intervals
// were right, at least 16 of 20 would cover with probability 0.984 (binomial, p = 0.95).
describe('M/M/1 over 10 replications', () => {
  it('has 95 % confidence intervals of the mean latency that cover the analytic 1/(μ − λ) = 100 µs for at least 16 of 20 root seeds', () => {
    let covered = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const { scenario } = loadScenario('scenarios/mm1.yaml', ['duration=2500ms', 'warmup=500ms', 'drain=100ms', 'replications=10', `seed=${seed}`]);
      const mean = summarizePoint({ index: 0, values: [], label: '' }, runScenario(scenario).results).topologies[0]!.metrics.mean!;
      expect(mean.n).toBe(10);
      if (Math.abs(mean.mean - 0.1) <= mean.halfWidth!) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(16);
  });
});
