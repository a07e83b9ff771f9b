// A Redis instance: one single-threaded executor serving requests FIFO over a keyspace.
// Each request (one command, an MGET or MSET, a pipeline, a MULTI … EXEC, an EVALSHA) costs
//   request + Σ commands (command + perKey·keys + perKB·valueBytes/1000) + evictionPerKey·evicted
//   + freshMemoryPerKB·(KB the writes raise the keyspace's high-water mark by, keyspace.ts)
// of executor time (a transaction adds MULTI's and EXEC's command costs, a script its own run time),
// or a draw from `serviceTime` when set. Commands take effect when the request starts executing.
// The thread turns Redis's event loop (event-loop-iteration.ts): an iteration runs every request and
// task that was waiting when it began, then beforeSleep (a cluster node's nodes.conf save, client
// tracking's BCAST flush, appendfsync always's fsync, in that order) and the writes of every
// connection with output, one by one, newest first (pending-writes.ts): the iteration's replies
// (to clients, to the cluster tool, a MIGRATE's target's answers, CLUSTER SLOTS'), the
// invalidations default-mode tracking queued while the commands ran, the messages a PUBLISH queued
// for its subscribers. Each write takes `write` of the thread's time (for a reply to a command, that
// part of its `request`, which the command leaves for the writes; for CLUSTER SLOTS and a message
// that answers no request, on top) and its messages leave when it ends. A
// command that blocks the thread (MIGRATE, waiting for its target) returns with work of its own on
// the thread (a task that runs before anything queued meanwhile), and its iteration ends after that
// work, as Redis's synchronous call does; a crash ends the call. With `replies: per-command` each
// reply leaves when its request ends instead (an ideal FIFO server, for queueing-theory checks), and
// with `serviceTime` the writes cost nothing. Before every
// command, if memory is over maxmemory the policy evicts keys until it is not (noeviction: writes
// fail with OOM, as Redis's denyoom check does). Expired keys are deleted when a command touches them (lazy expiry).
// Stampede protection's lock commands (SET lock:{key} NX PX, DEL lock:{key}) cost command + perKey
// and act on the server's lock table (lock-table.ts); a GET that finds its key returns the key's
// expiry with it (what an early refresh reads from the value).
// In a cluster a router (cluster-node.ts) may refuse a request (MOVED, ASK, CROSSSLOT, CLUSTERDOWN):
// a refusal costs request + command, even when `serviceTime` is set. It may also hold a request
// (CLIENT PAUSE WRITE during a manual failover): no reply until the router runs it again (rerun). Other work on the server's
// thread (replication apply, cluster bus, cron) runs as tasks queued FIFO with the requests.
// With persistence (persistence.ts) BGSAVE's fork pauses the thread, and a restarted server reloads
// its data, answering -LOADING meanwhile.
// With `ioThreads` > 1 the iteration's reads and the writes may be spread over I/O threads
// (io-threads.ts): a read phase before the iteration's requests, the writes in rounds.
// A primary also expires keys nobody touches, ten times a second (active-expiry.ts).
// Abstracted away: the 500 µs eviction time budget, client output buffers, the replication stream's writes (it leaves as the
// command runs, at no cost: Redis queues the replicas after the writer's reply, so writes them first).
// Parameters: see server-params.ts (maxmemory bytes, policy, costs in ns, perKeyOverhead bytes).

import { createDistribution } from '../../sim/dist/registry.js';
import type { Distribution } from '../../sim/dist/distribution.js';
import type { Engine, EventHandler } from '../../sim/engine/engine.js';
import type { Rng, RngStreams } from '../../sim/random/rng.js';
import type { Signal, SignalBus } from '../../sim/signal/signal.js';
import type { RequestTable } from '../request/request-table.js';
import type { CoreSchedule } from '../host/core-schedule.js';
import { FifoExecutor, type ExecutorJobs } from '../host/fifo-executor.js';
import type { Channel, Network } from '../network/network.js';
import { Op, Outcome, Purpose, SERVER_COMMAND, SERVER_STATE, SERVER_WRITES, type ServerCommand, type ServerState, type ServerWrites } from '../signals.js';
import { arrayHeaderBytes, SIMPLE_REPLY_BYTES, valueReplyBytes } from '../workload/wire-sizes.js';
import type { EvictionPolicy } from './eviction/eviction-policy.js';
import { EVICTION_POLICIES, POLICIES_WITH_KEY_WORD } from './eviction/eviction-registry.js';
import { ActiveExpiry } from './active-expiry.js';
import { Keyspace } from './keyspace.js';
import { ForkTask } from './fork.js';
import { IoThreads } from './io-threads.js';
import { LockTable } from './lock-table.js';
import { EventLoopIteration } from './event-loop-iteration.js';
import type { WriteSender } from './pending-writes.js';
import { Persistence } from './persistence.js';
import type { ServerParams } from './server-params.js';
import type { WriteLedger } from '../replication/write-ledger.js';
import { Admission, type BeforeWrites, type CommandRouter, type KeyObserver, type ServerTask, type WriteListener } from './server-hooks.js';

