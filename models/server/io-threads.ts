// Redis 6/7's threaded I/O (`io-threads`, `io-threads-do-reads`; src/networking.c in Redis 7.0:
// handleClientsWithPendingWritesUsingThreads, stopThreadedIOIfNeeded, postponeClientRead,
// handleClientsWithPendingReadsUsingThreads). `threads` counts the main thread; commands always run
// on the main thread. In beforeSleep the connections with output are written (pending-writes.ts): by
// the main thread alone when fewer than 2·threads have output (the threads are then stopped), else
// spread round-robin over the threads, the main thread writing its share and spinning until the
// others are done, so the writes last ceil(n/threads) writes. While the threads are active and reads
// are threaded, the reads of an iteration's requests are postponed and done the same way before its
// commands run: a read phase of ceil(k/threads) reads. A request's own cost on the main thread is
// then `request` less its reply's write (always done in the writes) and, when its iteration's reads
// are threaded, less its read: the read share of what is left.
// Abstracted: the threads' CPU on other cores (the busy accounting is the main thread's), the
// spinning's own cost, writes of unequal size (each takes `write`).
// Parameters: threads (io-threads), doReads (io-threads-do-reads), the request's cost less its
// reply's write (cost.request − cost.write) and its read share (cost.ioReadShare: an estimate, see
// docs/models.md).

export class IoThreads {
  /** The threads wrote the last writes (io_threads_active). */
  private active = false;
  /** The current iteration's reads are done by the threads. */
  private readsThreaded = false;

  /** Its read's part of a request's cost beyond its commands and its reply's write, ns. */
  private readonly readNs: number;

  constructor(
    private readonly threads: number, private readonly doReads: boolean,
    /** A request's cost beyond its commands and its reply's write, ns. */
    private readonly requestBeforeWriteNs: number, readShare: number,
  ) {
    this.readNs = readShare * requestBeforeWriteNs;
  }

  /** An iteration of `requests` requests begins: the read phase before them, ns (0 when the main thread reads). */
  iterationBegan(requests: number): number {
    this.readsThreaded = this.active && this.doReads;
    return this.readsThreaded ? Math.ceil(requests / this.threads) * this.readNs : 0;
  }

  /** A request's cost on the main thread beyond its commands, ns. */
  get requestCostNs(): number {
    return this.readsThreaded ? this.requestBeforeWriteNs - this.readNs : this.requestBeforeWriteNs;
  }

  /** The threads that write `writes` connections (1: the main thread alone); it decides whether the threads stay active. */
  writers(writes: number): number {
    this.active = writes >= 2 * this.threads;
    return this.active ? this.threads : 1;
  }

  /** The process died: the threads start stopped again. */
  reset(): void {
    this.active = false;
    this.readsThreaded = false;
  }
}
