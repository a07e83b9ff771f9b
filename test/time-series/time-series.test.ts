// The time-series collector on hand-emitted signals: exact counts per bucket, percentiles from
// HdrHistogram (≤ 0.1 % error), origin queries by arrival, cache write-backs left out.

import { describe, expect, it } from 'vitest';
import { SignalBus } from '../../sim/signal/signal.js';
import {
  Op, ORIGIN_QUERY, Outcome, REQUEST_DONE, REQUEST_ISSUED, type OriginQuery, type RequestDone, type RequestIssued,
} from '../../models/signals.js';
import { BucketQuantiles } from '../../experiment/collect/bucket-quantiles.js';
import { TimeSeriesCollector } from '../../experiment/collect/time-series.js';

const MS = 1e6;
const S = 1e9;

/** HdrHistogram with 3 significant digits: within 0.1 % (null stays null). */
function near(actual: (number | null)[], expected: (number | null)[]): void {
  expect(actual.map((a) => a === null)).toEqual(expected.map((e) => e === null));
  actual.forEach((a, i) => { if (a !== null) expect(Math.abs(a / expected[i]! - 1)).toBeLessThan(1e-3); });
}

function setUp(bucketNs: number, runNs: number) {
  const bus = new SignalBus();
  const ts = new TimeSeriesCollector(bus, bucketNs, runNs, () => 0);
  const done = (r: Partial<RequestDone>) => bus.signal<RequestDone>(REQUEST_DONE).emit({
    op: Op.get, outcome: Outcome.ok, startNs: 0, endNs: 0, hits: 1, reads: 1, stale: 0, attempts: 1, l1Hits: 0, host: 0, ...r,
  });
  const query = (r: OriginQuery) => bus.signal<OriginQuery>(ORIGIN_QUERY).emit(r);
  const issued = (startNs: number) => bus.signal<RequestIssued>(REQUEST_ISSUED).emit({ startNs, op: Op.get });
  return { ts, done, query, issued };
}

describe('time series', () => {
  it('counts requests in the bucket where they finish, with hits, stale reads and errors, and leaves write-backs out', () => {
    const { ts, done, issued } = setUp(S, 3 * S);
    issued(0.2 * S); issued(0.9 * S); issued(1.5 * S);
    done({ startNs: 0.2 * S, endNs: 0.2 * S + 1 * MS, hits: 1, reads: 1 });
    done({ startNs: 0.9 * S, endNs: 1.1 * S, hits: 0, reads: 1, stale: 0 });
    done({ startNs: 1.5 * S, endNs: 1.6 * S, hits: 3, reads: 4, stale: 2 });
    done({ startNs: 1.6 * S, endNs: 1.7 * S, outcome: Outcome.timeout, hits: 0, reads: 0 });
    done({ op: Op.populate, startNs: 1.6 * S, endNs: 1.7 * S, hits: 0, reads: 0 });
    const r = ts.result();
    expect(r.startS).toEqual([0, 1, 2]);
    expect(r.issued).toEqual([2, 1, 0]);
    expect(r.ok).toEqual([1, 2, 0]);
    expect(r.errors).toEqual([0, 1, 0]);
    expect([r.reads, r.hits, r.stale]).toEqual([[1, 5, 0], [1, 3, 0], [0, 2, 0]]);
    expect(r.hitRatio).toEqual([1, 0.6, null]);
    near(r.latencyP50Ms, [1, 100, null]);
  });

  it('gives each bucket the percentiles of its own latencies', () => {
    const { ts, done } = setUp(S, 2 * S);
    for (let i = 1; i <= 100; i++) done({ startNs: 0.5 * S - i * MS, endNs: 0.5 * S });
    for (let i = 1; i <= 100; i++) done({ startNs: 1.5 * S - 10 * i * MS, endNs: 1.5 * S });
    const r = ts.result();
    near(r.latencyP50Ms, [50, 500]);
    near(r.latencyP99Ms, [99, 990]);
  });

  it('puts origin queries in the bucket of their arrival, with mean and p99 latency from arrival and mean queue wait', () => {
    const { ts, query } = setUp(100 * MS, 300 * MS);
    query({ arrivalNs: 10 * MS, startNs: 10 * MS, endNs: 12 * MS, keys: 1 });
    query({ arrivalNs: 20 * MS, startNs: 30 * MS, endNs: 34 * MS, keys: 1 });
    query({ arrivalNs: 90 * MS, startNs: 150 * MS, endNs: 160 * MS, keys: 1 });
    query({ arrivalNs: 210 * MS, startNs: 210 * MS, endNs: 213 * MS, keys: 2 });
    const r = ts.result();
    expect(r.originQueries).toEqual([3, 0, 1]);
    expect(r.originQueriesPerS).toEqual([30, 0, 10]);
    expect(r.originLatencyMeanMs).toEqual([(2 + 14 + 70) / 3, null, 3].map((x) => (x === null ? null : Math.round(x * 1e3) / 1e3)));
    expect(r.originWaitMeanMs).toEqual([(0 + 10 + 60) / 3, null, 0].map((x) => (x === null ? null : Math.round(x * 1e3) / 1e3)));
    near(r.originLatencyP99Ms, [70, null, 3]);
  });

  it('puts what happens at or after the end of the run in the last bucket', () => {
    const { ts, done } = setUp(S, 2.5 * S);
    done({ startNs: 2.4 * S, endNs: 2.5 * S });
    done({ startNs: 2.4 * S, endNs: 4 * S });
    expect(ts.result().ok).toEqual([0, 0, 2]);
  });
});

describe('bucket percentiles', () => {
  it('keeps one histogram open for values in bucket order, and refuses a value for a bucket already closed', () => {
    const q = new BucketQuantiles(4, [50], 'test');
    q.record(0, 10);
    q.record(2, 30);
    q.record(2, 50);
    expect(() => q.record(1, 20)).toThrow(/test: value for bucket 1 after bucket 1 was closed/);
    q.closeBefore(Infinity);
    expect([...q.values[0]!]).toEqual([10, NaN, 30, NaN]);
  });
});
