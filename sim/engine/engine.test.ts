import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Engine } from './engine.js';

/** An engine whose events log `[now, data]` when they run. */
function loggingEngine(): { engine: Engine; log: [number, number][]; record: (data: number) => void } {
  const engine = new Engine();
  const log: [number, number][] = [];
  return { engine, log, record: (data) => log.push([engine.now, data]) };
}

type Command =
  | { op: 'schedule'; delay: number; absolute: boolean; child: number | null }
  | { op: 'burst'; count: number; seed: number }
  | { op: 'cancel'; pick: number }
  | { op: 'run'; span: number };

const command = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record({
      op: fc.constant('schedule' as const),
      delay: fc.integer({ min: 0, max: 40 }),
      absolute: fc.boolean(),
      child: fc.option(fc.integer({ min: 0, max: 40 })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('burst' as const), count: fc.integer({ min: 1, max: 1100 }), seed: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('run' as const), span: fc.integer({ min: 0, max: 60 }) }) },
);

/**
 * The reference engine: pending events kept in (time, scheduling index) order, the order a stable
 * sort of the scheduled events by time gives. Running an event schedules its child, if it has one.
 */
class Reference {
  now = 0;
  scheduled = 0;
  readonly ran: [number, number][] = [];
  private readonly pending: { time: number; index: number }[] = [];

  constructor(private readonly childDelay: readonly (number | null)[]) {}

  get length(): number {
    return this.pending.length;
  }

  schedule(time: number): void {
    let lo = 0;
    let hi = this.pending.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.pending[mid]!.time <= time) lo = mid + 1;
      else hi = mid;
    }
    this.pending.splice(lo, 0, { time, index: this.scheduled++ });
  }

  cancel(index: number): boolean {
    const at = this.pending.findIndex((e) => e.index === index);
    if (at >= 0) this.pending.splice(at, 1);
    return at >= 0;
  }

  run(untilNs: number): void {
    while (this.pending.length > 0 && this.pending[0]!.time <= untilNs) {
      const next = this.pending.shift()!;
      this.now = next.time;
      this.ran.push([next.time, next.index]);
      const child = this.childDelay[next.index];
      if (child !== null && child !== undefined) this.schedule(next.time + child);
    }
    if (untilNs !== Infinity) this.now = Math.max(this.now, untilNs);
  }
}

/**
 * Runs commands on a real engine and on the reference; cancel results, the events run, the clock
 * and both counters are compared after every command.
 */
function checkAgainstReference(commands: Command[]): void {
  const { engine, log, record } = loggingEngine();
  const ids: number[] = [];
  const childDelay: (number | null)[] = [];
  const reference = new Reference(childDelay);
  const onEvent = (index: number): void => {
    record(index);
    const child = childDelay[index];
    if (child === null || child === undefined) return;
    childDelay.push(null);
    ids.push(engine.schedule(child, onEvent, ids.length));
  };
  const schedule = (delay: number, child: number | null, absolute: boolean): void => {
    reference.schedule(engine.now + delay);
    childDelay.push(child);
    ids.push(absolute ? engine.at(engine.now + delay, onEvent, ids.length) : engine.schedule(delay, onEvent, ids.length));
  };
  const runBoth = (untilNs: number): void => {
    const checked = log.length;
    if (untilNs === Infinity) engine.run();
    else engine.run({ untilNs });
    reference.run(untilNs);
    expect(log.slice(checked)).toEqual(reference.ran.slice(checked));
    expect(log.length).toBe(reference.ran.length);
    expect(engine.now).toBe(reference.now);
  };

  for (const c of commands) {
    if (c.op === 'schedule') {
      schedule(c.delay, c.child, c.absolute);
    } else if (c.op === 'burst') {
      let x = c.seed;
      for (let i = 0; i < c.count; i++) {
        x = (x * 1103515245 + 12345) % 2 ** 31;
        schedule(x % 500, null, false);
      }
    } else if (c.op === 'cancel' && ids.length > 0) {
      const index = c.pick % ids.length;
      expect(engine.cancel(ids[index]!)).toBe(reference.cancel(index));
    } else if (c.op === 'run') {
      runBoth(engine.now + c.span);
    }
    expect(ids.length).toBe(reference.scheduled);
    expect(engine.pending).toBe(reference.length);
    expect(engine.eventCount).toBe(reference.ran.length);
  }
  runBoth(Infinity);
  expect(engine.pending).toBe(0);
  expect(engine.eventCount).toBe(log.length);
}

