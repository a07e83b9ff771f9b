// One simulation run's clock and event loop. An instance per run, never a global.
// Handlers are plain functions taking one number (an index, an id, a code), so a model binds its
// handlers once and scheduling allocates nothing per event.

import { EventQueue, type EventHandler } from './event-queue.js';

export type { EventHandler } from './event-queue.js';

export interface RunOptions {
  /** Stop before the first event later than this time (inclusive bound); the clock then reads untilNs, rounded down to a whole ns. */
  untilNs?: number;
  /** Stop once this many events have run in all (eventCount), whatever the time. */
  untilEvents?: number;
}

export class Engine {
  private readonly queue = new EventQueue();
  private nowNs = 0;
  private stopped = false;
  private executed = 0;

  /** Current virtual time in integer nanoseconds. */
  get now(): number {
    return this.nowNs;
  }

  /** Events executed so far. */
  get eventCount(): number {
    return this.executed;
  }

  /** Live events waiting. */
  get pending(): number {
    return this.queue.length;
  }

  /** Runs `handler(data)` after `delayNs` (rounded to whole nanoseconds). Returns an id for `cancel`. */
  schedule(delayNs: number, handler: EventHandler, data = 0): number {
    if (!(delayNs >= 0 && delayNs < Infinity)) throw new RangeError(`cannot schedule after ${delayNs} ns: a delay must be finite and ≥ 0`);
    return this.queue.push(this.nowNs + Math.round(delayNs), handler, data);
  }

  /** Runs `handler(data)` at the absolute time `timeNs` (not before now). */
  at(timeNs: number, handler: EventHandler, data = 0): number {
    if (!(timeNs >= this.nowNs && timeNs < Infinity)) throw new RangeError(`cannot schedule at ${timeNs} ns: a time must be finite and not before now (${this.nowNs} ns)`);
    return this.queue.push(Math.round(timeNs), handler, data);
  }

  /** Cancels a scheduled event; false if it already ran or was cancelled. */
  cancel(id: number): boolean {
    return this.queue.cancel(id);
  }

  /** Executes events in (time, seq) order until the queue empties, `untilNs` is passed, `untilEvents` have run, or `stop()` is called. */
  run(options: RunOptions = {}): void {
    const untilNs = Math.floor(options.untilNs ?? Infinity);
    const untilEvents = options.untilEvents ?? Infinity;
    const queue = this.queue;
    this.stopped = false;
    while (!this.stopped && this.executed < untilEvents) {
      const timeNs = queue.peekTime();
      if (timeNs > untilNs || timeNs === Infinity) {
        if (untilNs !== Infinity && untilNs > this.nowNs) this.nowNs = untilNs;
        return;
      }
      const slot = queue.popSlot();
      const handler = queue.handlerOf(slot);
      const data = queue.dataOf(slot);
      queue.release(slot);
      this.nowNs = timeNs;
      this.executed++;
      handler(data);
    }
  }

  /** Makes `run` return after the current event. */
  stop(): void {
    this.stopped = true;
  }
}
