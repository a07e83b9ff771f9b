// A host's CPU: `cores` identical cores serving work items FIFO (core-schedule.ts). Because items
// are served in submission order and their work is known when submitted, each item's start is the
// earliest core-free time, so a pool needs one event per item (its completion) and no queue. On a
// machine shared with other processes (scenario `machines`), the pool's cores are its threads: an
// item waits, FIFO, for a free thread, and from then for one of the machine's cores, booked when
// the thread starts it (so a busy pool holds no machine core it does not use; its waiting items
// queue as an event loop's do, work-items.ts); an item of no work needs no machine core.
// Abstracted away: scheduling quanta, preemption, hyper-threads, cache effects.
// Parameters: cores (count); work per item (ns) given by the caller.

import type { Engine, EventHandler } from '../../sim/engine/engine.js';
import { CoreSchedule } from './core-schedule.js';
import type { HostCpu } from './host-cpu.js';
import { indexOf, ItemQueue, type Item } from './work-items.js';

/** The pool's threads on a shared machine: each runs one item at a time, booked on the machine when it starts. */
class MachineThreads {
  private readonly endNs: Float64Array;
  private readonly workNs: Float64Array;
  /** Per thread, the index of its item's handler (−1: idle), and the item's data. */
  private readonly handler: Int32Array;
  private readonly data: Float64Array;
  private readonly free: number[];
  private readonly handlers: EventHandler[] = [];
  private readonly handlerIndex = new Map<EventHandler, number>();
  /** Items waiting for a thread, FIFO. */
  private readonly waiting = new ItemQueue();
  private readonly item: Item = { workNs: 0, handler: 0, data: 0, source: -1 };
  private committedNs = 0;
  private readonly onDone: EventHandler = (thread) => this.finish(thread);

  constructor(private readonly engine: Engine, threads: number, private readonly machine: CoreSchedule) {
    this.endNs = new Float64Array(threads);
    this.workNs = new Float64Array(threads);
    this.handler = new Int32Array(threads).fill(-1);
    this.data = new Float64Array(threads);
    this.free = Array.from({ length: threads }, (_, i) => threads - 1 - i);
  }

  run(workNs: number, done: EventHandler, data: number): void {
    const item = this.item;
    item.workNs = workNs;
    item.handler = indexOf(this.handlerIndex, done, this.handlers, done);
    item.data = data;
    const thread = this.free.pop();
    if (thread !== undefined) this.start(thread, item);
    else this.waiting.push(item);
  }

  /** Work started minus what the items in progress still have ahead. */
  busyNsAt(nowNs: number): number {
    let ahead = 0;
    for (let t = 0; t < this.endNs.length; t++) {
      if (this.handler[t]! >= 0) ahead += Math.min(this.workNs[t]!, Math.max(0, this.endNs[t]! - nowNs));
    }
    return this.committedNs - ahead;
  }

  private start(thread: number, item: Item): void {
    const endNs = item.workNs > 0 ? this.machine.book(this.engine.now, item.workNs) : this.engine.now;
    this.endNs[thread] = endNs;
    this.workNs[thread] = item.workNs;
    this.handler[thread] = item.handler;
    this.data[thread] = item.data;
    this.committedNs += item.workNs;
    this.engine.at(endNs, this.onDone, thread);
  }

  private finish(thread: number): void {
    const done = this.handlers[this.handler[thread]!]!;
    const data = this.data[thread]!;
    this.handler[thread] = -1;
    if (this.waiting.length > 0) {
      this.waiting.shift(this.item);
      this.start(thread, this.item);
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
