import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine/engine.js';
import { CoreSchedule } from './core-schedule.js';
import { FifoExecutor } from './fifo-executor.js';

/** Jobs of `serviceNs`; after each, the owner's own work of `afterNs` (occupy), if any; on `machine`'s cores if given. */
function executor(serviceNs: number, afterNs = 0, machine: CoreSchedule | null = null) {
  const engine = new Engine();
  const trace: string[] = [];
  const ex: FifoExecutor = new FifoExecutor(engine, {
    begin: (job) => { trace.push(`begin ${job} @${engine.now}`); return serviceNs; },
    finish: (job) => {
      trace.push(`finish ${job} @${engine.now}`);
      if (afterNs > 0) trace.push(`own work from @${ex.occupy(afterNs)}`);
    },
  }, machine);
  return { engine, ex, trace };
}

describe('FifoExecutor', () => {
  it('serves jobs one at a time in arrival order', () => {
    const { engine, ex, trace } = executor(10);
    engine.at(0, () => { ex.submit(1); ex.submit(2); });
    engine.at(5, () => ex.submit(3));
    engine.run();
    expect(trace).toEqual(['begin 1 @0', 'finish 1 @10', 'begin 2 @10', 'finish 2 @20', 'begin 3 @20', 'finish 3 @30']);
  });

  it('shifts the job in service by the length of a pause and holds the queue meanwhile', () => {
    const { engine, ex, trace } = executor(10);
    engine.at(0, () => { ex.submit(1); ex.submit(2); });
    engine.at(4, () => ex.pause());
    engine.at(104, () => ex.resume());
    engine.run();
    expect(trace).toEqual(['begin 1 @0', 'finish 1 @110', 'begin 2 @110', 'finish 2 @120']);
  });

  it('holds the thread for the owner\'s own work after a job: a job waiting or arriving meanwhile starts when it ends, one arriving later at once', () => {
    const { engine, ex, trace } = executor(10, 5);
    engine.at(0, () => { ex.submit(1); ex.submit(2); });
    engine.at(27, () => ex.submit(3));
    engine.at(50, () => ex.submit(4));
    const busy: number[] = [];
    for (const atNs of [28, 45, 50]) engine.at(atNs, () => busy.push(ex.busyNsAt(atNs)));
    engine.run();
    expect(trace).toEqual([
      'begin 1 @0', 'finish 1 @10', 'own work from @10', 'begin 2 @15', 'finish 2 @25', 'own work from @25',
      'begin 3 @30', 'finish 3 @40', 'own work from @40', 'begin 4 @50', 'finish 4 @60', 'own work from @60',
    ]);
    expect(busy).toEqual([28, 45, 45]);
  });

  it('starts a job that arrives the instant the owner\'s own work ends after the jobs that waited for that work', () => {
    const { engine, ex, trace } = executor(10, 5);
    engine.at(0, () => ex.submit(1));
    engine.at(15, () => ex.submit(3));
    engine.at(12, () => ex.submit(2));
    engine.run();
    expect(trace.filter((line) => line.startsWith('begin'))).toEqual(['begin 1 @0', 'begin 2 @15', 'begin 3 @30']);
  });

  it('on a shared machine, waits for a core for the owner\'s own work and counts only the work as busy', () => {
    const machine = new CoreSchedule(1);
    const { engine, ex, trace } = executor(10, 5, machine);
    engine.at(0, () => { machine.book(0, 100); ex.submit(1); });
    engine.at(105, () => machine.book(105, 20));
    engine.at(112, () => ex.submit(2));
    const busy: number[] = [];
    for (const atNs of [120, 132, 140]) engine.at(atNs, () => busy.push(ex.busyNsAt(atNs)));
    engine.run();
    // Job 1 gets the core at 100; another process's piece takes it from 110 to 130, then the owner's work.
    expect(trace).toEqual(['begin 1 @0', 'finish 1 @110', 'own work from @130', 'begin 2 @135', 'finish 2 @145', 'own work from @145']);
    expect(busy).toEqual([10, 12, 20]);
  });

  it('shifts the owner\'s own work by a pause during it, and drops it on clear()', () => {
    const paused = executor(10, 5);
    paused.engine.at(0, () => { paused.ex.submit(1); paused.ex.submit(2); });
    paused.engine.at(12, () => paused.ex.pause());
    paused.engine.at(112, () => paused.ex.resume());
    paused.engine.run();
    expect(paused.trace).toEqual(['begin 1 @0', 'finish 1 @10', 'own work from @10', 'begin 2 @115', 'finish 2 @125', 'own work from @125']);
    const crashed = executor(10, 5);
    crashed.engine.at(0, () => { crashed.ex.submit(1); crashed.ex.submit(2); });
    crashed.engine.at(12, () => crashed.ex.clear());
    crashed.engine.at(13, () => crashed.ex.submit(3));
    let busyAfter = 0;
    crashed.engine.at(30, () => { busyAfter = crashed.ex.busyNsAt(30); });
    crashed.engine.run();
    expect(crashed.trace).toEqual(['begin 1 @0', 'finish 1 @10', 'own work from @10', 'begin 3 @13', 'finish 3 @23', 'own work from @23']);
    expect(busyAfter).toBe(12 + 10 + 5);
  });

  it('queues a job submitted from finish() behind the jobs already waiting', () => {
    const engine = new Engine();
    const order: number[] = [];
    const ex: FifoExecutor = new FifoExecutor(engine, {
      begin: (job) => { order.push(job); return 1; },
      finish: (job) => { if (job === 1) ex.submit(9); },
    });
    engine.at(0, () => { ex.submit(1); ex.submit(2); });
    engine.run();
    expect(order).toEqual([1, 2, 9]);
  });

  it('drops every job on clear() and serves nothing more until new submissions', () => {
    const { engine, ex, trace } = executor(10);
    engine.at(0, () => { ex.submit(1); ex.submit(2); });
    engine.at(5, () => expect(ex.clear()).toEqual([1, 2]));
    engine.run();
    expect(trace).toEqual(['begin 1 @0']);
  });
});

