// A single-threaded executor serving jobs FIFO (a Redis main thread, a queueing-theory server).
// The owner decides each job's service time when it starts (so it can depend on state at that
// moment) and is told when it finishes. Pausing (SIGSTOP) lets the running job finish its slice
// only after resume: the remaining service is shifted by the pause. Blocking (a synchronous call
// such as MIGRATE waiting for its peer) starts no new job until unblocked; it is independent of
// pausing. The call's own work when it returns (a job of the owner's) runs before every waiting job,
// as a job: a pause delays it, a crash (clear) drops it and ends the call (and the pause: a stopped
// process dies too, and the one restarted runs). On a machine shared with
// other processes (scenario `machines`), each job also waits for one of the machine's cores
// (core-schedule.ts); its effects still happen when it is taken from the queue. A resumed job books
// a core again for what it has left; the core it had booked stays booked until that booking's end
// (the machine counts it busy), as does a crashed job's: a few µs.
// The owner may also occupy the thread with work of its own after a job (a Redis server's writes in
// beforeSleep): no event unless a job arrives meanwhile, which then starts when that work ends. A
// pause shifts what is left of it; a crash drops it.
// Parameters: none; service times (ns) come from the owner.

import { IntQueue } from '../../sim/collections/int-queue.js';
import type { Engine } from '../../sim/engine/engine.js';
import type { CoreSchedule } from './core-schedule.js';

export interface ExecutorJobs {
  /** The job starts now; returns its service time in ns. */
  begin(job: number): number;
  /** The job's service ended now. */
  finish(job: number): void;
}

export class FifoExecutor {
  private readonly waiting = new IntQueue();
  private busy = false;
  private current = -1;
  private completionId = -1;
  private completionAtNs = 0;
  /** The job in service's service time (ns). */
  private serviceNs = 0;
  private pausedAtNs = -1;
  /** Service time of the jobs started so far (ns). */
  private committedNs = 0;
  private readonly onComplete = (): void => this.complete();
  /** Until when the owner's own work (occupy) holds the thread, and that work's length (less than the span on a machine whose core it waited for), ns; and the event that starts the next job then (-1: none). */
  private occupiedUntilNs = 0;
  private occupiedWorkNs = 0;
  private wakeId = -1;
  private readonly onWake = (): void => {
    this.wakeId = -1;
    if (this.idle && this.waiting.length > 0) this.startWhenFree();
  };

  /** `machine`: the cores this thread shares with the other processes of its machine, if any. */
  constructor(private readonly engine: Engine, private readonly jobs: ExecutorJobs, private readonly machine: CoreSchedule | null = null) {}

  /** Busy time from 0 to `nowNs`: service started minus what the job in service, or the owner's own work, still has ahead (all of it while paused; work waiting for a machine's core has all of it ahead). */
  busyNsAt(nowNs: number): number {
    if (!this.busy) return this.committedNs - this.occupiedAheadNs(this.paused ? this.pausedAtNs : nowNs);
    const ahead = Math.min(this.serviceNs, this.paused ? this.completionAtNs - this.pausedAtNs : Math.max(0, this.completionAtNs - nowNs));
    return this.committedNs - ahead;
  }

  /** Jobs waiting (not counting the one in service). */
  get queueLength(): number {
    return this.waiting.length;
  }

  get paused(): boolean {
    return this.pausedAtNs >= 0;
  }

  private isBlocked = false;

  /** Whether block() holds the thread (until unblock()). */
  get blocked(): boolean {
    return this.isBlocked;
  }

  /** Starts no new job until unblock() (the job in service, if any, still finishes). */
  block(): void {
    this.isBlocked = true;
  }

  /** Lifts block(); `continuation`, if given (the blocked call's own work when it returns), runs before every waiting job. */
  unblock(continuation?: number): void {
    this.isBlocked = false;
    if (continuation !== undefined) this.waiting.unshift(continuation);
    if (this.idle && this.waiting.length > 0) this.startWhenFree();
  }

  submit(job: number): void {
    if (this.idle && this.waiting.length === 0 && this.occupiedUntilNs <= this.engine.now) {
      this.start(job);
      return;
    }
    this.waiting.push(job);
    if (this.idle) this.startWhenFree();
  }

  /** Queues `job` ahead of every waiting one (work the owner must do before the rest). */
  submitFirst(job: number): void {
    this.waiting.unshift(job);
    if (this.idle) this.startWhenFree();
  }