/** "+QUEUED\r\n": a command queued in a MULTI. */
const QUEUED_REPLY_BYTES = 9;
/** Bytes of an error reply such as "-MOVED 3999 10.0.0.3:6379". */
const ERROR_REPLY_BYTES = 40;
const TASK_KINDS = 16;

export interface RedisServerOptions {
  id: number;
  name: string;
  host: number;
  keyCount: number;
  /** The share of the key ids this server is expected to hold (default 1): sizes its keyspace's index. */
  expectedKeyShare?: number;
  withExpiry: boolean;
  /** Stamps writes with versions from this ledger and counts stale reads against it. */
  ledger?: WriteLedger | undefined;
  /** The cores the server's thread shares with the other processes of its machine (scenario `machines`), if any. */
  machine?: CoreSchedule | null;
}

export class RedisServer implements ExecutorJobs, WriteSender {
  readonly keyspace: Keyspace;
  /** Stampede protection's lock keys. */
  private readonly locks = new LockTable();
  readonly executor: FifoExecutor;
  readonly onRequest: EventHandler = (req) => {
    if (this.crashed) return;
    this.queuedRequests++;
    this.executor.submit(req);
  };
  /** A crashed server runs nothing and drops what reaches it. */
  crashed = false;
  /** Crashes so far (what reaches the process on a connection opened before a crash finds another process). */
  private crashes = 0;
  router: CommandRouter | null = null;
  writeListener: WriteListener | null = null;
  keyObserver: KeyObserver | null = null;
  /** Writes executed or applied by replication (a replication offset counted in writes, not bytes). */
  replOffset = 0;
  /** A replica, which follows a primary (set by the replication hub): its primary expires keys for it. */
  following = false;
  private readonly activeExpiry: ActiveExpiry | null;
  private readonly tasks: ServerTask[] = [];
  private readonly held = new Set<number>();
  /** Requests waiting in the executor's queue. */
  private queuedRequests = 0;
  /** I/O threads (null: the main thread does all I/O, io-threads 1). */
  private readonly io: IoThreads | null;
  /** RDB and AOF (null: none), their task kind, and until when a restarted server is loading its data. */
  private readonly persistence: Persistence | null;
  private readonly persistenceKind: number = -1;
  private loadingUntilNs = 0;
  /** Forks for BGSAVE and full syncs (created at the first), and their task kind. */
  private forks: ForkTask | null = null;
  private forkKind = -1;
  /** The event loop's iterations: beforeSleep and its writes. */
  private readonly iteration: EventLoopIteration;
  /** What a request costs beyond its commands before its reply's write (`request` less `write`, which beforeSleep's writes take), ns. */
  readonly requestBeforeWriteNs: number;
  private readonly policy: EvictionPolicy;
  private readonly serviceTime: Distribution | null;
  private readonly serviceRng: Rng;
  private readonly signal: Signal<ServerCommand>;
  private readonly record: ServerCommand = { server: 0, startNs: 0, serviceNs: 0, writeNs: 0, lookups: 0, hits: 0, evictions: 0, expirations: 0 };

