// Validity: the policies' hit counts on a fixed trace equal those of reference implementations
// written here independently (plain arrays, O(n) per request, obviously correct), and LRU hit ratios
// on Zipf (IRM) traces agree with Che's approximation within 0.005.

import { describe, expect, it } from 'vitest';
import { access } from '../../models/cache/cache-policy.js';
import { CACHE_POLICIES } from '../../models/cache/policy-registry.js';
import { Zipf } from '../../sim/dist/zipf.js';
import { RngStreams } from '../../sim/random/rng.js';

function zipfTrace(keys: number, exponent: number, length: number, seed: number): Int32Array {
  const zipf = new Zipf(keys, exponent);
  const rng = new RngStreams(seed).stream('trace');
  return Int32Array.from({ length }, () => zipf.sample(rng));
}

/** LRU: the array's front is the most recently used. */
function referenceLru(trace: ArrayLike<number>, capacity: number): number {
  const order: number[] = [];
  let hits = 0;
  for (let i = 0; i < trace.length; i++) {
    const key = trace[i]!;
    const at = order.indexOf(key);
    if (at >= 0) {
      hits++;
      order.splice(at, 1);
    } else if (order.length === capacity) order.pop();
    order.unshift(key);
  }
  return hits;
}

/** FIFO: the array is the insertion order. */
function referenceFifo(trace: ArrayLike<number>, capacity: number): number {
  const order: number[] = [];
  let hits = 0;
  for (let i = 0; i < trace.length; i++) {
    const key = trace[i]!;
    if (order.includes(key)) hits++;
    else {
      if (order.length === capacity) order.shift();
      order.push(key);
    }
  }
  return hits;
}

/** LFU: evict the lowest use count; among equals, the one that reached its count earliest. */
function referenceLfu(trace: ArrayLike<number>, capacity: number): number {
  const entries: { key: number; uses: number; reachedAt: number }[] = [];
  let hits = 0;
  for (let i = 0; i < trace.length; i++) {
    const key = trace[i]!;
    const e = entries.find((x) => x.key === key);
    if (e) {
      hits++;
      e.uses++;
      e.reachedAt = i;
      continue;
    }
    if (entries.length === capacity) {
      let victim = 0;
      entries.forEach((x, j) => {
        const v = entries[victim]!;
        if (x.uses < v.uses || (x.uses === v.uses && x.reachedAt < v.reachedAt)) victim = j;
      });
      entries.splice(victim, 1);
    }
    entries.push({ key, uses: 1, reachedAt: i });
  }
  return hits;
}

const REFERENCES = { lru: referenceLru, fifo: referenceFifo, lfu: referenceLfu };

describe('hit counts on a fixed Zipf trace (50,000 requests over 2,000 keys) equal the reference implementations exactly', () => {
  const trace = zipfTrace(2000, 0.9, 50_000, 7);
  it.each((Object.keys(REFERENCES) as (keyof typeof REFERENCES)[]).flatMap((name) => [10, 100, 500].map((c) => [name, c] as const)))('%s at capacity %i', (name, capacity) => {
    const cache = CACHE_POLICIES[name](capacity);
    let hits = 0;
    for (let i = 0; i < trace.length; i++) if (access(cache, trace[i]!)) hits++;
    expect(hits).toBe(REFERENCES[name](trace, capacity));
    expect(hits).toBeGreaterThan(0);
  });
});

/** Che's approximation: h = Σ p_i (1 − e^(−p_i t)), with t solving Σ (1 − e^(−p_i t)) = C. */
function cheHitRatio(keys: number, exponent: number, capacity: number): number {
  const weights = Array.from({ length: keys }, (_, k) => Math.pow(k + 1, -exponent));
  const total = weights.reduce((a, w) => a + w, 0);
  const p = weights.map((w) => w / total);
  const occupancy = (t: number) => p.reduce((a, pi) => a + 1 - Math.exp(-pi * t), 0);
  let lo = 0;
  let hi = 1;
  while (occupancy(hi) < capacity) hi *= 2;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (occupancy(mid) < capacity) lo = mid;
    else hi = mid;
  }
  return p.reduce((a, pi) => a + pi * (1 - Math.exp(-pi * lo)), 0);
}

describe("LRU hit ratios on Zipf traces agree with Che's approximation within 0.005", () => {
  it.each([[10_000, 0.8, 1000], [10_000, 1.0, 500], [50_000, 0.9, 5000]])('N = %i keys, α = %s, C = %i', (keys, exponent, capacity) => {
    const trace = zipfTrace(keys, exponent, 2_000_000, 11);
    const cache = CACHE_POLICIES.lru(capacity);
    const warm = 200_000;
    let hits = 0;
    for (let i = 0; i < trace.length; i++) if (access(cache, trace[i]!) && i >= warm) hits++;
    const simulated = hits / (trace.length - warm);
    expect(Math.abs(simulated - cheHitRatio(keys, exponent, capacity))).toBeLessThan(0.005);
  });
});
