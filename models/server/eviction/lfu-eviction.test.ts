import { describe, expect, it } from 'vitest';
import { RngStreams } from '../../../sim/random/rng.js';
import { Keyspace } from '../keyspace.js';
import { LfuEviction } from './lfu-eviction.js';

function counterAfter(hits: number, logFactor: number, seed = 3): number {
  const keyspace = new Keyspace(1, 0, { withExpiry: false, withPolicyWord: true });
  keyspace.set(0, 10, 0);
  const lfu = new LfuEviction(keyspace, new RngStreams(seed).stream('lfu'), 5, logFactor, 1);
  lfu.inserted(0, 0);
  for (let i = 0; i < hits; i++) lfu.touch(0, 0);
  return lfu.frequency(0, 0);
}

describe('LfuEviction counter', () => {
  // Redis's documentation (eviction, "lfu-log-factor") tabulates the counter after N hits. The
  // counter is a random walk, so the mean over 20 seeds is compared.
  it.each([
    [10, 1_000, 18], [10, 100_000, 142], [100, 100_000, 49], [1, 1_000, 49],
  ])('with log factor %i reaches on average the documented counter after %i hits (%i)', (factor, hits, documented) => {
    const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
    const mean = seeds.reduce((a, seed) => a + counterAfter(hits, factor, seed), 0) / seeds.length;
    expect(Math.abs(mean - documented) / documented).toBeLessThan(0.06);
  });

  it('saturates at 255', () => {
    expect(counterAfter(2_000_000, 10)).toBe(255);
  });

  it('decays by one per lfu-decay-time minutes without access', () => {
    const keyspace = new Keyspace(1, 0, { withExpiry: false, withPolicyWord: true });
    keyspace.set(0, 10, 0);
    const lfu = new LfuEviction(keyspace, new RngStreams(3).stream('lfu'), 5, 0, 2);
    lfu.inserted(0, 0);
    for (let i = 0; i < 20; i++) lfu.touch(0, 0);
    expect(lfu.frequency(0, 0)).toBe(25);
    expect(lfu.frequency(0, 5 * 60e9)).toBe(23);
  });
});
