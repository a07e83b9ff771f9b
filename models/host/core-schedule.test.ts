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
    expect([cores.book(0, 10), cores.book(0, 5), cores.book(2, 4)]).toEqual([10, 5, 9]);
    // At 2: core 0 has 8 ahead, core 1 3 of its first piece and all 4 of the second.
    expect(cores.aheadNs(2)).toBe(8 + 7);
    expect(cores.busyNsAt(2)).toBe(19 - 15);
    expect(cores.book(20, 1)).toBe(21);
    expect(cores.busyNsAt(21)).toBe(20);
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

/** A 1-core machine whose core a Redis thread takes at 0 for `serverNs`. */
function busyMachine(serverNs: number) {
  const engine = new Engine();
  const machine = new CoreSchedule(1);
  const server = new FifoExecutor(engine, { begin: () => serverNs, finish: () => {} }, machine);
  engine.at(0, () => server.submit(1));
  return { engine, machine };
}

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
    const ends = (machine: CoreSchedule | null) => {
      const engine = new Engine();
      const at: number[] = [];
      for (let p = 0; p < 2; p++) {
        const ex = new FifoExecutor(engine, { begin: () => 10, finish: () => at.push(engine.now) }, machine);
        engine.at(0, () => { ex.submit(1); ex.submit(2); });
      }
      engine.run();
      return at;
    };
    expect(ends(new CoreSchedule(2))).toEqual([10, 10, 20, 20]);
    expect(ends(null)).toEqual([10, 10, 20, 20]);
    expect(ends(new CoreSchedule(1))).toEqual([10, 20, 30, 40]);
  });

  it('makes an event loop\'s turn and callback wait behind a server\'s job on a 1-core machine', () => {
    const { engine, machine } = busyMachine(20);
    const loop = new EventLoop(engine, { turnNs: 5, tailNs: 2 }, null, 0, machine);
    const done: number[] = [];
    engine.at(1, () => loop.run(10, () => done.push(engine.now), 0));
    engine.run();
    // The turn waits for the server's job (0–20), then runs 20–25, the callback 25–35.
    expect(done).toEqual([35]);
    expect(loop.busyNsAt(engine.now)).toBe(5 + 10 + 2);
  });

  it('takes the items that became ready while its turn waited for a core into that turn\'s poll', () => {
    const { engine, machine } = busyMachine(20);
    const loop = new EventLoop(engine, { turnNs: 5 }, null, 0, machine);
    const done: [number, number][] = [];
    engine.at(1, () => loop.run(10, (d) => done.push([d, engine.now]), 1));
    engine.at(10, () => loop.run(10, (d) => done.push([d, engine.now]), 2));
    engine.run();
    // One turn, 20–25, polls at 20 and finds both: 25–35, 35–45.
    expect(done).toEqual([[1, 35], [2, 45]]);
  });

  it('books a resumed job\'s remaining work on the machine again, behind what others booked meanwhile', () => {
    const engine = new Engine();
    const machine = new CoreSchedule(1);
    const trace: string[] = [];
    const executor = (name: string, serviceNs: number) => new FifoExecutor(engine, { begin: () => serviceNs, finish: (job) => trace.push(`${name} ${job} @${engine.now}`) }, machine);
    const paused = executor('a', 10);
    const other = executor('b', 10);
    engine.at(0, () => paused.submit(1));
    engine.at(4, () => paused.pause());
    engine.at(30, () => other.submit(1));
    engine.at(35, () => paused.resume());
    const busy: number[] = [];
    for (const t of [34, 35, 40, 46]) engine.at(t, () => busy.push(paused.busyNsAt(engine.now)));
    engine.run();
    // a ran 0–4 and has 6 left; b booked 30–40; a's 6 run 40–46.
    expect(trace).toEqual(['b 1 @40', 'a 1 @46']);
    expect(busy).toEqual([4, 4, 4, 10]);
  });

  it('gives a job paused twice, the second time while it waits for a core, only what it has left', () => {
    const engine = new Engine();
    const machine = new CoreSchedule(1);
    const ends: string[] = [];
    const job = new FifoExecutor(engine, { begin: () => 10, finish: () => ends.push(`a @${engine.now}`) }, machine);
    const other = new FifoExecutor(engine, { begin: () => 10, finish: () => ends.push(`b @${engine.now}`) }, machine);
    engine.at(0, () => job.submit(1));
    engine.at(4, () => job.pause());
    engine.at(30, () => other.submit(1));
    engine.at(35, () => job.resume());
    engine.at(36, () => job.pause());
    engine.at(50, () => job.resume());
    const busy: number[] = [];
    for (const t of [36, 50, 56]) engine.at(t, () => busy.push(job.busyNsAt(engine.now)));
    engine.run();
    // Its 6 left were booked 40–46; paused at 36, before they began, it books them again from 50.
    expect(ends).toEqual(['b @40', 'a @56']);
    expect(busy).toEqual([4, 4, 10]);
  });

  it('runs a busy pool\'s waiting items in the order they came, however long the backlog', () => {
    const engine = new Engine();
    const pool = new CpuPool(engine, 1, new CoreSchedule(2));
    const order: number[] = [];
    engine.at(0, () => { for (let i = 0; i < 3000; i++) pool.run(1 + (i % 3), (d) => order.push(d), i); });
    engine.run();
    expect(order).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(engine.now).toBe(1000 * (1 + 2 + 3));
  });

  it('runs a pool\'s item of no work at once on a machine whose cores are busy', () => {
    const { engine, machine } = busyMachine(20);
    const pool = new CpuPool(engine, 2, machine);
    const done: number[] = [];
    engine.at(5, () => pool.run(0, () => done.push(engine.now), 0));
    engine.run();
    expect(done).toEqual([5]);
  });

  it('keeps a busy pool\'s waiting items off the machine until one of its threads takes them', () => {
    const engine = new Engine();
    const machine = new CoreSchedule(2);
    const pool = new CpuPool(engine, 1, machine);
    const server = new FifoExecutor(engine, { begin: () => 5, finish: () => done.push(['server', engine.now]) }, machine);
    const done: [string, number][] = [];
    engine.at(0, () => { pool.run(100, () => done.push(['pool', engine.now]), 0); pool.run(10, () => done.push(['pool', engine.now]), 1); });
    engine.at(2, () => server.submit(1));
    const busy: number[] = [];
    for (const t of [50, 105]) engine.at(t, () => busy.push(pool.busyNsAt(engine.now)));
    engine.run();
    // The server's job takes the machine's second core at once; the pool's second item waits for its thread, 100–110.
    expect(done).toEqual([['server', 7], ['pool', 100], ['pool', 110]]);
    expect(busy).toEqual([50, 105]);
    expect(pool.busyNsAt(110)).toBe(110);
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
