import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine/engine.js';
import { CoreSchedule } from './core-schedule.js';
import { CpuPool } from './cpu-pool.js';
import { EventLoop } from './event-loop.js';
import { FifoExecutor } from './fifo-executor.js';

describe('CoreSchedule', () => {
  it('books each piece on the core that frees first, from when it is ready or that core frees', () => {
    const cores = new CoreSchedule(2);
    expect([cores.book(0, 10), cores.book(0, 5), cores.book(2, 4), cores.book(20, 1)]).toEqual([10, 5, 9, 21]);
    // At 6: core 0 has 4 ahead; core 1 is booked to 21 (9–20 idle, counted ahead).
    expect(cores.aheadNs(6)).toBe(4 + 15);
  });

  it('never runs more pieces at once than it has cores, and starts none before it is ready', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 4 }), fc.array(fc.tuple(fc.nat(50), fc.integer({ min: 1, max: 30 })), { maxLength: 40 }), (n, pieces) => {
      const cores = new CoreSchedule(n);
      let readyNs = 0;
      const spans = pieces.map(([gap, work]) => {
        readyNs += gap;
        const endNs = cores.book(readyNs, work);
        expect(endNs - work).toBeGreaterThanOrEqual(readyNs);
        return [endNs - work, endNs] as const;
      });
      for (const [start] of spans) expect(spans.filter(([s, e]) => s <= start && start < e).length).toBeLessThanOrEqual(n);
    }));
  });
});

describe('processes on one machine', () => {
  it('serializes two Redis threads on a 1-core machine: the second job waits for the core', () => {
    const engine = new Engine();
    const machine = new CoreSchedule(1);
    const trace: string[] = [];
    const executor = (name: string) => new FifoExecutor(engine, {
      begin: () => 10,
      finish: (job) => trace.push(`${name} ${job} @${engine.now}`),
    }, machine);
    const a = executor('a');
    const b = executor('b');
    engine.at(0, () => { a.submit(1); b.submit(1); a.submit(2); });
    engine.at(15, () => expect([a.busyNsAt(engine.now), b.busyNsAt(engine.now)]).toEqual([10, 5]));
    engine.run();
    // a's second job asks for the core at 10, behind b's, booked at 0.
    expect(trace).toEqual(['a 1 @10', 'b 1 @20', 'a 2 @30']);
    expect([a.busyNsAt(30), b.busyNsAt(30)]).toEqual([20, 10]);
  });

  it('runs them side by side on a 2-core machine, as on cores of their own', () => {
    const engine = new Engine();
    const machine = new CoreSchedule(2);
    const ends: number[] = [];
    for (const m of [machine, null]) {
      const ex = new FifoExecutor(engine, { begin: () => 10, finish: () => ends.push(engine.now) }, m);
      engine.at(0, () => { ex.submit(1); ex.submit(2); });
    }
    engine.run();
    expect(ends).toEqual([10, 10, 20, 20]);
  });

  it('makes an event loop\'s turn and callback wait behind a server\'s job on a 1-core machine', () => {
    const engine = new Engine();
    const machine = new CoreSchedule(1);
    const loop = new EventLoop(engine, { turnNs: 5, tailNs: 2 }, null, 0, machine);
    const server = new FifoExecutor(engine, { begin: () => 20, finish: () => {} }, machine);
    const done: number[] = [];
    engine.at(0, () => server.submit(1));
    engine.at(1, () => loop.run(10, () => done.push(engine.now), 0));
    engine.run();
    // The turn waits for the server's job (0–20), then runs 20–25, the callback 25–35.
    expect(done).toEqual([35]);
    expect(loop.busyNsAt(engine.now)).toBe(5 + 10 + 2);
  });

  it('lets a host with more threads than its machine has cores use only the machine\'s cores', () => {
    const engine = new Engine();
    const pool = new CpuPool(engine, 4, new CoreSchedule(2));
    const done: number[] = [];
    engine.at(0, () => { for (let i = 0; i < 4; i++) pool.run(10, () => done.push(engine.now), i); });
    engine.run();
    expect(done).toEqual([10, 10, 20, 20]);
    expect(pool.busyNsAt(20)).toBe(40);
  });
});
