import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalLength } from './wire-sizes.js';

describe('decimalLength', () => {
  it('counts the characters String(n) has, for every number', () => {
    fc.assert(fc.property(fc.oneof(fc.nat(), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.double({ noNaN: true })), (n) => {
      expect(decimalLength(n)).toBe(String(n).length);
    }), { numRuns: 2000 });
    for (let p = 1; p < 1e16; p *= 10) for (const n of [p - 1, p, p + 1]) expect(decimalLength(n)).toBe(String(n).length);
  });
});
