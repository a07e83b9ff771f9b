// An application host that is one Node.js process: a single thread turning libuv's event loop.
// Work that I/O or a timer triggers (a reply arriving, an open-loop arrival) waits for the loop's
// next poll: a turn takes every such item that is ready when it starts, pays `turnCpu` (epoll_wait's
// return and libuv's bookkeeping), then runs them, then pays `tailCpu` (libuv's later phases and
// the next epoll_wait's entry) before it polls again; items that become ready meanwhile wait for the
// next turn. The tail is off the path of the requests the callbacks sent: on two cores, the server
// works on them while the client finishes its turn. The poll orders its items as epoll in
// level-triggered mode (libuv's) does: a socket the previous poll reported keeps its place in the
// kernel's ready list, so items from the sources the previous turn took come first, then the
// others, each group in the order it became ready. Work that a running callback triggers (parsing
// a reply resolves a promise, and the application's continuation sends its next request) runs
// right after that callback, before the turn's next item:
// JavaScript runs each callback to completion, with its microtasks. So, when several connections
// are busy, the request a turn sends last cannot be answered before the next poll and waits a whole
// further turn, and the turn's cost is shared by the replies it finds.
// Garbage collection (with `gc`): V8 stops the thread for a young-generation scavenge each time the
// allocations fill its nursery; a request's callbacks allocate about in proportion to their CPU, so
// the loop pauses for gc.pause after every gc.every of callback CPU, at the end of the callback
// that crossed it (once per gc.every crossed; a pause delays everything the loop holds: the replies
// waiting and the requests not yet sent). Each loop starts at its own point of that cycle (the
// caller's `gcPhase`, 0–1), as processes started apart do, so that the hosts' pauses do not fall
// together. Measured with ioredis on this project's VM: one scavenge per ≈ 3,500 requests at 1, 8
// and 32 connections alike, of 1.1–1.4 ms in a small script and 2–4.5 ms in calibrate's and the
// validation harness's larger processes; calibrate measures both.
// On a machine shared with other processes (scenario `machines`), each turn, callback and tail also
// waits for one of the machine's cores (core-schedule.ts); a turn polls when it gets its core, so
// it takes what became ready while it waited.
// Abstracted away: the loop's separate phases (timer, check and close callbacks are taken with
// the turn's I/O), a poll's cost varying with the number of ready sockets, the spread of GC pauses
// (each lasts their mean), major collections' concurrent marking, preemption by other processes,
// libuv's thread pool (a Redis client does not use it).
// Parameters: turnCpu and tailCpu (ns per turn; calibrate splits what it measures per turn between
// them, service-calibration.ts); gc.every and gc.pause (ns); each item's work (ns) comes from the caller.

import type { Engine, EventHandler } from '../../sim/engine/engine.js';
import type { CoreSchedule } from './core-schedule.js';
import type { HostCpu } from './host-cpu.js';
import { indexOf, ItemQueue, type Item } from './work-items.js';

/** CPU per turn: before its callbacks (turnNs) and after them, before the next poll (tailNs). */
export interface EventLoopTurn {
  turnNs: number;
  tailNs?: number;
}

/** Garbage-collection pauses: one of pauseNs after every everyNs of callback CPU. */
export interface EventLoopGc {
  everyNs: number;
  pauseNs: number;
}

export class EventLoop implements HostCpu {
  private readonly handlers: EventHandler[] = [];
  private readonly handlerIndex = new Map<EventHandler, number>();
  private readonly sourceIndex = new Map<object, number>();
  /** Per source, the turn whose poll last took an item of it. */
  private readonly polledInTurn: number[] = [];
  /** Items I/O and timers made ready since the last poll, in order. */
  private readonly ready = new ItemQueue();
  /** The current turn's items, in the poll's order. */
  private readonly batch = new ItemQueue();
  /** Items the running callback triggered: they run before the turn goes on. */
  private readonly triggered = new ItemQueue();
  private turnNumber = 0;
  private busy = false;
  /** Whether the current turn has still to pay its tail. */
  private tailDue = false;
  private readonly turnCpuNs: number;
  private readonly tailCpuNs: number;
  readonly cores = 1;
  /** CPU-ns of turns and items started, and the work and end of the one in progress. */
  private committedNs = 0;
  private currentWorkNs = 0;
  private currentEndNs = 0;
  private dispatching = false;
  private readonly item: Item = { workNs: 0, handler: 0, data: 0, source: -1 };
  private readonly current: Item = { workNs: 0, handler: 0, data: 0, source: -1 };
  private readonly onPolled = (): void => this.next();
  private readonly onWoken = (): void => this.turn();
  private readonly onPollDue = (): void => this.poll();
  private readonly onItemDone = (): void => this.itemDone();
  /** Callback CPU since the last GC pause, ns. */
  private sinceGcNs = 0;

