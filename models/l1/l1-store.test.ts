import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CACHE_POLICIES, CACHE_POLICY_NAMES } from '../cache/policy-registry.js';
import { L1Store } from './l1-store.js';

describe('L1Store', () => {
  it('misses an entry once it is ttl old, and drops it', () => {
    const store = new L1Store(CACHE_POLICIES.lru(10), Infinity, 64, 1000);
    store.insert(7, 100, 3, 0);
    expect(store.lookup(7, 999)).toBeGreaterThanOrEqual(0);
    expect(store.versionAt(store.lookup(7, 999))).toBe(3);
    expect(store.lookup(7, 1000)).toBe(-1);
    expect(store.entries).toBe(0);
    expect(store.usedBytes).toBe(0);
  });

  it.each(CACHE_POLICY_NAMES)('never holds more bytes or entries than allowed, and counts exactly the bytes of what it holds (%s)', (policy) => {
    fc.assert(fc.property(
      fc.array(fc.record({ key: fc.integer({ min: 0, max: 40 }), bytes: fc.integer({ min: 0, max: 900 }), remove: fc.boolean() }), { maxLength: 300 }),
      (ops) => {
        const store = new L1Store(CACHE_POLICIES[policy](8), 2000, 64, Infinity);
        const held = new Map<number, number>();
        for (const { key, bytes, remove } of ops) {
          if (remove) {
            expect(store.remove(key)).toBe(held.delete(key));
          } else {
            store.insert(key, bytes, 1, 0);
            for (const k of [...held.keys()]) if (store.slotOf(k) < 0) held.delete(k);
            held.set(key, bytes + 64);
            expect(store.slotOf(key)).toBeGreaterThanOrEqual(0);
          }
          expect(store.usedBytes).toBe([...held.values()].reduce((a, b) => a + b, 0));
          expect(store.usedBytes).toBeLessThanOrEqual(2000);
          expect(store.entries).toBe(held.size);
          expect(store.entries).toBeLessThanOrEqual(8);
        }
      },
    ), { seed: 11, numRuns: 200 });
  });

  it('does not keep a value larger than the whole byte limit', () => {
    const store = new L1Store(CACHE_POLICIES.lfu(4), 500, 64, Infinity);
    store.insert(1, 100, 1, 0);
    store.insert(2, 500, 1, 0);
    expect(store.slotOf(2)).toBe(-1);
    expect(store.slotOf(1)).toBeGreaterThanOrEqual(0);
  });
});
