// One contract suite run against every cache policy (pure-rand's habit): whatever the sequence of
// uses, insertions and removals, the cache holds at most its capacity, evicts only what it held,
// answers uses exactly for what it holds, and is deterministic.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { access } from './cache-policy.js';
import { CACHE_POLICIES, CACHE_POLICY_NAMES } from './policy-registry.js';

type Step = { op: 'get' | 'insert' | 'remove'; key: number };
const steps = fc.array(fc.record({ op: fc.constantFrom<Step['op']>('get', 'insert', 'insert', 'remove'), key: fc.integer({ min: 0, max: 30 }) }), { maxLength: 400, size: 'max' });

describe.each(CACHE_POLICY_NAMES)('cache policy %s', (name) => {
  it('holds at most its capacity, evicts only held keys, and answers get/has/slotOf exactly for what it holds, and peekVictim names the key a full insertion evicts', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 12 }), steps, (capacity, ops) => {
      const cache = CACHE_POLICIES[name](capacity);
      const held = new Set<number>();
      for (const { op, key } of ops) {
        if (op === 'get') expect(cache.get(key)).toBe(held.has(key));
        else if (op === 'remove') {
          expect(cache.remove(key)).toBe(held.has(key));
          held.delete(key);
        } else {
          const wasHeld = held.has(key);
          const named = cache.peekVictim();
          expect(named >= 0).toBe(held.size > 0);
          if (named >= 0) expect(held.has(named)).toBe(true);
          const evicted = cache.insert(key);
          if (evicted >= 0) expect(evicted).toBe(named);
          if (wasHeld) expect(evicted).toBe(-1);
          if (evicted >= 0) {
            expect(held.has(evicted)).toBe(true);
            expect(evicted).not.toBe(key);
            held.delete(evicted);
          } else if (!wasHeld) expect(held.size).toBeLessThan(capacity);
          held.add(key);
        }
        expect(cache.size).toBe(held.size);
        expect(cache.size).toBeLessThanOrEqual(capacity);
        const slots = new Set<number>();
        for (let k = 0; k <= 30; k++) {
          const slot = cache.slotOf(k);
          if (cache.has(k) !== held.has(k) || (slot >= 0) !== held.has(k)) expect.fail(`key ${k}: has/slotOf disagree with what is held`);
          if (slot >= capacity || slots.has(slot)) expect.fail(`key ${k}: slot ${slot} out of range or shared`);
          if (slot >= 0) slots.add(slot);
        }
      }
    }), { seed: 42, numRuns: 200 });
  });

  it('gives the same hits for the same trace (deterministic)', () => {
    const trace = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 97);
    const run = () => {
      const c = CACHE_POLICIES[name](20);
      return trace.filter((k) => access(c, k)).length;
    };
    expect(run()).toBe(run());
  });

  it('rejects a capacity below one entry', () => {
    expect(() => CACHE_POLICIES[name](0)).toThrow(RangeError);
  });
});