  /** `gcPhase`: how far into its first GC cycle the loop starts, 0 ≤ phase < 1; `machine`: the cores the loop's thread shares with the other processes of its machine, if any. */
  constructor(private readonly engine: Engine, turn: EventLoopTurn, private readonly gc: EventLoopGc | null = null, gcPhase = 0,
    private readonly machine: CoreSchedule | null = null) {
    this.turnCpuNs = turn.turnNs;
    this.tailCpuNs = turn.tailNs ?? 0;
    for (const [what, ns] of [['turn', this.turnCpuNs], ['tail', this.tailCpuNs]] as const) {
      if (!(ns >= 0 && ns < Infinity)) throw new RangeError(`an event loop's ${what} CPU must be finite and ≥ 0 ns, got ${ns}`);
    }
    if (gc && !(gc.everyNs > 0 && gc.pauseNs >= 0)) throw new RangeError(`an event loop's GC must come after more than 0 ns of work and pause ≥ 0 ns, got every ${gc.everyNs}, pause ${gc.pauseNs}`);
    if (!(gcPhase >= 0 && gcPhase < 1)) throw new RangeError(`an event loop's GC phase must be in [0, 1), got ${gcPhase}`);
    if (gc) this.sinceGcNs = gcPhase * gc.everyNs;
  }

  run(workNs: number, done: EventHandler, data: number, source?: object | null): void {
    const item = this.item;
    item.workNs = workNs;
    item.handler = indexOf(this.handlerIndex, done, this.handlers, done);
    item.data = data;
    if (this.dispatching) {
      item.source = -1;
      this.triggered.push(item);
      return;
    }
    item.source = source ? indexOf(this.sourceIndex, source, this.polledInTurn, -1) : -1;
    this.ready.push(item);
    if (this.busy) return;
    this.busy = true;
    this.engine.schedule(0, this.onWoken);
  }

  /** A turn: its CPU, and its poll when it has a core (an idle loop wakes in the instant its first item became ready; on a shared machine it polls when one of the machine's cores takes it). */
  private turn(): void {
    this.commit(this.turnCpuNs, this.onPolled);
    const startNs = this.currentEndNs - this.turnCpuNs;
    if (this.machine && startNs > this.engine.now) this.engine.at(startNs, this.onPollDue);
    else this.poll();
  }

  /** Polls: the turn takes the items ready now. */
  private poll(): void {
    const previous = this.turnNumber++;
    const item = this.item;
    const n = this.ready.length;
    for (let i = 0; i < n; i++) {
      this.ready.shift(item);
      if (item.source >= 0 && this.polledInTurn[item.source] === previous) {
        this.batch.push(item);
        this.polledInTurn[item.source] = this.turnNumber;
      } else this.ready.push(item);
    }
    while (this.ready.length > 0) {
      this.ready.shift(item);
      this.batch.push(item);
      if (item.source >= 0) this.polledInTurn[item.source] = this.turnNumber;
    }
    this.tailDue = this.tailCpuNs > 0;
  }

  /** Runs `workNs` of the loop's thread, then `then`. */
  private commit(workNs: number, then: () => void): void {
    const now = this.engine.now;
    this.committedNs += workNs;
    this.currentWorkNs = workNs;
    if (this.machine && workNs > 0) {
      this.currentEndNs = this.machine.book(now, workNs);
      this.engine.at(this.currentEndNs, then);
    } else {
      this.currentEndNs = now + workNs;
      this.engine.schedule(workNs, then);
    }
  }

  busyNsAt(nowNs: number): number {
    return this.committedNs - Math.min(this.currentWorkNs, Math.max(0, this.currentEndNs - nowNs));
  }

  private next(): void {
    if (this.triggered.length > 0) this.execute(this.triggered);
    else if (this.batch.length > 0) this.execute(this.batch);
    else if (this.tailDue) {
      this.tailDue = false;
      this.commit(this.tailCpuNs, this.onPolled);
    } else if (this.ready.length > 0) this.turn();
    else this.busy = false;
  }

  private execute(from: ItemQueue): void {
    from.shift(this.current);
    let ns = this.current.workNs;
    const gc = this.gc;
    if (gc) {
      this.sinceGcNs += ns;
      if (this.sinceGcNs >= gc.everyNs) {
        const pauses = Math.floor(this.sinceGcNs / gc.everyNs);
        this.sinceGcNs -= pauses * gc.everyNs;
        ns += pauses * gc.pauseNs;
      }
    }
    this.commit(ns, this.onItemDone);
  }

  private itemDone(): void {
    this.dispatching = true;
    this.handlers[this.current.handler]!(this.current.data);
    this.dispatching = false;
    this.next();
  }
}
