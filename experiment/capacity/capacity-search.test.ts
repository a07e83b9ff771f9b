import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CapacitySearch } from './capacity-search.js';

/** Runs a search against a system that meets its SLOs up to `capacity` requests/s. */
function search(start: number, capacity: number, precision: number, max = 1e9) {
  const s = new CapacitySearch({ startRatePerS: start, precision, maxRateLimitPerS: max });
  for (let rate = s.next(); rate !== null; rate = s.next()) s.record(rate <= capacity);
  return s.result();
}

describe('capacity search', () => {
  it('doubles from the start until a rate fails, then bisects: an exact trajectory', () => {
    const r = search(1000, 2600, 0.05);
    expect(r.probes.map((p) => [p.ratePerS, p.passed])).toEqual([
      [1000, true], [2000, true], [4000, false], [3000, false], [2500, true], [2750, false], [2625, false],
    ]);
    expect([r.maxRatePerS, r.failedRatePerS]).toEqual([2500, 2625]);
  });

  it('halves from a start that fails', () => {
    const r = search(1000, 300, 0.1);
    expect(r.probes.slice(0, 3).map((p) => p.ratePerS)).toEqual([1000, 500, 250]);
    expect(r.maxRatePerS).toBeLessThanOrEqual(300);
  });

  it('ends with the capacity inside a bracket narrower than the precision, from any start', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 10_000_000 }), fc.double({ min: 0.001, max: 0.5, noNaN: true }),
      (start, capacity, precision) => {
        const r = search(start, capacity, precision);
        expect(r.maxRatePerS).not.toBeNull();
        expect(r.maxRatePerS!).toBeLessThanOrEqual(capacity);
        expect(r.failedRatePerS!).toBeGreaterThan(capacity);
        expect(r.failedRatePerS! - r.maxRatePerS!).toBeLessThanOrEqual(Math.max(1, precision * r.maxRatePerS!));
        expect(new Set(r.probes.map((p) => p.ratePerS)).size).toBe(r.probes.length);
      },
    ));
  });

  it('reports a system that meets the SLOs at the highest rate allowed, and one that fails at 1/s', () => {
    expect(search(1000, Infinity, 0.02, 1e6)).toMatchObject({ maxRatePerS: 1e6, failedRatePerS: null });
    expect(search(1000, 0, 0.02)).toMatchObject({ maxRatePerS: null, failedRatePerS: 1 });
  });
});