describe('FifoExecutor blocking', () => {
  it('starts nothing while blocked, independently of a pause, and resumes FIFO when unblocked', () => {
    const { engine, ex, trace } = executor(10);
    engine.at(0, () => { ex.submit(1); ex.block(); ex.submit(2); });
    engine.at(50, () => ex.pause());
    engine.at(60, () => ex.unblock());
    engine.at(100, () => ex.resume());
    engine.run();
    expect(trace).toEqual(['begin 1 @0', 'finish 1 @10', 'begin 2 @100', 'finish 2 @110']);
  });

  it('runs the blocked call\'s continuation before the jobs that waited, after a pause that outlasts the block', () => {
    const { engine, ex, trace } = executor(10);
    engine.at(0, () => { ex.submit(1); ex.block(); ex.submit(2); });
    engine.at(40, () => ex.pause());
    engine.at(50, () => ex.unblock(7));
    engine.at(80, () => ex.resume());
    engine.run();
    expect(trace).toEqual(['begin 1 @0', 'finish 1 @10', 'begin 7 @80', 'finish 7 @90', 'begin 2 @90', 'finish 2 @100']);
  });

  it('ends a block on clear(): jobs submitted after it start at once', () => {
    const { engine, ex, trace } = executor(10);
    engine.at(0, () => { ex.submit(1); ex.block(); ex.submit(2); });
    engine.at(20, () => expect(ex.clear()).toEqual([2]));
    engine.at(30, () => ex.submit(3));
    engine.run();
    expect(ex.blocked).toBe(false);
    expect(trace).toEqual(['begin 1 @0', 'finish 1 @10', 'begin 3 @30', 'finish 3 @40']);
  });

  it('ends a pause on clear() (kill -9 of a stopped process): jobs submitted after it start at once, and busy time stops at the pause', () => {
    const { engine, ex, trace } = executor(10);
    engine.at(0, () => ex.submit(1));
    engine.at(4, () => ex.pause());
    engine.at(20, () => expect(ex.clear()).toEqual([1]));
    engine.at(30, () => ex.submit(2));
    engine.run();
    expect(ex.paused).toBe(false);
    expect(trace).toEqual(['begin 1 @0', 'begin 2 @30', 'finish 2 @40']);
    expect(ex.busyNsAt(40)).toBe(14);
  });
});
