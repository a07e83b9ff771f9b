import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntHashMap } from './int-hash-map.js';

describe('IntHashMap', () => {
  it('answers every get like a Map under any sequence of sets and deletes, through growth and backward shifts', () => {
    const op = fc.tuple(fc.constantFrom('set', 'delete'), fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }).map((k) => k & ~0xff)), fc.integer({ min: 0, max: 1000 }));
    fc.assert(fc.property(fc.array(op, { maxLength: 400 }), fc.integer({ min: 0, max: 64 }), (ops, expected) => {
      const map = new IntHashMap(expected);
      const model = new Map<number, number>();
      for (const [kind, key, value] of ops) {
        if (kind === 'set') {
          map.set(key, value);
          model.set(key, value);
        } else {
          map.delete(key);
          model.delete(key);
        }
        expect(map.size).toBe(model.size);
      }
      for (let k = 0; k <= 40; k++) expect(map.get(k)).toBe(model.get(k) ?? -1);
      for (const [k, v] of model) expect(map.get(k)).toBe(v);
    }), { numRuns: 300 });
  });

  it('finds −1 for a key never set, also when keys share their hash home', () => {
    const map = new IntHashMap(4);
    for (let k = 0; k < 8; k++) map.set(k << 28 >>> 1, k);
    expect(map.get(3)).toBe(-1);
    for (let k = 0; k < 8; k++) expect(map.get(k << 28 >>> 1)).toBe(k);
  });
});