describe('Engine', () => {
  it('runs events in (time, scheduling order), matching a reference under any interleaving of schedule, cancel and run-until', () => {
    fc.assert(fc.property(fc.array(command, { maxLength: 120, size: 'max' }), checkAgainstReference), { seed: 7, numRuns: 150 });
  });

  it('runs simultaneous events in the order they were scheduled', () => {
    const { engine, log, record } = loggingEngine();
    engine.schedule(10, record, 1);
    engine.at(10, record, 2);
    engine.schedule(5, record, 0);
    engine.schedule(10, record, 3);
    engine.run();
    expect(log).toEqual([[5, 0], [10, 1], [10, 2], [10, 3]]);
  });

  it('runs an event scheduled with zero delay from a handler after the events already due at that time', () => {
    const { engine, log, record } = loggingEngine();
    engine.schedule(10, () => {
      record(0);
      engine.schedule(0, record, 2);
    });
    engine.schedule(10, record, 1);
    engine.run();
    expect(log).toEqual([[10, 0], [10, 1], [10, 2]]);
  });

  it('keeps time order across more than 1024 pending events', () => {
    const { engine, log, record } = loggingEngine();
    for (let i = 0; i < 3000; i++) engine.schedule(3000 - i, record, i);
    expect(engine.pending).toBe(3000);
    engine.run();
    expect(log).toEqual(Array.from({ length: 3000 }, (_, k) => [k + 1, 2999 - k]));
  });

  it('cancels a pending event once: true, then false, and the event never runs', () => {
    const { engine, log, record } = loggingEngine();
    const id = engine.schedule(10, record, 1);
    engine.schedule(20, record, 2);
    expect(engine.cancel(id)).toBe(true);
    expect(engine.cancel(id)).toBe(false);
    expect(engine.pending).toBe(1);
    engine.run();
    expect(log).toEqual([[20, 2]]);
    expect(engine.eventCount).toBe(1);
  });

  it('refuses to cancel an event that already ran, including from its own handler', () => {
    const { engine, record } = loggingEngine();
    const results: boolean[] = [];
    const self: number = engine.schedule(5, () => results.push(engine.cancel(self)));
    const ran = engine.schedule(1, record, 0);
    engine.run();
    expect(results).toEqual([false]);
    expect(engine.cancel(ran)).toBe(false);
    expect(engine.cancel(self)).toBe(false);
  });

  it('runs events at exactly untilNs, stops before later ones and leaves the clock at untilNs', () => {
    const { engine, log, record } = loggingEngine();
    engine.schedule(100, record, 1);
    engine.schedule(100, record, 2);
    engine.schedule(101, record, 3);
    engine.schedule(40, record, 0);
    engine.run({ untilNs: 100 });
    expect(log).toEqual([[40, 0], [100, 1], [100, 2]]);
    expect(engine.now).toBe(100);
    expect(engine.pending).toBe(1);
    engine.run({ untilNs: 250 });
    expect(log.at(-1)).toEqual([101, 3]);
    expect(engine.now).toBe(250);
  });

  it('advances the clock to untilNs when no event is due', () => {
    const engine = new Engine();
    engine.run({ untilNs: 1000 });
    expect(engine.now).toBe(1000);
    expect(engine.eventCount).toBe(0);
  });

  it('keeps the clock on a whole nanosecond when untilNs is fractional', () => {
    const { engine, log, record } = loggingEngine();
    engine.schedule(10, record, 0);
    engine.run({ untilNs: 10.7 });
    expect(engine.now).toBe(10);
    engine.schedule(1, record, 1);
    engine.run();
    expect(log).toEqual([[10, 0], [11, 1]]);
  });

  it('never moves the clock backwards when untilNs is in the past', () => {
    const engine = new Engine();
    engine.run({ untilNs: 500 });
    engine.run({ untilNs: 200 });
    expect(engine.now).toBe(500);
  });

  it('returns from run() on an empty queue without moving the clock', () => {
    const engine = new Engine();
    engine.run();
    expect(engine.now).toBe(0);
    expect(engine.eventCount).toBe(0);
  });

  it('stops after the event whose handler calls stop(), and resumes on the next run()', () => {
    const { engine, log, record } = loggingEngine();
    engine.schedule(1, record, 1);
    engine.schedule(2, (data) => {
      record(data);
      engine.stop();
    }, 2);
    engine.schedule(2, record, 3);
    engine.schedule(3, record, 4);
    engine.run({ untilNs: 100 });
    expect(log).toEqual([[1, 1], [2, 2]]);
    expect(engine.now).toBe(2);
    expect(engine.pending).toBe(2);
    engine.run();
    expect(log).toEqual([[1, 1], [2, 2], [2, 3], [3, 4]]);
  });

  it('throws a RangeError when scheduling into the past', () => {
    const engine = new Engine();
    engine.run({ untilNs: 100 });
    expect(() => engine.schedule(-1, () => {})).toThrow(RangeError);
    expect(() => engine.schedule(Number.NaN, () => {})).toThrow(RangeError);
    expect(() => engine.at(99, () => {})).toThrow(/before now \(100 ns\)/);
    expect(engine.pending).toBe(0);
  });

  it('throws a RangeError for an infinite delay or time, which would never run', () => {
    const engine = new Engine();
    expect(() => engine.schedule(Infinity, () => {})).toThrow(RangeError);
    expect(() => engine.at(Infinity, () => {})).toThrow(RangeError);
    expect(engine.pending).toBe(0);
  });

  it('rounds delays and absolute times to whole nanoseconds', () => {
    const { engine, log, record } = loggingEngine();
    engine.schedule(2.4, record, 0);
    engine.schedule(2.6, record, 1);
    engine.at(7.5, record, 2);
    engine.schedule(0.3, record, 3);
    engine.run();
    expect(log).toEqual([[0, 3], [2, 0], [3, 1], [8, 2]]);
  });

  it('passes the scheduled data to the handler, 0 when none is given', () => {
    const seen: number[] = [];
    const engine = new Engine();
    engine.schedule(1, (d) => seen.push(d), 42.5);
    engine.at(2, (d) => seen.push(d));
    engine.run();
    expect(seen).toEqual([42.5, 0]);
  });

  it('counts executed events and live pending events exactly', () => {
    const { engine, record } = loggingEngine();
    const ids = Array.from({ length: 10 }, (_, i) => engine.schedule(i, record, i));
    engine.cancel(ids[3]!);
    engine.cancel(ids[8]!);
    expect(engine.pending).toBe(8);
    expect(engine.eventCount).toBe(0);
    engine.run({ untilNs: 4 });
    expect(engine.eventCount).toBe(4);
    expect(engine.pending).toBe(4);
    engine.run();
    expect(engine.eventCount).toBe(8);
    expect(engine.pending).toBe(0);
  });
});
