// Redis persistence on one server (REDIS-MODEL; redis.io "Redis persistence" and "Diagnosing
// latency issues"; Redis 7.0 src/rdb.c rdbSaveBackground, src/aof.c flushAppendOnlyFile,
// src/server.c serverCron's save points):
// - RDB (`rdb: { every, afterWrites }`, redis.conf `save <seconds> <changes>`): once `every` has passed
//   since the last save and at least `afterWrites` writes were made, BGSAVE forks (fork.ts: a pause
//   of `forkPerGB` per GB of dataset on the main thread).
//   The child writes the dataset as it was at the fork at `diskWrite` bytes/s; meanwhile every write
//   on the parent copies the pages it touches (one 4 KB page, or the value's pages), the
//   copy-on-write memory the report shows beside the dataset. A restart loads the last completed
//   snapshot: the writes after it are lost.
// - AOF (`aof: { fsync }`, appendfsync): every write is appended; `always`: beforeSleep writes and
//   fsyncs the iteration's writes on the main thread before any reply goes out (one fsync per
//   iteration: group commit), a draw from `fsyncLatency`; `everysec`: a background thread fsyncs once a
//   second; while it is still busy the main thread postpones its write, and after 2 s of postponing it
//   writes anyway and blocks until the fsync ends (src/aof.c's aof_delayed_fsync); `no`: the kernel
//   flushes. A restart reloads the AOF: every acknowledged write survives a process crash.
// - A restarted server with persistence loads its data at `loadPerGB` per GB, answering -LOADING
//   meanwhile.
// Abstracted: the RDB and AOF bytes (the dataset's memory is used as their size), AOF rewrites, the
// disk bandwidth shared by the child and the AOF, the child's CPU.
// Parameters: server.persistence (persistence-params in server-params.ts).

import type { Distribution } from '../../sim/dist/distribution.js';
import { createDistribution } from '../../sim/dist/registry.js';
import type { Engine, EventHandler } from '../../sim/engine/engine.js';
import type { Rng } from '../../sim/random/rng.js';
import type { Signal, SignalBus } from '../../sim/signal/signal.js';
import { SERVER_PERSISTENCE, type ServerPersistence } from '../signals.js';
import type { Keyspace, KeyspaceSnapshot } from './keyspace.js';
import type { PersistenceParams } from './server-params.js';

const PAGE_BYTES = 4096;
/** everysec: how long the main thread postpones its AOF write behind a busy fsync before it writes anyway (src/aof.c). */
const POSTPONE_LIMIT_NS = 2e9;
const SECOND_NS = 1e9;

/** The work persistence puts on the server's thread (its forks are the server's: fork.ts). */
const PersistenceWork = { fsync: 1, fsyncWait: 2 } as const;

/** What persistence needs of its server. */
export interface PersistedServer {
  readonly keyspace: Keyspace;
  /** Runs work `index` of this kind on the main thread before beforeSleep's writes. */
  beforeWrites(index: number): void;
  /** Forks behind the work queued, `then` starting the child; false if the process is down. */
  fork(then: () => void): boolean;
  /** Puts a snapshot's keys back (a restart's load). */
  load(key: number, valueBytes: number, expireAtNs: number, version: number): void;
}

export class Persistence {
  private writesSinceSave = 0;
  private lastSaveNs = 0;
  /** A fork is queued or a child is saving; the save's number (a crash abandons it). */
  private busy = false;
  private saving = false;
  private save = 0;
  /** The dataset at the last fork, and in the last completed snapshot (what a restart loads). */
  private snapshotting: KeyspaceSnapshot | null = null;
  private snapshot: KeyspaceSnapshot | null = null;
  private cowBytes = 0;
  private cowLimitBytes = 0;
  /** AOF: writes appended since the last flush, the background fsync's end, and when postponing began (−1: not postponing). */
  private appended = 0;
  private fsyncBusyUntilNs = 0;
  private postponedSinceNs = -1;
  private readonly fsyncLatency: Distribution | null;
  private readonly signal: Signal<ServerPersistence>;
  private readonly record: ServerPersistence = { server: 0, kind: 0, durationNs: 0, cowBytes: 0, datasetBytes: 0 };
  private readonly onCheck: EventHandler = () => this.check();
  private readonly onSaved: EventHandler = (save) => this.saved(save);
  private readonly onTick: EventHandler = () => this.backgroundFsync();
  private readonly onForked = (): void => this.forked();

  constructor(
    private readonly engine: Engine, private readonly params: PersistenceParams, private readonly server: PersistedServer,
    private readonly serverId: number, private readonly rng: Rng, bus: SignalBus,
  ) {
    this.fsyncLatency = params.aof ? createDistribution(params.aof.fsyncLatency) : null;
    this.signal = bus.signal<ServerPersistence>(SERVER_PERSISTENCE);
    if (params.rdb) engine.schedule(params.rdb.every, this.onCheck, 0);
    if (params.aof?.fsync === 'everysec') engine.schedule(SECOND_NS, this.onTick, 0);
  }

