// A host's CPU: `cores` identical cores serving work items FIFO (core-schedule.ts). Because items
// are served in submission order and their work is known when submitted, each item's start is the
// earliest core-free time, so a pool needs one event per item (its completion) and no queue. On a
// machine shared with other processes (scenario `machines`), an item that has a thread of the pool
// then waits for one of the machine's cores as well.
// Abstracted away: scheduling quanta, preemption, hyper-threads, cache effects.
// Parameters: cores (count); work per item (ns) given by the caller.

import type { Engine, EventHandler } from '../../sim/engine/engine.js';
import { CoreSchedule } from './core-schedule.js';
import type { HostCpu } from './host-cpu.js';

export class CpuPool implements HostCpu {
  private readonly threads: CoreSchedule;
  private committedNs = 0;

  constructor(private readonly engine: Engine, readonly cores: number, private readonly machine: CoreSchedule | null = null) {
    this.threads = new CoreSchedule(cores);
  }

  /** Runs `workNs` of CPU work on the earliest free of its cores, then `done(data)`. */
  run(workNs: number, done: EventHandler, data: number): void {
    const machine = this.machine;
    let endNs: number;
    if (machine && workNs > 0) {
      endNs = machine.book(this.threads.startAt(this.engine.now), workNs);
      this.threads.holdUntil(endNs);
    } else endNs = this.threads.book(this.engine.now, workNs);
    this.committedNs += workNs;
    this.engine.at(endNs, done, data);
  }

  /** Work committed minus what is booked ahead of `nowNs` (on a shared machine, ahead also counts an item's wait for a core: a few µs at any instant). */
  busyNsAt(nowNs: number): number {
    return this.committedNs - this.threads.aheadNs(nowNs);
  }
}
