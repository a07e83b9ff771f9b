import { describe, expect, it } from 'vitest';
import { replicationSeed, RngStreams, type Rng } from './rng.js';

const draws = (rng: Rng, n = 1000): number[] => Array.from({ length: n }, () => rng());

describe('RngStreams', () => {
  it('gives identical sequences for the same root seed and path, even from two RngStreams', () => {
    const a = new RngStreams(42).stream('workload/arrivals');
    const b = new RngStreams(42).stream('workload/arrivals');
    expect(draws(a)).toEqual(draws(b));
  });

  it('gives independent generators: drawing from one stream does not move another on the same path', () => {
    const streams = new RngStreams(42);
    const first = streams.stream('server/primary-0/eviction');
    const second = streams.stream('server/primary-0/eviction');
    const fromFirst = draws(first, 50);
    expect(draws(second, 50)).toEqual(fromFirst);
  });

  it('gives different sequences for different paths', () => {
    const streams = new RngStreams(42);
    const paths = ['a', 'b', 'node[1]', 'node[2]', 'node[1]/x', ''];
    const firsts = new Set(paths.map((p) => streams.stream(p)()));
    expect(firsts.size).toBe(paths.length);
  });

  it('gives different sequences for different root seeds on the same path', () => {
    const firsts = new Set([0, 1, 2, 42, 2 ** 32 - 1].map((seed) => new RngStreams(seed).stream('workload')()));
    expect(firsts.size).toBe(5);
  });

  it('draws uniformly in [0, 1)', () => {
    const sample = draws(new RngStreams(7).stream('u'), 100_000);
    expect(sample.every((u) => u >= 0 && u < 1)).toBe(true);
    const mean = sample.reduce((a, u) => a + u, 0) / sample.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / sample.length));
  });
});

describe('replicationSeed', () => {
  it('keeps the scenario seed for replication 0', () => {
    for (const seed of [0, 1, 42, 123_456_789]) expect(replicationSeed(seed, 0)).toBe(seed);
  });

  it('gives each replication a different 32-bit root seed', () => {
    const seeds = Array.from({ length: 100 }, (_, r) => replicationSeed(42, r));
    expect(new Set(seeds).size).toBe(100);
    expect(seeds.every((s) => Number.isInteger(s) && s >= 0 && s < 2 ** 32)).toBe(true);
  });

  it('depends on the scenario seed', () => {
    expect(replicationSeed(1, 1)).not.toBe(replicationSeed(2, 1));
  });

  it('is stable across calls', () => {
    expect(replicationSeed(42, 3)).toBe(replicationSeed(42, 3));
  });

  // Non-regression: changing these values changes every replicated result; explain it in the commit.
  it('pins the replication seeds of seed 42 (non-regression)', () => {
    expect(replicationSeed(42, 1)).toBe(1019995309);
    expect(replicationSeed(42, 2)).toBe(3142715784);
  });
});
