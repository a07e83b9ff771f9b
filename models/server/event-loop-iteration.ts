// One Redis server's event-loop iterations (Redis 7.0 src/ae.c aeProcessEvents, src/server.c
// beforeSleep): an iteration runs every job (request or task) waiting on the thread when it began,
// then beforeSleep: its hooks (a cluster node's nodes.conf save, client tracking's BCAST flush,
// appendfsync always), each of which may first run work of its own as an iteration of one job, then
// the writes of every connection with output (pending-writes.ts), newest first, on the thread (its
// own work, after which the next job starts): the replies to clients, to the cluster tool and to a
// MIGRATE, CLUSTER SLOTS', the invalidations and published messages. Output queued while no
// iteration runs leaves at once. A job that blocks the thread (MIGRATE waiting for its target) keeps
// its place in the iteration until the work it returns with ends. With `replies: per-command` the output a job queued leaves as it ends, and beforeSleep
// writes nothing (the replies of an ideal FIFO server, for queueing-theory checks).
// Abstracted away: a crash or a pause during the writes (what they were writing still leaves on
// time), and on a shared machine the writes wait for a core as a piece of their own.
// Parameters: the time of one write (cost.write, ns; 0 with `serviceTime` or per-command replies).

import type { Engine } from '../../sim/engine/engine.js';
import type { FifoExecutor } from '../host/fifo-executor.js';
import type { Channel } from '../network/network.js';
import type { IoThreads } from './io-threads.js';
import { PendingWrites, type WriteSender } from './pending-writes.js';
import type { BeforeWrites } from './server-hooks.js';

export class EventLoopIteration {
  /** Jobs of the current iteration not yet finished (0: the next job begins an iteration). */
  private jobsLeft = 0;
  /** Output waiting for beforeSleep's writes (the requests' replies, invalidations, published messages). */
  private readonly pending = new PendingWrites();
  /** beforeSleep's work before the writes, in the order added, before `last`'s. */
  private readonly hooks: BeforeWrites[] = [];

  /**
   * `perIteration`: replies wait for beforeSleep's writes (Redis), instead of leaving as each job
   * ends; `writeNs`: the thread's time for one write; `io`: I/O threads sharing the writes, if any;
   * `last`: the server's own beforeSleep work after the hooks (client tracking's flush, the fsync);
   * `wrote`: told the thread's time for each iteration's writes, ns.
   */
  constructor(
    private readonly engine: Engine,
    private readonly executor: FifoExecutor,
    private readonly last: BeforeWrites,
    private readonly io: IoThreads | null,
    readonly perIteration: boolean,
    readonly writeNs: number,
    private readonly wrote: (busyNs: number) => void,
  ) {}

  /** Whether an iteration is running (its beforeSleep is still to come). */
  get running(): boolean {
    return this.jobsLeft > 0;
  }

  /** Runs `hook` in every beforeSleep, before the writes, after the hooks added before it. */
  addHook(hook: BeforeWrites): void {
    this.hooks.push(hook);
  }

  /** A job begins; true when it begins an iteration (of itself and the jobs waiting behind it). */
  jobBegins(): boolean {
    if (this.jobsLeft > 0) return false;
    this.jobsLeft = 1 + this.executor.queueLength;
    return true;
  }

  /** A job ended: its output leaves now with per-command replies; the last job of the iteration runs beforeSleep, unless it blocked the thread (the work it returns with takes its place). */
  jobEnded(): void {
    if (!this.perIteration && this.pending.writes > 0) this.pending.flush(0, 0, 1);
    if (this.executor.blocked) return;
    if (--this.jobsLeft === 0) this.beforeSleep();
  }

  /** From a hook's beforeWrites: the next job is an iteration of its own, after which beforeSleep runs again. */
  hookJobNext(): void {
    this.jobsLeft = 1;
  }

  /** Queues output on `channel` (null: a connection of the sender's own) for beforeSleep's writes; sent now if no iteration is running. */
  queueWrite(channel: Channel | null, sender: WriteSender, data: number): void {
    if (this.jobsLeft > 0) this.pending.queue(channel, sender, data);
    else sender.sendWritten(data, 0);
  }

  /** The process died: the iteration, its output and the hooks' pending work are lost. */
  crashed(): void {
    this.jobsLeft = 0;
    this.pending.clear();
    for (const hook of this.hooks) hook.crashed?.();
  }

  private beforeSleep(): void {
    for (const hook of this.hooks) if (hook.beforeWrites()) return;
    if (this.last.beforeWrites()) return;
    const writes = this.pending.writes;
    if (writes === 0) return;
    const threads = this.io ? this.io.writers(writes) : 1;
    const busyNs = Math.ceil(writes / threads) * this.writeNs;
    const startNs = this.executor.occupy(busyNs);
    this.pending.flush(startNs - this.engine.now, this.writeNs, threads);
    this.wrote(busyNs);
  }
}
