// One simulation run's clock and event loop. An instance per run, never a global.
// Handlers are plain functions taking one number (an index, an id, a code), so a model binds its
// handlers once and scheduling allocates nothing per event.
import { EventQueue } from './event-queue.js';
export class Engine {
    queue = new EventQueue();
    nowNs = 0;
    stopped = false;
    executed = 0;
    /** Current virtual time in integer nanoseconds. */
    get now() {
        return this.nowNs;
    }
    /** Events executed so far. */
    get eventCount() {
        return this.executed;
    }
    /** Live events waiting. */
    get pending() {
        return this.queue.length;
    }
    /** Runs `handler(data)` after `delayNs` (rounded to whole nanoseconds). Returns an id for `cancel`. */
    schedule(delayNs, handler, data = 0) {
        if (!(delayNs >= 0 && delayNs < Infinity))
            throw new RangeError(`cannot schedule after ${delayNs} ns: a delay must be finite and ≥ 0`);
        return this.queue.push(this.nowNs + Math.round(delayNs), handler, data);
    }
    /** Runs `handler(data)` at the absolute time `timeNs` (not before now). */
    at(timeNs, handler, data = 0) {
        if (!(timeNs >= this.nowNs && timeNs < Infinity))
            throw new RangeError(`cannot schedule at ${timeNs} ns: a time must be finite and not before now (${this.nowNs} ns)`);
        return this.queue.push(Math.round(timeNs), handler, data);
    }
    /** Cancels a scheduled event; false if it already ran or was cancelled. */
    cancel(id) {
        return this.queue.cancel(id);
    }
    /** Executes events in (time, seq) order until the queue empties, `untilNs` is passed, `untilEvents` have run, or `stop()` is called. */
    run(options = {}) {
        const untilNs = Math.floor(options.untilNs ?? Infinity);
        const untilEvents = options.untilEvents ?? Infinity;
        const queue = this.queue;
        this.stopped = false;
        while (!this.stopped && this.executed < untilEvents) {
            const timeNs = queue.peekTime();
            if (timeNs > untilNs || timeNs === Infinity) {
                if (untilNs !== Infinity && untilNs > this.nowNs)
                    this.nowNs = untilNs;
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
    stop() {
        this.stopped = true;
    }
}
//# sourceMappingURL=engine.js.map