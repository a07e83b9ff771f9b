import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from './event-queue.js';

const noop = (): void => {};

/** Pops every live event, returning [time, data] pairs in pop order. */
function drain(queue: EventQueue): [number, number][] {
  const popped: [number, number][] = [];
  while (queue.peekTime() !== Infinity) {
    const slot = queue.popSlot();
    popped.push([queue.timeOf(slot), queue.dataOf(slot)]);
    queue.release(slot);
  }
  return popped;
}

type Command = { op: 'push'; time: number } | { op: 'cancel'; pick: number } | { op: 'pop' };

const command = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('push' as const), time: fc.integer({ min: 0, max: 30 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('pop' as const) }) },
);

describe('EventQueue', () => {
  it('pops live events in (time, insertion) order, as a stable sort of the pushes, under any interleaving of push, cancel and pop', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 400, size: 'max' }), (commands: Command[]) => {
        const queue = new EventQueue();
        const ids: number[] = [];
        const pending: { time: number; index: number }[] = [];
        for (const c of commands) {
          if (c.op === 'push') {
            pending.push({ time: c.time, index: ids.length });
            ids.push(queue.push(c.time, noop, ids.length));
          } else if (c.op === 'cancel' && ids.length > 0) {
            const index = c.pick % ids.length;
            const at = pending.findIndex((e) => e.index === index);
            expect(queue.cancel(ids[index]!)).toBe(at >= 0);
            if (at >= 0) pending.splice(at, 1);
          } else if (c.op === 'pop' && pending.length > 0) {
            const expected = pending.slice().sort((a, b) => a.time - b.time)[0]!;
            pending.splice(pending.indexOf(expected), 1);
            expect(queue.peekTime()).toBe(expected.time);
            const slot = queue.popSlot();
            expect([queue.timeOf(slot), queue.dataOf(slot)]).toEqual([expected.time, expected.index]);
            queue.release(slot);
          }
          expect(queue.length).toBe(pending.length);
        }
        const rest = pending.sort((a, b) => a.time - b.time).map((e) => [e.time, e.index]);
        expect(drain(queue)).toEqual(rest);
      }),
      { seed: 20240601, numRuns: 200 },
    );
  });

  it('keeps (time, insertion) order when growing far beyond its initial 1024 slots', () => {
    const queue = new EventQueue();
    const times = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 101);
    times.forEach((t, i) => queue.push(t, noop, i));
    const expected = times.map((t, i) => [t, i]).sort((a, b) => a[0]! - b[0]!);
    expect(queue.length).toBe(5000);
    expect(drain(queue)).toEqual(expected);
  });

  it('returns the handler and data of the popped event', () => {
    const queue = new EventQueue();
    const first = (): void => {};
    const second = (): void => {};
    queue.push(20, second, 2);
    queue.push(10, first, 1);
    const slot = queue.popSlot();
    expect([queue.handlerOf(slot), queue.dataOf(slot), queue.timeOf(slot)]).toEqual([first, 1, 10]);
  });

  it('cancels an event once: true the first time, false afterwards', () => {
    const queue = new EventQueue();
    const id = queue.push(5, noop, 0);
    expect(queue.cancel(id)).toBe(true);
    expect(queue.cancel(id)).toBe(false);
    expect(queue.length).toBe(0);
    expect(queue.peekTime()).toBe(Infinity);
  });

  it('refuses to cancel a popped event, even after its slot was reused by a new event', () => {
    const queue = new EventQueue();
    const old = queue.push(5, noop, 0);
    queue.release(queue.popSlot());
    const reused = queue.push(6, noop, 1);
    expect(queue.cancel(old)).toBe(false);
    expect(queue.length).toBe(1);
    expect(queue.cancel(reused)).toBe(true);
  });

  it('refuses ids it never issued', () => {
    const queue = new EventQueue();
    queue.push(5, noop, 0);
    for (const id of [-1, 1, 2 ** 24, 2 ** 40 + 3, Number.NaN]) expect(queue.cancel(id)).toBe(false);
    expect(queue.length).toBe(1);
  });

  // White-box: reaching the generation limit by reusing one slot 2^29 times would take minutes, so
  // the test sets the generation of slot 1 to the limit directly.
  it('keeps ids exact and cancellable after a slot has been reused 2^29 times', () => {
    const queue = new EventQueue();
    (queue as unknown as { gens: Uint32Array }).gens[1] = 2 ** 29 - 1;
    queue.push(1, noop, 0);
    const atLimit = queue.push(2, noop, 1);
    drain(queue);
    const wrapped = queue.push(3, noop, 2);
    const other = queue.push(4, noop, 3);
    expect(queue.cancel(atLimit)).toBe(false);
    expect(queue.cancel(wrapped)).toBe(true);
    expect(drain(queue)).toEqual([[4, 3]]);
    expect(queue.cancel(other)).toBe(false);
  });
});
