// Redis 6/7's threaded I/O (`io-threads`, `io-threads-do-reads`; src/networking.c in Redis 7.0:
// handleClientsWithPendingWritesUsingThreads, stopThreadedIOIfNeeded, postponeClientRead,
// handleClientsWithPendingReadsUsingThreads). `threads` counts the main thread; commands always run
// on the main thread. In beforeSleep the replies of the iteration are written: by the main thread
// alone when fewer than 2·threads clients have pending writes (the threads are then stopped), else
// spread round-robin over the threads, the main thread writing its share and spinning until the
// others are done, so the write phase lasts ceil(n/threads) writes. While the threads are active
// and reads are threaded, the reads of an iteration's requests are postponed and done the same way
// before its commands run: a read phase of ceil(k/threads) reads. A request's own cost on the main
// thread is then `request` less its write share (always written in the write phase) and, when its
// iteration's reads are threaded, less its read share.
// Abstracted: the threads' CPU on other cores (the busy accounting is the main thread's), the
// spinning's own cost, writes of unequal size (each is the same share of `request`), and the
// invalidation messages of client tracking (written as before).
// Parameters: threads (io-threads), doReads (io-threads-do-reads), readShare and writeShare of the
// request cost (cost.ioReadShare, cost.ioWriteShare: estimates, see docs/models.md).

import type { ServerTask } from './server-hooks.js';

export class IoThreads implements ServerTask {
  /** The threads wrote the last write phase (io_threads_active). */
  private active = false;
  /** The current iteration's reads are done by the threads. */
  private readsThreaded = false;
  /** The write phase of the current beforeSleep has run. */
  wrote = false;

  constructor(
    private readonly threads: number, private readonly doReads: boolean,
    private readonly requestNs: number, private readonly readShare: number, private readonly writeShare: number,
  ) {}

  /** An iteration of `requests` requests begins: the read phase before them, ns (0 when the main thread reads). */
  iterationBegan(requests: number): number {
    this.readsThreaded = this.active && this.doReads;
    return this.readsThreaded ? Math.ceil(requests / this.threads) * this.readShare * this.requestNs : 0;
  }

  /** A request's cost on the main thread beyond its commands, ns. */
  get requestCostNs(): number {
    return this.requestNs * (1 - this.writeShare - (this.readsThreaded ? this.readShare : 0));
  }

  /** The write phase of `pending` replies, ns (the task's cost; it decides whether the threads write). */
  begin(pending: number): number {
    this.active = pending >= 2 * this.threads;
    return (this.active ? Math.ceil(pending / this.threads) : pending) * this.writeShare * this.requestNs;
  }

  finish(): void {}

  /** The process died: the threads start stopped again. */
  reset(): void {
    this.active = false;
    this.readsThreaded = false;
    this.wrote = false;
  }
}
