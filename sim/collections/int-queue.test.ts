import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntQueue } from './int-queue.js';

describe('IntQueue', () => {
  it('behaves like an array used as a FIFO under any sequence of pushes, unshifts, shifts and truncations, read at any place', () => {
    const op = fc.oneof(
      { weight: 3, arbitrary: fc.integer({ min: -1e9, max: 1e9 }) },
      { weight: 1, arbitrary: fc.record({ first: fc.integer({ min: -1e9, max: 1e9 }) }) },
      { weight: 2, arbitrary: fc.constant('shift' as const) },
      { weight: 1, arbitrary: fc.record({ keep: fc.integer({ min: 0, max: 40 }) }) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600, size: 'max' }), (ops) => {
        const queue = new IntQueue();
        const model: number[] = [];
        for (const o of ops) {
          if (o === 'shift') {
            if (model.length === 0) expect(() => queue.shift()).toThrow(RangeError);
            else expect(queue.shift()).toBe(model.shift());
          } else if (typeof o === 'number') {
            queue.push(o);
            model.push(o);
          } else if ('keep' in o) {
            queue.truncate(o.keep);
            model.length = Math.min(model.length, o.keep);
          } else {
            queue.unshift(o.first);
            model.unshift(o.first);
          }
          expect(queue.length).toBe(model.length);
          expect(Array.from({ length: queue.length }, (_, i) => queue.at(i))).toEqual(model);
        }
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('keeps FIFO order when it grows while its contents wrap around the end of the ring', () => {
    const queue = new IntQueue();
    for (let i = 0; i < 10; i++) queue.push(i);
    for (let i = 0; i < 8; i++) expect(queue.shift()).toBe(i);
    for (let i = 10; i < 100; i++) queue.push(i);
    const out: number[] = [];
    while (queue.length > 0) out.push(queue.shift());
    expect(out).toEqual(Array.from({ length: 92 }, (_, k) => k + 8));
  });

  it('keeps non-integer and large ids exactly', () => {
    const queue = new IntQueue();
    for (const v of [0.5, -3, 2 ** 52 + 1]) queue.push(v);
    expect([queue.shift(), queue.shift(), queue.shift()]).toEqual([0.5, -3, 2 ** 52 + 1]);
  });

  it('throws a RangeError when shifting an empty queue', () => {
    const queue = new IntQueue();
    queue.push(1);
    queue.shift();
    expect(() => queue.shift()).toThrow(RangeError);
    expect(() => queue.at(0)).toThrow(RangeError);
    expect(queue.length).toBe(0);
  });
});
