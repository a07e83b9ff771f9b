// Origin pressure (scenarios/origin-stampede.yaml): a cold start, a mass expiry and the loss of the
// cache node each send a burst of misses to the origin; with at most 16 queries served at once
// (≈ 7,000 queries/s at ~2.3 ms each) the burst queues, and the time series shows origin load and
// latency climbing. Unloaded, the origin's p99 is 2 ms · e^(2.326 · 0.5) ≈ 6.4 ms.

import { describe, expect, it } from 'vitest';
import { buildRun } from '../../experiment/build-run.js';
import { loadScenario } from '../../experiment/load-scenario.js';
import type { TimeSeries } from '../../experiment/collect/time-series.js';

const UNLOADED_P99_MS = 2 * Math.exp(2.326 * 0.5);

function timeSeriesOf(topology: string, sets: string[] = []): TimeSeries {
  const { scenario } = loadScenario('scenarios/origin-stampede.yaml', sets);
  const run = buildRun(scenario, scenario.topologies.findIndex((t) => t.name === topology), scenario.seed);
  run.start();
  run.engine.run({ untilNs: run.endNs });
  return run.collectors.result().timeSeries;
}

/** Index of the bucket starting at `s` seconds (buckets of 0.5 s). */
const at = (s: number) => s * 2;

describe('origin stampede', () => {
  it('cold start: origin load in the first half second is over 3× that at the end, and its p99 is over 10× the unloaded p99', () => {
    const ts = timeSeriesOf('cold-start');
    expect(ts.bucketS).toBe(0.5);
    expect(ts.originQueriesPerS[0]!).toBeGreaterThan(3 * ts.originQueriesPerS[at(9.5)]!);
    expect(ts.originQueriesPerS[0]!).toBeGreaterThan(7_000);
    expect(ts.originLatencyP99Ms[0]!).toBeGreaterThan(10 * UNLOADED_P99_MS);
    expect(ts.originWaitMeanMs[0]!).toBeGreaterThan(10);
    expect(ts.originLatencyP99Ms[at(9.5)]!).toBeLessThan(2 * UNLOADED_P99_MS);
  });

  it('cold start without a concurrency limit: the same burst does not queue (origin p99 stays near the unloaded one)', () => {
    const ts = timeSeriesOf('cold-start', ['origin.maxConcurrency=1000000']);
    expect(ts.originQueriesPerS[0]!).toBeGreaterThan(7_000);
    expect(ts.originWaitMeanMs[0]).toBe(0);
    expect(ts.originLatencyP99Ms[0]!).toBeLessThan(1.1 * UNLOADED_P99_MS);
  });

  it('mass expiry: no origin query while the preloaded keys live, then a queueing burst in the bucket where their TTL fires', () => {
    const ts = timeSeriesOf('warm-mass-expiry');
    expect(ts.originQueries.slice(0, at(6))).toEqual(new Array(at(6)).fill(0));
    expect(ts.hitRatio.slice(0, at(6)).every((h) => h === 1)).toBe(true);
    expect(ts.originQueriesPerS[at(6)]!).toBeGreaterThan(7_000);
    expect(ts.originLatencyP99Ms[at(6)]!).toBeGreaterThan(10 * UNLOADED_P99_MS);
    expect(ts.hitRatio[at(6)]!).toBeLessThan(0.8);
    expect(ts.originQueriesPerS[at(9.5)]!).toBeLessThan(ts.originQueriesPerS[at(6)]! / 2);
  });

  it('node loss: once the node is down nothing more succeeds and refused requests fail at once; when the connections come back, the requests held meanwhile miss the empty node together and origin load exceeds the request rate', () => {
    const ts = timeSeriesOf('node-loss');
    expect(ts.originQueries.slice(0, at(3.5))).toEqual(new Array(at(3.5)).fill(0));
    expect(ts.ok[at(3)]).toBeLessThan(10);
    expect(ts.errors[at(3)]).toBeGreaterThan(1_000);
    expect(ts.errors.slice(at(3.5))).toEqual(new Array(ts.errors.length - at(3.5)).fill(0));
    expect(ts.originQueriesPerS[at(3.5)]!).toBeGreaterThan(20_000);
    expect(ts.originLatencyP99Ms[at(4.5)]!).toBeGreaterThan(100 * UNLOADED_P99_MS);
  });
});
