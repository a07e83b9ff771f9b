// Busy time as the reports read it: work done up to an instant, not work committed. Exact trajectories
// on small hand-built cases for each resource kind.

import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine/engine.js';
import { BusyMeter } from './busy-meter.js';
import { CpuPool } from './cpu-pool.js';
import { EventLoop } from './event-loop.js';
import { FifoExecutor } from './fifo-executor.js';

/** Reads `busyNsAt` at each of `times` (ns) while the engine runs. */
function readings(engine: Engine, times: number[], read: (now: number) => number): number[] {
  const out: number[] = [];
  for (const t of times) engine.at(t, () => out.push(read(engine.now)));
  engine.run();
  return out;
}

describe('busy accounting', () => {
  it('counts a CPU pool\'s work as it is done on each core, not when it is queued', () => {
    const engine = new Engine();
    const cpu = new CpuPool(engine, 2);
    engine.at(0, () => { for (let i = 0; i < 3; i++) cpu.run(10, () => {}, i); });
    // Two cores busy 0–10, one 10–20.
    expect(readings(engine, [5, 10, 15, 20, 30], (now) => cpu.busyNsAt(now))).toEqual([10, 20, 25, 30, 30]);
  });

  it('counts an event loop\'s turns and items as they run', () => {
    const engine = new Engine();
    const loop = new EventLoop(engine, { turnNs: 2 });
    engine.at(0, () => loop.run(10, () => {}, 0));
    // A turn 0–2, the item 2–12, then idle: nothing is ready.
    expect(readings(engine, [1, 2, 7, 12, 50], (now) => loop.busyNsAt(now))).toEqual([1, 2, 7, 12, 12]);
  });

  it('counts an executor\'s job in service up to now, and nothing while it is paused', () => {
    const engine = new Engine();
    const ex = new FifoExecutor(engine, { begin: () => 10, finish: () => {} });
    engine.at(0, () => ex.submit(1));
    engine.at(4, () => ex.pause());
    engine.at(104, () => ex.resume());
    expect(readings(engine, [3, 4, 50, 104, 108, 200], (now) => ex.busyNsAt(now))).toEqual([3, 4, 4, 4, 8, 10]);
  });

  it('integrates the units in use of a meter', () => {
    const m = new BusyMeter();
    const read: number[] = [];
    m.change(0, 1);
    read.push(m.busyNsAt(5));
    m.change(5, 1);
    read.push(m.busyNsAt(10));
    m.change(10, -2);
    read.push(m.busyNsAt(20));
    expect(read).toEqual([5, 15, 15]);
  });
});