  constructor(
    private readonly engine: Engine,
    private readonly network: Network,
    private readonly requests: RequestTable,
    readonly params: ServerParams,
    readonly options: RedisServerOptions,
    streams: RngStreams,
    private readonly bus: SignalBus,
  ) {
    this.keyspace = new Keyspace(options.keyCount, params.perKeyOverhead, {
      withExpiry: options.withExpiry, withVersions: options.ledger !== undefined,
      withPolicyWord: POLICIES_WITH_KEY_WORD.has(params.maxmemoryPolicy), expectedShare: options.expectedKeyShare ?? 1,
    });
    this.policy = EVICTION_POLICIES[params.maxmemoryPolicy](this.keyspace, streams.stream(`server/${options.name}/eviction`), {
      samples: params.maxmemorySamples, lfuLogFactor: params.lfuLogFactor, lfuDecayTimeMin: params.lfuDecayTime,
    });
    this.serviceTime = params.serviceTime ? createDistribution(params.serviceTime) : null;
    this.serviceRng = streams.stream(`server/${options.name}/service`);
    this.executor = new FifoExecutor(engine, this, options.machine ?? null);
    this.signal = bus.signal<ServerCommand>(SERVER_COMMAND);
    const cost = params.cost;
    const perIteration = params.replies === 'per-iteration';
    const writeNs = perIteration && !params.serviceTime ? cost.write : 0;
    this.requestBeforeWriteNs = cost.request - writeNs;
    this.io = params.ioThreads > 1 && !params.serviceTime
      ? new IoThreads(params.ioThreads, params.ioThreadsDoReads, this.requestBeforeWriteNs, cost.ioReadShare)
      : null;
    // beforeSleep's own work after the hooks: client tracking's BCAST flush, then appendfsync always's fsync.
    const last = { beforeWrites: () => (this.keyObserver?.beforeWrites() ?? false) || (this.persistence?.beforeWrites() ?? false) };
    const writesSignal = bus.signal<ServerWrites>(SERVER_WRITES);
    const writes: ServerWrites = { server: options.id, startNs: 0, busyNs: 0 };
    this.iteration = new EventLoopIteration(engine, this.executor, last, this.io, perIteration, writeNs, (busyNs) => {
      if (!writesSignal.active || busyNs === 0) return;
      writes.startNs = engine.now;
      writes.busyNs = busyNs;
      writesSignal.emit(writes);
    });
    const persisted = params.persistence;
    this.persistence = persisted.rdb || persisted.aof
      ? new Persistence(engine, persisted, {
        keyspace: this.keyspace,
        beforeWrites: (index) => this.submitTaskBeforeWrites(this.persistenceKind, index),
        fork: (then) => this.fork(then),
        load: (key, valueBytes, expireAtNs, version) => this.store(key, valueBytes, expireAtNs, engine.now, version),
      }, options.id, streams.stream(`server/${options.name}/persistence`), bus)
      : null;
    if (this.persistence) this.persistenceKind = this.addTask(this.persistence);
    this.activeExpiry = options.withExpiry ? new ActiveExpiry(this, this.keyspace, engine, bus) : null;
  }

  /** Dead, loading its data (serverCron's databasesCron does not run then), or a replica: no active expiry here. */
  get expiresNothing(): boolean {
    return this.crashed || this.following || this.engine.now < this.loadingUntilNs;
  }

  /** Stores a key before the run starts (preloading a warm cache), bypassing the executor; expiry 0 = none. */
  preload(key: number, valueBytes: number, expireAtNs = 0): void {
    this.policy.inserted(this.keyspace.set(key, valueBytes, expireAtNs), this.engine.now);
    if (expireAtNs !== 0) this.activeExpiry?.keyWithExpiryStored();
  }

  /** Runs `hook` in every beforeSleep, before the replies are written. */
  addBeforeWrites(hook: BeforeWrites): void {
    this.iteration.addHook(hook);
  }

  /** Whether an event-loop iteration is running (its beforeSleep is still to come). */
  get inIteration(): boolean {
    return this.iteration.running;
  }

  /** Queues a message on `channel` (a client connection's, null: one of its own) for beforeSleep's writes: `sender.sendWritten(data, delayNs)` when its write ends; sent now if no iteration is running, and when the job that queued it ends with `replies: per-command`. */
  queueWrite(channel: Channel | null, sender: WriteSender, data: number): void {
    this.iteration.queueWrite(channel, sender, data);
  }

  /** Registers a kind of internal work; returns its kind for `submitTask`. */
  addTask(task: ServerTask): number {
    if (this.tasks.length === TASK_KINDS) throw new RangeError('too many task kinds');
    return this.tasks.push(task) - 1;
  }

