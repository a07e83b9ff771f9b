import { describe, expect, it } from 'vitest';
import type { CollectedStats, OpStats } from '../../experiment/collect/run-collectors.js';
import { encodeHistogram, newLatencyHistogram } from '../../experiment/collect/latency-histogram.js';
import { judgeSlo, sloValue } from './slo.js';
import { parseSlo, SloError } from '../../models/scenario/slo-params.js';

/** An op's statistics: `latenciesNs` of its successful requests, `timeouts` failed ones. */
function op(latenciesNs: number[], timeouts = 0, reads = 0, stale = 0, unfinished = 0): OpStats {
  const h = newLatencyHistogram();
  for (const v of latenciesNs) h.recordValue(v);
  return { ok: latenciesNs.length, errors: timeouts > 0 ? { timeout: timeouts } : {}, unfinished, latency: encodeHistogram(h), hits: 0, reads, stale, retried: 0 };
}

function stats(ops: Record<string, OpStats>, lostWrites = 0): CollectedStats {
  return { ops, lostWrites } as unknown as CollectedStats;
}

const range = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

describe('parsing an SLO', () => {
  it('reads a percentile of every op, of a named op, and of the --op default', () => {
    expect(parseSlo('p99<=1ms')).toMatchObject({ metric: 'latency', op: null, percentile: 99, bound: 1e6 });
    expect(parseSlo('get:p99.9 <= 250us')).toMatchObject({ metric: 'latency', op: 'get', percentile: 99.9, bound: 250e3 });
    expect(parseSlo('p50<=2ms', 'set')).toMatchObject({ op: 'set' });
    expect(parseSlo('mget:p50<=2ms', 'set')).toMatchObject({ op: 'mget' });
  });

  it('reads shares as fractions or percentages, and lost writes as a count', () => {
    expect(parseSlo('errors<=0.1%').bound).toBeCloseTo(0.001, 12);
    expect(parseSlo('stale-reads<=0.02')).toMatchObject({ metric: 'stale-reads', bound: 0.02 });
    expect(parseSlo('lost-writes<=0')).toMatchObject({ metric: 'lost-writes', bound: 0 });
  });

  it.each([
    ['p99<1ms', /expected \[op:\]metric<=bound/],
    ['p100<=1ms', /above 0 and below 100/],
    ['p99<=1', /duration/],
    ['put:p99<=1ms', /unknown op "put"/],
    ['errors<=150%', /share from 0 to 1/],
    ['lost-writes<=0.5', /whole number/],
    ['get:lost-writes<=0', /not per op/],
    ['latency<=1ms', /unknown metric "latency"/],
  ])('refuses "%s" with one line saying why', (text, why) => {
    expect(() => parseSlo(text)).toThrow(SloError);
    expect(() => parseSlo(text)).toThrow(why);
  });
});

describe('measuring an SLO in one replication', () => {
  it('takes the percentile over every request of the ops, failed ones counting as slower than any bound', () => {
    const s = stats({ get: op(range(98, (i) => 1000 + i)), set: op([5000], 1) });
    // 100 requests: rank 99 is the 99th value when 1 of them failed; rank 100 would be the failure.
    // (HdrHistogram with 3 significant digits reports the top of the value's bucket: within 0.1 %.)
    expect(sloValue(parseSlo('p99<=1ms'), s)).toBeGreaterThanOrEqual(5000);
    expect(sloValue(parseSlo('p99<=1ms'), s)).toBeLessThanOrEqual(5005);
    expect(sloValue(parseSlo('p99.5<=1ms'), s)).toBe(Infinity);
    expect(sloValue(parseSlo('get:p50<=1ms'), s)).toBe(1048);
  });

  it('counts requests still unfinished at the end as failures of their own op (an overloaded op\'s p99 is infinite whether the SLO names it or not)', () => {
    const s = stats({ get: op(range(90, () => 1000), 5, 0, 0, 5), set: op(range(100, () => 1000)) });
    expect(sloValue(parseSlo('errors<=1%'), s)).toBeCloseTo(10 / 200, 12);
    expect(sloValue(parseSlo('get:errors<=1%'), s)).toBeCloseTo(10 / 100, 12);
    expect(sloValue(parseSlo('set:errors<=1%'), s)).toBe(0);
    expect(sloValue(parseSlo('get:p99<=1ms'), s)).toBe(Infinity);
  });

  it('gives stale reads as a share of keys read, and lost writes as the run counted them', () => {
    const s = stats({ get: op([1000], 0, 200, 3) }, 7);
    expect(sloValue(parseSlo('stale-reads<=0'), s)).toBeCloseTo(0.015, 12);
    expect(sloValue(parseSlo('lost-writes<=0'), s)).toBe(7);
  });
});

describe('judging an SLO over replications', () => {
  it('holds at the pessimistic end of the 95 % CI, not at the mean', () => {
    const reps = [900e3, 1000e3, 1100e3].map((v) => stats({ get: op(range(100, () => v)) }));
    const v = judgeSlo(parseSlo('p99<=1.05ms'), reps);
    expect(v.mean).toBeCloseTo(1000.0e3, -3);
    expect(v.halfWidth!).toBeGreaterThan(100e3);
    expect(v.holds).toBe(false);
    expect(judgeSlo(parseSlo('p99<=1.4ms'), reps).holds).toBe(true);
  });

  it('judges one replication by its value alone, and any infinite replication as missed', () => {
    expect(judgeSlo(parseSlo('p99<=1ms'), [stats({ get: op(range(100, () => 999e3)) })])).toMatchObject({ halfWidth: null, holds: true });
    const failing = stats({ get: op(range(90, () => 10), 10) });
    expect(judgeSlo(parseSlo('p99<=1ms'), [stats({ get: op(range(100, () => 10)) }), failing]).holds).toBe(false);
  });
});