  /** A write on the main thread: appended to the AOF; while a child saves, its pages are copied. */
  wrote(valueBytes: number): void {
    this.writesSinceSave++;
    if (this.params.aof) this.appended++;
    if (this.saving && this.cowBytes < this.cowLimitBytes) {
      this.cowBytes = Math.min(this.cowLimitBytes, this.cowBytes + Math.max(1, Math.ceil(valueBytes / PAGE_BYTES)) * PAGE_BYTES);
    }
  }

  /** beforeSleep, before the replies: true if it queued work on the main thread (the replies wait for it). */
  beforeWrites(): boolean {
    const aof = this.params.aof;
    if (!aof || this.appended === 0) return false;
    const now = this.engine.now;
    if (aof.fsync === 'always') {
      this.appended = 0;
      this.server.beforeWrites(PersistenceWork.fsync);
      return true;
    }
    if (aof.fsync === 'everysec' && this.fsyncBusyUntilNs > now) {
      if (this.postponedSinceNs < 0) this.postponedSinceNs = now;
      if (now - this.postponedSinceNs < POSTPONE_LIMIT_NS) return false;
      this.server.beforeWrites(PersistenceWork.fsyncWait);
      return true;
    }
    this.appended = 0;
    this.postponedSinceNs = -1;
    return false;
  }

  /** The main thread's time for work `index`, ns. */
  begin(index: number): number {
    const now = this.engine.now;
    if (index === PersistenceWork.fsync) return this.emit(1, this.fsyncLatency!.sample(this.rng), 0);
    this.appended = 0;
    this.postponedSinceNs = -1;
    return this.emit(2, Math.max(0, this.fsyncBusyUntilNs - now), 0);
  }

  finish(): void {}

  /** BGSAVE's child starts: it writes the dataset as of now while the parent copies the pages it writes. */
  private forked(): void {
    this.snapshotting = this.server.keyspace.snapshot();
    this.saving = true;
    this.cowBytes = 0;
    this.cowLimitBytes = this.server.keyspace.usedBytes;
    this.writesSinceSave = 0;
    this.engine.schedule((this.cowLimitBytes / this.params.diskWrite) * 1e9, this.onSaved, ++this.save);
  }

  /** The process died: a queued fork and a child's save are lost with it; what is on disk stays. */
  crashed(): void {
    if (this.busy && this.params.rdb) this.engine.schedule(this.params.rdb.every, this.onCheck, 0);
    this.busy = false;
    this.saving = false;
    this.save++;
    this.cowBytes = 0;
    this.appended = 0;
    this.postponedSinceNs = -1;
  }

  /** The process starts again: loads the AOF (the data as it was) or the last snapshot; returns the load time, ns (0: nothing to load). */
  restarted(): number {
    const keyspace = this.server.keyspace;
    if (!this.params.aof) {
      keyspace.clear();
      this.writesSinceSave = 0;
      const s = this.snapshot;
      const now = this.engine.now;
      if (s) for (let i = 0; i < s.keys.length; i++) if (s.expireAtNs[i] === 0 || s.expireAtNs[i]! > now) this.server.load(s.keys[i]!, s.valueBytes[i]!, s.expireAtNs[i]!, s.versions[i]!);
    }
    return (keyspace.usedBytes / 1e9) * this.params.loadPerGB;
  }

  /** serverCron's save point: BGSAVE once `every` has passed and enough writes were made; else look again in a second. */
  private check(): void {
    const rdb = this.params.rdb!;
    if (this.busy) return;
    if (this.writesSinceSave >= rdb.afterWrites && this.engine.now - this.lastSaveNs >= rdb.every) {
      this.busy = this.server.fork(this.onForked);
      if (this.busy) return;
    }
    this.engine.schedule(SECOND_NS, this.onCheck, 0);
  }

  private saved(save: number): void {
    if (save !== this.save) return;
    this.busy = false;
    this.saving = false;
    this.snapshot = this.snapshotting;
    this.lastSaveNs = this.engine.now;
    this.emit(3, 0, this.cowBytes, this.cowLimitBytes);
    this.engine.schedule(this.params.rdb!.every, this.onCheck, 0);
  }

  private backgroundFsync(): void {
    const now = this.engine.now;
    if (this.fsyncBusyUntilNs <= now) this.fsyncBusyUntilNs = now + this.fsyncLatency!.sample(this.rng);
    this.engine.schedule(SECOND_NS, this.onTick, 0);
  }

  /** Emits a persistence event (kind: 0 fork, 1 fsync on the main thread, 2 wait for the background fsync, 3 snapshot saved); returns `durationNs`. */
  private emit(kind: number, durationNs: number, cowBytes: number, datasetBytes = 0): number {
    if (this.signal.active) {
      const r = this.record;
      r.server = this.serverId; r.kind = kind; r.durationNs = durationNs; r.cowBytes = cowBytes; r.datasetBytes = datasetBytes;
      this.signal.emit(r);
    }
    return durationNs;
  }
}
