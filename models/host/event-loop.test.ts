import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine/engine.js';
import { EventLoop, type EventLoopGc } from './event-loop.js';

const TURN = 5;

function loop(gc: EventLoopGc | null = null) {
  const engine = new Engine();
  const cpu = new EventLoop(engine, { turnNs: TURN }, gc);
  const done: [number, number][] = [];
  const record = (d: number) => done.push([d, engine.now]);
  return { engine, cpu, done, record };
}

describe('EventLoop', () => {
  it('pauses for gc.pause at the end of the callback whose CPU crosses each gc.every, delaying what waits behind it', () => {
    const { engine, cpu, done, record } = loop({ everyNs: 25, pauseNs: 100 });
    engine.at(0, () => {
      for (let d = 1; d <= 5; d++) cpu.run(10, record, d);
    });
    engine.run();
    // Work 10, 20, 30 (crosses 25: +100), 40, 50 (crosses 50: +100), the surplus carried over.
    expect(done).toEqual([[1, TURN + 10], [2, TURN + 20], [3, TURN + 130], [4, TURN + 140], [5, TURN + 250]]);
    expect(cpu.busyNsAt(engine.now)).toBe(TURN + 250);
  });

  it('pauses once for each gc.every a long callback crosses, and starts its cycle at the phase given', () => {
    const engine = new Engine();
    const cpu = new EventLoop(engine, { turnNs: TURN }, { everyNs: 25, pauseNs: 100 }, 0.4);
    const done: [number, number][] = [];
    engine.at(0, () => {
      cpu.run(60, (d) => done.push([d, engine.now]), 1);
      cpu.run(4, (d) => done.push([d, engine.now]), 2);
    });
    engine.run();
    // 10 (the phase) + 60 = 70: two cycles crossed, 20 carried over; + 4 = 24 crosses none.
    expect(done).toEqual([[1, TURN + 60 + 200], [2, TURN + 264]]);
  });

  it('wakes an idle loop for a ready item: one turn, then the item', () => {
    const { engine, cpu, done, record } = loop();
    engine.at(100, () => cpu.run(10, record, 1));
    engine.run();
    expect(done).toEqual([[1, 100 + TURN + 10]]);
  });

  it('shares one turn among the items ready at its poll, in the order they became ready', () => {
    const { engine, cpu, done, record } = loop();
    engine.at(0, () => {
      cpu.run(10, record, 1);
      cpu.run(10, record, 2);
      cpu.run(10, record, 3);
    });
    engine.run();
    expect(done).toEqual([[1, TURN + 10], [2, TURN + 20], [3, TURN + 30]]);
  });

  it('keeps an item that becomes ready during a turn for the next turn, which pays its own poll', () => {
    const { engine, cpu, done, record } = loop();
    engine.at(0, () => {
      cpu.run(10, record, 1);
      cpu.run(10, record, 2);
    });
    engine.at(TURN + 1, () => cpu.run(10, record, 3));
    engine.run();
    expect(done).toEqual([[1, TURN + 10], [2, TURN + 20], [3, TURN + 20 + TURN + 10]]);
  });

  it('runs what a callback triggers right after that callback, before the rest of the turn', () => {
    const { engine, cpu, done, record } = loop();
    const triggering = (d: number) => {
      record(d);
      cpu.run(4, record, 10 + d);
    };
    engine.at(0, () => {
      cpu.run(10, triggering, 1);
      cpu.run(10, record, 2);
    });
    engine.run();
    expect(done).toEqual([[1, TURN + 10], [11, TURN + 14], [2, TURN + 24]]);
  });

  it('pays its tail after the turn\'s callbacks: what they send leaves before it, and an item ready meanwhile waits for it', () => {
    const engine = new Engine();
    const cpu = new EventLoop(engine, { turnNs: TURN, tailNs: 7 });
    const done: [number, number][] = [];
    const record = (d: number) => done.push([d, engine.now]);
    engine.at(0, () => cpu.run(10, (d) => {
      record(d);
      cpu.run(4, record, 11);
    }, 1));
    engine.at(TURN + 12, () => cpu.run(10, record, 2));
    engine.at(1000, () => cpu.run(10, record, 3));
    engine.run();
    // Turn 1: poll to TURN, item 1 to TURN + 10, what it triggered to TURN + 14, tail to TURN + 21;
    // item 2 (ready at TURN + 12) waits for the tail and a poll of its own; item 3 finds the loop idle.
    expect(done).toEqual([[1, TURN + 10], [11, TURN + 14], [2, TURN + 21 + TURN + 10], [3, 1000 + TURN + 10]]);
    expect(cpu.busyNsAt(engine.now)).toBe(3 * TURN + 34 + 3 * 7);
  });

  it('puts first the sources its previous poll took, then the others, as epoll in level-triggered mode does', () => {
    const { engine, cpu, done, record } = loop();
    const [a, b, c] = [{}, {}, {}];
    engine.at(0, () => {
      cpu.run(10, record, 1, a);
      cpu.run(10, record, 2, b);
    });
    engine.at(TURN + 1, () => {
      cpu.run(10, record, 3, c);
      cpu.run(10, record, 4, b);
      cpu.run(10, record, 5, a);
    });
    engine.run();
    // The second turn starts at TURN + 20 and takes b and a (reported by the first poll) before c.
    expect(done).toEqual([[1, TURN + 10], [2, TURN + 20], [4, 2 * TURN + 30], [5, 2 * TURN + 40], [3, 2 * TURN + 50]]);
  });

  it('does every item exactly once, and is never idle while an item waits (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ atNs: fc.integer({ min: 0, max: 200 }), workNs: fc.integer({ min: 0, max: 30 }), triggers: fc.boolean() }), { minLength: 1, maxLength: 40 }),
      fc.integer({ min: 0, max: 6 }),
      (items, tailNs) => {
        const engine = new Engine();
        const cpu = new EventLoop(engine, { turnNs: TURN, tailNs });
        let finished = 0;
        let lastEndNs = 0;
        const finish = () => {
          finished++;
          lastEndNs = engine.now;
        };
        items.forEach((item, i) => engine.at(item.atNs, () => cpu.run(item.workNs, item.triggers ? () => {
          finish();
          cpu.run(1, finish, i);
        } : finish, i)));
        engine.run();
        const expected = items.length + items.filter((i) => i.triggers).length;
        const work = items.reduce((sum, i) => sum + i.workNs + (i.triggers ? 1 : 0), 0);
        const latestArrival = Math.max(...items.map((i) => i.atNs));
        expect(finished).toBe(expected);
        // Busy from the first arrival on, the loop ends no later than all work plus one poll and tail per item after the last arrival.
        expect(lastEndNs).toBeLessThanOrEqual(latestArrival + work + items.length * (TURN + tailNs));
        expect(lastEndNs).toBeGreaterThanOrEqual(Math.min(...items.map((i) => i.atNs)) + TURN);
      },
    ));
  });
});
