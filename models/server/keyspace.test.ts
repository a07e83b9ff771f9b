import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Keyspace } from './keyspace.js';

type Step = { op: 'set'; key: number; bytes: number } | { op: 'delete'; key: number } | { op: 'sample'; u: number };

const step = (keys: number): fc.Arbitrary<Step> => fc.oneof(
  fc.record({ op: fc.constant('set' as const), key: fc.nat({ max: keys - 1 }), bytes: fc.nat({ max: 5000 }) }),
  fc.record({ op: fc.constant('delete' as const), key: fc.nat({ max: keys - 1 }) }),
  fc.record({ op: fc.constant('sample' as const), u: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }) }),
);

describe('Keyspace', () => {
  it.each([['a direct index (expected share 1)', 1], ['a hash index that grows (expected share 0.01)', 0.01]])(
    'holds exactly the keys set and not deleted, their sizes, the used bytes and their high-water mark, with %s',
    (_name, share) => {
      fc.assert(fc.property(fc.array(step(2000), { maxLength: 3000 }), (steps) => {
        const ks = new Keyspace(2000, 64, { withExpiry: false, withVersions: true, withPolicyWord: true, expectedShare: share });
        const model = new Map<number, number>();
        let used = 0;
        let highWater = 0;
        for (const s of steps) {
          if (s.op === 'set') {
            const change = s.bytes - (model.has(s.key) ? model.get(s.key)! : -64);
            expect(ks.changeBytesOfSet(s.key, s.bytes)).toBe(change);
            expect(ks.growthBytesOf(change)).toBe(Math.max(0, used + change - highWater));
            used += change;
            highWater = Math.max(highWater, used);
            const entry = ks.set(s.key, s.bytes, 0);
            ks.setVersionAt(entry, s.bytes + 1);
            model.set(s.key, s.bytes);
          } else if (s.op === 'delete') {
            if (model.has(s.key)) used -= model.get(s.key)! + 64;
            expect(ks.delete(s.key)).toBe(model.delete(s.key));
          } else if (model.size > 0) {
            expect(model.has(ks.keyAt(ks.randomEntry(s.u)))).toBe(true);
          } else expect(ks.randomEntry(s.u)).toBe(-1);
        }
        expect(ks.size).toBe(model.size);
        expect(ks.usedBytes).toBe([...model.values()].reduce((a, b) => a + b + 64, 0));
        expect(ks.highWaterBytes).toBe(highWater);
        for (let k = 0; k < 2000; k++) {
          expect(ks.has(k)).toBe(model.has(k));
          expect(ks.valueBytesOf(k)).toBe(model.get(k) ?? 0);
          expect(ks.versionOf(k)).toBe(model.has(k) ? model.get(k)! + 1 : 0);
        }
        expect([...ks.presentKeys()].sort((a, b) => a - b)).toEqual([...model.keys()].sort((a, b) => a - b));
      }), { seed: 42, numRuns: 60 });
    },
  );

  it.each([1, 0.01])('keeps present keys in insertion order, the last moved into a deleted key\'s place (the order random sampling sees), expected share %s', (share) => {
    const ks = new Keyspace(100, 0, { withExpiry: false, expectedShare: share });
    for (const k of [10, 20, 30, 40]) ks.set(k, 1, 0);
    ks.delete(20);
    expect([...ks.presentKeys()]).toEqual([10, 40, 30]);
  });

  it('samples the same key in the direct and the compact layout after any sequence of writes and deletions', () => {
    fc.assert(fc.property(fc.array(step(500), { maxLength: 1500 }), (steps) => {
      const direct = new Keyspace(500, 0, { withExpiry: true, expectedShare: 1 });
      const compact = new Keyspace(500, 0, { withExpiry: true, expectedShare: 0.01 });
      for (const s of steps) {
        if (s.op === 'set') for (const ks of [direct, compact]) ks.set(s.key, s.bytes, s.bytes % 3 === 0 ? 0 : s.bytes);
        else if (s.op === 'delete') for (const ks of [direct, compact]) ks.delete(s.key);
        else {
          const [a, b] = [direct, compact].map((ks) => ks.randomEntry(s.u));
          expect(a < 0 ? -1 : direct.keyAt(a)).toBe(b < 0 ? -1 : compact.keyAt(b));
          if (a >= 0) expect(direct.expiredAt(a, 2500)).toBe(compact.expiredAt(b!, 2500));
        }
      }
      expect([...direct.presentKeys()]).toEqual([...compact.presentKeys()]);
    }), { seed: 7, numRuns: 100 });
  });
});