  /** Emits what the server holds now (keys, bytes) and its `role` as its topology sees it, for the per-server table of the reports. */
  reportState(bus: SignalBus, role: string | null): void {
    const signal = bus.signal<ServerState>(SERVER_STATE);
    if (!signal.active) return;
    signal.emit({ server: this.options.id, name: this.options.name, host: this.options.host, keys: this.keyspace.size, usedBytes: this.keyspace.usedBytes, role });
  }

  /** Queues internal work `index` of `kind` on the server's thread, behind the requests already waiting. */
  submitTask(kind: number, index: number): void {
    if (!this.crashed) this.executor.submit(-1 - (index * TASK_KINDS + kind));
  }

  /** From beforeWrites: runs work `index` of `kind` before beforeSleep's writes, as an iteration of its own. */
  submitTaskBeforeWrites(kind: number, index: number): void {
    this.iteration.hookJobNext();
    this.executor.submitFirst(-1 - (index * TASK_KINDS + kind));
  }

  /** Forks (fork.ts) behind the work already queued, `then` starting the child with the dataset as it is then; false (no fork) while the process is down. */
  fork(then: () => void, cancelled?: () => void): boolean {
    if (this.crashed) return false;
    if (!this.forks) {
      this.forks = new ForkTask(this.keyspace, this.params.persistence.forkPerGB, this.options.id, this.bus);
      this.forkKind = this.addTask(this.forks);
    }
    this.forks.request(then, cancelled);
    this.submitTask(this.forkKind, 0);
    return true;
  }

  /** The process dies: everything queued or running is lost. */
  crash(): void {
    this.crashed = true;
    this.executor.clear();
    this.iteration.crashed();
    this.crashes++;
    this.queuedRequests = 0;
    this.keyObserver?.crashed();
    this.io?.reset();
    this.persistence?.crashed();
    this.forks?.clear();
    this.activeExpiry?.crashed();
  }

  /** Which run of the process this is: 0 until its first crash, then one more at each. */
  get incarnation(): number {
    return this.crashes;
  }

  /** The process starts again: empty, or with the data its persistence reloads (answering -LOADING meanwhile). */
  restart(): void {
    this.crashed = false;
    this.locks.clear();
    if (this.persistence) this.loadingUntilNs = this.engine.now + this.persistence.restarted();
    else this.keyspace.clear();
    this.keyspace.processStarted();
  }

  begin(job: number): number {
    if (job >= 0) this.queuedRequests--;
    let readPhaseNs = 0;
    if (this.iteration.jobBegins() && this.io) readPhaseNs = this.io.iterationBegan(this.queuedRequests + (job >= 0 ? 1 : 0));
    if (job >= 0) return readPhaseNs + this.beginRequest(job);
    const code = -1 - job;
    return readPhaseNs + this.tasks[code % TASK_KINDS]!.begin(Math.floor(code / TASK_KINDS));
  }

  finish(job: number): void {
    if (job >= 0) this.finishRequest(job);
    else {
      const code = -1 - job;
      this.tasks[code % TASK_KINDS]!.finish(Math.floor(code / TASK_KINDS));
    }
    this.iteration.jobEnded();
  }

  /** The running command waits in a synchronous call (MIGRATE waiting for its target's answers): no other job starts, and its iteration does not end, until unblockThread. */
  blockThread(): void {
    this.executor.block();
  }

  /** The synchronous call returns: internal work `index` of `kind` (the call's own work after its wait) runs next, in the call's iteration, then the thread serves what queued meanwhile. */
  unblockThread(kind: number, index: number): void {
    this.executor.unblock(-1 - (index * TASK_KINDS + kind));
  }

  /** Deletes `key` as a command of this server (DEL, or MIGRATE for the keys it moved): replicated as a DEL carrying `version`, and client tracking and persistence are told. */
  deleteKey(key: number, version: number): void {
    this.keyspace.delete(key);
    this.replOffset++;
    this.writeListener?.written(Op.del, key, 0, 0, version);
    this.keyObserver?.modified(key);
    this.persistence?.wrote(0);
  }

