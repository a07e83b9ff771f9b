import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdSet } from './id-set.js';

describe('IdSet', () => {
  it('holds exactly the ids added and not removed, each at one place 0 … size − 1, in both index layouts', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 199 }), { maxLength: 400 }), fc.boolean(), (ops, direct) => {
      const set = new IdSet(200, direct ? 1 : 0.01);
      const model = new Set<number>();
      for (const id of ops) {
        if (model.has(id)) {
          set.remove(id);
          model.delete(id);
        } else {
          set.add(id);
          model.add(id);
        }
        expect(set.size).toBe(model.size);
      }
      const held = Array.from({ length: set.size }, (_, p) => set.at(p));
      expect(new Set(held)).toEqual(model);
      expect(held.length).toBe(model.size);
    }));
  });
});
