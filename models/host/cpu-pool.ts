// A host's CPU: `cores` identical cores serving work items FIFO (core-schedule.ts). Because items
// are served in submission order and their work is known when submitted, each item's start is the
// earliest core-free time, so a pool needs one event per item (its completion) and no queue. On a
// machine shared with other processes (scenario `machines`), the pool's cores are its threads: an
// item waits, FIFO, for a free thread, and from then for one of the machine's cores, booked when
// the thread starts it (so a busy pool holds no machine core it does not use); an item of no work
// needs no machine core.
// Abstracted away: scheduling quanta, preemption, hyper-threads, cache effects.
// Parameters: cores (count); work per item (ns) given by the caller.

import { IntQueue } from '../../sim/collections/int-queue.js';
import type { Engine, EventHandler } from '../../sim/engine/engine.js';
import { CoreSchedule } from './core-schedule.js';
import type { HostCpu } from './host-cpu.js';

/** The pool's threads on a shared machine: each runs one item at a time, booked on the machine when it starts. */
class MachineThreads {
  private readonly endNs: Float64Array;
  private readonly workNs: Float64Array;
  private readonly done: (EventHandler | null)[];
  private readonly data: Float64Array;
  private readonly free: number[];
  /** Items waiting for a thread, FIFO: work, then data; their handlers in `waitingDone` from `doneHead` on, in the same order. */
  private readonly waiting = new IntQueue();
  private waitingDone: EventHandler[] = [];
  private doneHead = 0;
  private committedNs = 0;
  private readonly onDone: EventHandler = (thread) => this.finish(thread);

  constructor(private readonly engine: Engine, threads: number, private readonly machine: CoreSchedule) {
    this.endNs = new Float64Array(threads);
    this.workNs = new Float64Array(threads);
    this.data = new Float64Array(threads);
    this.done = new Array<EventHandler | null>(threads).fill(null);
    this.free = Array.from({ length: threads }, (_, i) => threads - 1 - i);
  }

  run(workNs: number, done: EventHandler, data: number): void {
    const thread = this.free.pop();
    if (thread !== undefined) this.start(thread, workNs, done, data);
    else {
      this.waiting.push(workNs);
      this.waiting.push(data);
      this.waitingDone.push(done);
    }
  }

  /** Work started minus what the items in progress still have ahead. */
  busyNsAt(nowNs: number): number {
    let ahead = 0;
    for (let t = 0; t < this.endNs.length; t++) {
      if (this.done[t] !== null) ahead += Math.min(this.workNs[t]!, Math.max(0, this.endNs[t]! - nowNs));
    }
    return this.committedNs - ahead;
  }

  private start(thread: number, workNs: number, done: EventHandler, data: number): void {
    const endNs = workNs > 0 ? this.machine.book(this.engine.now, workNs) : this.engine.now;
    this.endNs[thread] = endNs;
    this.workNs[thread] = workNs;
    this.done[thread] = done;
    this.data[thread] = data;
    this.committedNs += workNs;
    this.engine.at(endNs, this.onDone, thread);
  }

  private finish(thread: number): void {
    const done = this.done[thread]!;
    const data = this.data[thread]!;
    this.done[thread] = null;
    if (this.waiting.length > 0) {
      const workNs = this.waiting.shift();
      const nextData = this.waiting.shift();
      const next = this.waitingDone[this.doneHead++]!;
      if (this.doneHead === this.waitingDone.length) {
        this.waitingDone.length = 0;
        this.doneHead = 0;
      } else if (this.doneHead >= 1024 && this.doneHead * 2 >= this.waitingDone.length) {
        this.waitingDone = this.waitingDone.slice(this.doneHead);
        this.doneHead = 0;
      }
      this.start(thread, workNs, next, nextData);
    } else this.free.push(thread);
    done(data);
  }
}

export class CpuPool implements HostCpu {
  private readonly threads: CoreSchedule;
  private readonly onMachine: MachineThreads | null;

  constructor(private readonly engine: Engine, readonly cores: number, machine: CoreSchedule | null = null) {
    this.threads = new CoreSchedule(cores);
    this.onMachine = machine ? new MachineThreads(engine, cores, machine) : null;
  }

  /** Runs `workNs` of CPU work on the earliest free of its cores, then `done(data)`. */
  run(workNs: number, done: EventHandler, data: number): void {
    if (this.onMachine) {
      this.onMachine.run(workNs, done, data);
      return;
    }
    this.engine.at(this.threads.book(this.engine.now, workNs), done, data);
  }

  /** Each core is busy without a gap from the start of its current work to its free time (core-schedule.ts). */
  busyNsAt(nowNs: number): number {
    return this.onMachine ? this.onMachine.busyNsAt(nowNs) : this.threads.busyNsAt(nowNs);
  }
}