  /** Applies a write that arrived by replication or migration (with its version); returns its cost on this thread, ns. */
  applyWrite(op: number, key: number, valueBytes: number, expireAtNs: number, version: number): number {
    const cost = this.params.cost;
    const now = this.engine.now;
    this.replOffset++;
    let growthBytes = 0;
    if (op === Op.del) this.keyspace.delete(key);
    else growthBytes = this.store(key, valueBytes, expireAtNs, now, version);
    this.keyObserver?.modified(key);
    this.persistence?.wrote(valueBytes);
    return cost.command + cost.perKey + (cost.perKB * valueBytes) / 1000 + this.freshMemoryNs(growthBytes);
  }

  /** The page faults of `growthBytes` of fresh memory (above the keyspace's high-water mark), ns. */
  freshMemoryNs(growthBytes: number): number {
    return (this.params.cost.freshMemoryPerKB * growthBytes) / 1000;
  }

  private beginRequest(req: number): number {
    const t = this.requests;
    const cost = this.params.cost;
    const now = this.engine.now;
    const base = req * t.stride;
    const n = t.commandCount[req]!;
    const requestNs = this.io ? this.io.requestCostNs : this.requestBeforeWriteNs;
    const loading = now < this.loadingUntilNs;
    if (loading) t.outcome[req] = Outcome.loading;
    const verdict = loading ? Admission.refuse : this.router ? this.router.admit(req) : Admission.serve;
    if (verdict !== Admission.serve) {
      if (verdict === Admission.hold) this.held.add(req);
      t.replyBytes[req] = ERROR_REPLY_BYTES;
      t.hits[req] = 0;
      t.reads[req] = 0;
      t.stale[req] = 0;
      return requestNs + cost.command;
    }
    const requestOp = t.op[req]!;
    let serviceNs = requestNs + t.commandsOf(req) * cost.command;
    let replyBytes = n > 1 ? arrayHeaderBytes(n) : 0;
    let lookups = 0;
    let hits = 0;
    let stale = 0;
    const ks = this.keyspace;
    const ledger = this.options.ledger;
    let evictions = 0;
    let expirations = 0;
    for (let i = base; i < base + n; i++) {
      const op = t.cmdOp[i]!;
      const key = t.cmdKey[i]!;
      evictions += this.evictIfNeeded(now);
      let entry = ks.entryOf(key);
      if (entry >= 0 && ks.expiredAt(entry, now)) {
        ks.delete(key);
        entry = -1;
        this.keyObserver?.modified(key);
        expirations++;
      }
      if (op === Op.get || op === Op.eval) {
        const found = entry >= 0;
        lookups++;
        t.cmdHit[i] = found ? 1 : 0;
        this.keyObserver?.read(key, t.clientHost[req]!, t.connection[req]!);
        if (found) {
          hits++;
          const version = ks.versionAt(entry);
          t.cmdVersion[i] = version;
          if (ledger && ledger.isStale(key, version)) stale++;
          this.policy.touch(entry, now);
          const valueBytes = ks.valueBytesAt(entry);
          serviceNs += cost.perKey + (cost.perKB * valueBytes) / 1000;
          replyBytes += valueReplyBytes(valueBytes, true);
          t.expireAtNs[req] = ks.expireAtOf(entry);
        } else {
          serviceNs += cost.perKey;
          replyBytes += valueReplyBytes(0, false);
        }
      } else if (op === Op.set) {
        if (!this.policy.evicts && this.overLimit()) {
          t.outcome[req] = Outcome.oom;
          replyBytes += 60;
          continue;
        }
        const bytes = t.cmdValueBytes[i]!;
        const ttl = t.cmdTtlNs[i]!;
        const expireAtNs = ttl > 0 ? now + ttl : 0;
        const version = ledger ? this.versionWritten(req, key, now, ledger) : 0;
        t.cmdVersion[i] = version;
        const growthBytes = this.store(key, bytes, expireAtNs, now, version);
        this.replOffset++;
        this.writeListener?.written(op, key, bytes, expireAtNs, version);
        this.keyObserver?.modified(key);
        this.persistence?.wrote(bytes);
        serviceNs += cost.perKey + (cost.perKB * bytes) / 1000 + this.freshMemoryNs(growthBytes);
        replyBytes += SIMPLE_REPLY_BYTES;
      } else if (op === Op.del) {
        this.deleteKey(key, ledger ? ledger.acknowledge(key, now) : 0);
        serviceNs += cost.perKey;
        replyBytes += SIMPLE_REPLY_BYTES;
      } else if (op === Op.lock) {
        const taken = this.locks.acquire(key, now, t.cmdTtlNs[i]!, t.cmdValueBytes[i]!);
        t.cmdHit[i] = taken ? 1 : 0;
        serviceNs += cost.perKey;
        replyBytes += taken ? SIMPLE_REPLY_BYTES : valueReplyBytes(0, false);
      } else if (op === Op.unlock) {
        this.locks.release(key, t.cmdValueBytes[i]!);
        serviceNs += cost.perKey;
        replyBytes += SIMPLE_REPLY_BYTES;
      } else if (op === Op.keys) {
        serviceNs += cost.scanPerKey * this.keyspace.size;
        replyBytes += arrayHeaderBytes(0);
      }
    }
    serviceNs += cost.evictionPerKey * evictions;
    if (requestOp === Op.mset) replyBytes = SIMPLE_REPLY_BYTES;
    else if (requestOp === Op.multi) {
      serviceNs += 2 * cost.command;
      replyBytes = SIMPLE_REPLY_BYTES + n * QUEUED_REPLY_BYTES + arrayHeaderBytes(n) + n * SIMPLE_REPLY_BYTES;
    } else if (requestOp === Op.eval) serviceNs += t.scriptNs[req]!;
    t.replyBytes[req] = replyBytes;
    t.hits[req] = hits;
    t.reads[req] = lookups;
    t.stale[req] = stale;
    if (this.serviceTime) serviceNs = this.serviceTime.sample(this.serviceRng);
    if (this.signal.active) {
      const r = this.record;
      r.server = this.options.id; r.startNs = now; r.serviceNs = serviceNs + this.iteration.writeNs; r.writeNs = this.iteration.writeNs;
      r.lookups = lookups; r.hits = hits; r.evictions = evictions; r.expirations = expirations;
      this.signal.emit(r);
    }
    return serviceNs;
  }