  /**
   * From finish(): the thread works `workNs` more on the owner's own account, from now (on a shared
   * machine, from when a core takes it); jobs start after it. Returns when that work starts, ns.
   */
  occupy(workNs: number): number {
    const readyNs = Math.max(this.engine.now, this.occupiedUntilNs);
    const endNs = this.machine && workNs > 0 ? this.machine.book(readyNs, workNs) : readyNs + workNs;
    this.occupiedWorkNs = this.occupiedAheadNs(this.engine.now) + workNs;
    this.occupiedUntilNs = endNs;
    this.committedNs += workNs;
    return endNs - workNs;
  }

  /** What the owner's own work has left at `atNs`, ns. */
  private occupiedAheadNs(atNs: number): number {
    return Math.min(this.occupiedWorkNs, Math.max(0, this.occupiedUntilNs - atNs));
  }

  /** Neither serving, paused nor blocked (the owner's own work may still hold the thread). */
  private get idle(): boolean {
    return !this.busy && !this.paused && !this.blocked;
  }

  /** Starts the next waiting job now, or once the owner's own work ends. */
  private startWhenFree(): void {
    if (this.occupiedUntilNs <= this.engine.now) this.startNext();
    else if (this.wakeId < 0) this.wakeId = this.engine.at(this.occupiedUntilNs, this.onWake);
  }

  /** Stops serving (the process is frozen); jobs keep queueing. */
  pause(): void {
    if (this.paused) return;
    this.pausedAtNs = this.engine.now;
    if (this.busy) this.engine.cancel(this.completionId);
  }

  /** Resumes serving; the job that was in service finishes its remaining time. */
  resume(): void {
    if (!this.paused) return;
    const pausedAtNs = this.pausedAtNs;
    this.pausedAtNs = -1;
    const occupiedLeftNs = this.occupiedAheadNs(pausedAtNs);
    if (occupiedLeftNs > 0) {
      this.occupiedWorkNs = occupiedLeftNs;
      this.occupiedUntilNs = this.machine ? this.machine.book(this.engine.now, occupiedLeftNs) : this.engine.now + occupiedLeftNs;
    }
    if (this.busy) {
      if (this.machine) {
        const leftNs = Math.min(this.serviceNs, this.completionAtNs - pausedAtNs);
        this.serviceNs = leftNs;
        this.completionAtNs = leftNs > 0 ? this.machine.book(this.engine.now, leftNs) : this.engine.now;
      } else this.completionAtNs += this.engine.now - pausedAtNs;
      this.completionId = this.engine.at(this.completionAtNs, this.onComplete);
    } else if (this.waiting.length > 0 && !this.blocked) this.startWhenFree();
  }

  /** Drops every queued job and the one in service, and ends a blocked call and a pause (a crash: kill -9 ends a stopped process too); returns the dropped jobs. */
  clear(): number[] {
    const dropped: number[] = [];
    this.isBlocked = false;
    this.committedNs = this.busyNsAt(this.engine.now);
    this.occupiedWorkNs = 0;
    this.occupiedUntilNs = Math.min(this.occupiedUntilNs, this.paused ? this.pausedAtNs : this.engine.now);
    if (this.wakeId >= 0) this.engine.cancel(this.wakeId);
    this.wakeId = -1;
    if (this.busy) {
      this.engine.cancel(this.completionId);
      dropped.push(this.current);
      this.busy = false;
    }
    while (this.waiting.length > 0) dropped.push(this.waiting.shift());
    this.pausedAtNs = -1;
    return dropped;
  }

  private start(job: number): void {
    this.busy = true;
    this.current = job;
    const serviceNs = Math.round(this.jobs.begin(job));
    this.serviceNs = serviceNs;
    this.committedNs += serviceNs;
    this.completionAtNs = this.machine && serviceNs > 0 ? this.machine.book(this.engine.now, serviceNs) : this.engine.now + serviceNs;
    this.completionId = this.engine.at(this.completionAtNs, this.onComplete);
  }

  private complete(): void {
    // busy stays true during finish(), so a job submitted from it queues behind those waiting.
    this.jobs.finish(this.current);
    this.busy = false;
    if (this.waiting.length > 0 && !this.paused && !this.blocked) this.startWhenFree();
  }

  private startNext(): void {
    this.start(this.waiting.shift());
  }
}
