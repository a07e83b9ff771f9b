// Validity layer 1: the whole model stack (workload → client → network → server executor), set up
// as a single queue, reproduces queueing theory. Mean sojourn times are compared with the analytic
// value in units of batch-means standard errors (20 batches), as the simulation literature does.

import { describe, expect, it } from 'vitest';
import { REQUEST_DONE, type RequestDone } from '../../models/signals.js';
import { batchMeans } from '../../reports/stats/batch-means.js';
import { runWithSignal } from '../support/run-with-signal.js';

const MM1 = 'scenarios/mm1.yaml';
const SERVICE_MEAN_S = 10e-6;

function sojournSeries(sets: string[]): number[] {
  const sojourns: number[] = [];
  runWithSignal<RequestDone>(MM1, sets, REQUEST_DONE, (r) => {
    if (r.startNs >= 1e9) sojourns.push((r.endNs - r.startNs) / 1e9);
  });
  return sojourns;
}

describe('an open-loop single server', () => {
  it.each([0.5, 0.9])('reproduces the M/M/1 mean sojourn 1/(μ−λ) within 3 standard errors at ρ = %s', (rho) => {
    const mu = 1 / SERVICE_MEAN_S;
    const lambda = rho * mu;
    const series = sojournSeries([`workload.arrival.rate=${lambda}/s`, 'duration=21s']);
    const { mean, standardError } = batchMeans(series, 20);
    const theory = 1 / (mu - lambda);
    expect(Math.abs(mean - theory)).toBeLessThan(3 * standardError);
    expect(standardError / theory).toBeLessThan(0.03);
  });

  it.each([0.5, 0.9])('reproduces the M/D/1 mean sojourn of Pollaczek–Khinchine within 3 standard errors at ρ = %s', (rho) => {
    const mu = 1 / SERVICE_MEAN_S;
    const lambda = rho * mu;
    const series = sojournSeries([
      `workload.arrival.rate=${lambda}/s`, 'duration=21s', 'topologies.mm1.server.serviceTime=10us',
    ]);
    const { mean, standardError } = batchMeans(series, 20);
    const theory = rho / (2 * mu * (1 - rho)) + 1 / mu;
    expect(Math.abs(mean - theory)).toBeLessThan(3 * standardError);
    expect(standardError / theory).toBeLessThan(0.03);
  });
});

describe('a closed loop of N connections', () => {
  it("obeys Little's law X = N / (R + Z) within 1 %", () => {
    const users = 40;
    const thinkS = 1e-3;
    let count = 0;
    let totalResponseS = 0;
    const fromNs = 2e9;
    const toNs = 12e9;
    runWithSignal<RequestDone>(MM1, [
      `workload.arrival={connections: ${users}, think: {exponential: {mean: 1ms}}}`,
      'duration=12s', 'warmup=2s', 'topologies.mm1.server.serviceTime={exponential: {mean: 20us}}',
      'network.latency.sameZone={lognormal: {median: 50us, sigma: 0.3}}', 'network.bandwidth=10Gbps',
    ], REQUEST_DONE, (r) => {
      if (r.endNs >= fromNs && r.endNs < toNs) {
        count++;
        totalResponseS += (r.endNs - r.startNs) / 1e9;
      }
    });
    const throughput = count / ((toNs - fromNs) / 1e9);
    const meanResponseS = totalResponseS / count;
    const predicted = users / (meanResponseS + thinkS);
    expect(Math.abs(throughput - predicted) / predicted).toBeLessThan(0.01);
    expect(meanResponseS).toBeGreaterThan(100e-6);
  });
});