  /** Stores a value (a SET, or a write applied by replication or migration): the eviction policy learns of it as a touch or an insertion; returns how far it raised the keyspace's high-water mark, bytes. */
  private store(key: number, valueBytes: number, expireAtNs: number, now: number, version: number): number {
    const mark = this.keyspace.highWaterBytes;
    const existed = this.keyspace.has(key);
    const entry = this.keyspace.set(key, valueBytes, expireAtNs);
    if (expireAtNs !== 0) this.activeExpiry?.keyWithExpiryStored();
    if (existed) this.policy.touch(entry, now);
    else this.policy.inserted(entry, now);
    this.keyspace.setVersionAt(entry, version);
    return this.keyspace.highWaterBytes - mark;
  }

  /** A write's version: a new acknowledged one, except for a write-back of what the origin holds (populate). */
  private versionWritten(req: number, key: number, now: number, ledger: WriteLedger): number {
    return this.requests.op[req] === Op.populate ? ledger.current(key) : ledger.acknowledge(key, now);
  }

  /** Queues a held request to run again (its hold ended). */
  rerun(req: number): void {
    this.queuedRequests++;
    this.executor.submit(req);
  }

  private finishRequest(req: number): void {
    if (this.held.delete(req)) return;
    if (this.iteration.perIteration) this.iteration.queueWrite(this.requests.replyChannel[req]!, this, req);
    else this.sendWritten(req, 0);
  }

  /** Sends request `req`'s reply, `delayNs` from now. */
  sendWritten(req: number, delayNs: number): void {
    const t = this.requests;
    this.network.send(this.options.host, t.clientHost[req]!, t.replyBytes[req]!, Purpose.client,
      t.replyChannel[req]!, t.replyHandler[req]!, req, delayNs);
  }

  private overLimit(): boolean {
    return this.params.maxmemory > 0 && this.keyspace.usedBytes > this.params.maxmemory;
  }

  private evictIfNeeded(now: number): number {
    if (!this.policy.evicts) return 0;
    let evicted = 0;
    while (this.overLimit()) {
      const victim = this.policy.victim(now);
      if (victim < 0) break;
      this.keyspace.delete(victim);
      this.keyObserver?.modified(victim);
      evicted++;
    }
    return evicted;
  }
}
