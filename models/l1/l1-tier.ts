// The in-process L1 cache on one application host, in front of the host's client library of any
// topology. A GET or MGET first looks its keys up locally (lookupCpu per key on the host's cores);
// if every key is held and fresh it is answered from the L1 (plus hitCheckCpu per key, e.g.
// verifying a signature on the entry) without touching the network; otherwise the whole request
// goes to the shared tier, and the values that come back (from Redis, or from the origin by
// read-through) are stored with their version (populate-on-miss). With single-flight, a GET of a
// key already being fetched by this host waits for that fetch. Writes drop the key from this
// host's L1 and, once acknowledged, tell the other hosts by the configured invalidation path; an
// invalidation arriving here is parsed and applied on this host's thread (messageCpu + lookupCpu per
// key), in turn with its other work.
// Pipelines bypass the lookup (their writes still invalidate). Stale reads (a hit whose version is
// older than the latest acknowledged write) are counted and their staleness emitted. A value whose
// key was invalidated while its read was on its way is not kept when the L1 guards that race
// (in-flight-reads.ts); with client tracking the host empties its L1 when one of its connections to
// Redis is lost (flush, wired by topology/with-l1.ts).
// Versioned keys: the application asks for the key of the current version, which it learns with
// the data that names it (the model takes it from the write ledger); an entry of an older version
// is simply another key, so it is never returned.
// Once a second it reports what it holds (entries, bytes: every host keeps its own copy) and the
// keys it was asked for and answered so far (its own hit ratio).
// Parameters: see l1-params.ts.

import type { Engine, EventHandler } from '../../sim/engine/engine.js';
import type { Signal, SignalBus } from '../../sim/signal/signal.js';
import type { RequestTable } from '../request/request-table.js';
import type { CompletionTier, RequestCompletion } from '../client/request-completion.js';
import type { HostCpu } from '../host/host-cpu.js';
import type { WriteLedger } from '../replication/write-ledger.js';
import {
  isFollowUp, L1_FLUSHED, L1_INVALIDATED, L1_OCCUPANCY, L1_STALE_READ, L1_WRITTEN, Op, Outcome, type L1Flushed, type L1Invalidated, type L1Occupancy, type L1StaleRead, type L1Written,
} from '../signals.js';
import type { TopologyClient } from '../client/topology-client.js';
import { InFlightReads } from './in-flight-reads.js';
import { discardsInFlightReads, type L1Params } from './l1-params.js';
import type { L1Store } from './l1-store.js';

export interface L1Context {
  engine: Engine;
  requests: RequestTable;
  bus: SignalBus;
  ledger: WriteLedger;
  /** Value size of each key, bytes. */
  valueBytes: Uint32Array;
  /** True when a miss is filled from the origin (read-through), so the value can be kept. */
  readThrough: boolean;
  /** Client CPU to take one pushed message from a server (an invalidation) and hand it to its handler, ns. */
  messageCpuNs: number;
}

const OCCUPANCY_PERIOD_NS = 1e9;

export class L1Tier implements TopologyClient, CompletionTier {
  /** Told of every key this host wrote, once the write is acknowledged (the publisher of pub/sub modes). */
  onWritten: ((key: number) => void) | null = null;
  readonly onInvalidate: EventHandler = (key) => this.invalidate(key);
  private readonly waiting = new Map<number, number[]>();
  private readonly onLookedUp: EventHandler = (req) => this.lookedUp(req);
  private readonly onChecked: EventHandler = (req) => this.completion.finish(req, Outcome.ok);
  private readonly staleSignal: Signal<L1StaleRead>;
  private readonly staleRecord: L1StaleRead = { stalenessNs: 0 };
  private readonly invalidatedSignal: Signal<L1Invalidated>;
  private readonly invalidatedRecord: L1Invalidated;
  private readonly writtenSignal: Signal<L1Written>;
  private readonly writtenRecord: L1Written;
  private readonly occupancySignal: Signal<L1Occupancy>;
  private readonly occupancyRecord: L1Occupancy;
  private readonly flushedSignal: Signal<L1Flushed>;
  private readonly flushedRecord: L1Flushed;
  private readonly onSample: EventHandler = () => this.sample();
  /** Reads on their way and the invalidations that met them (null: their values are kept whatever came). */
  private readonly inFlight: InFlightReads | null;

  constructor(
    private readonly ctx: L1Context,
    private readonly params: L1Params,
    private readonly cpu: HostCpu,
    readonly store: L1Store,
    private readonly inner: TopologyClient,
    host: number,
  ) {
    inner.completion.tier = this;
    this.staleSignal = ctx.bus.signal<L1StaleRead>(L1_STALE_READ);
    this.invalidatedSignal = ctx.bus.signal<L1Invalidated>(L1_INVALIDATED);
    this.invalidatedRecord = { delayNs: 0, host, key: 0, version: 0 };
    this.writtenSignal = ctx.bus.signal<L1Written>(L1_WRITTEN);
    this.writtenRecord = { host, key: 0, version: 0 };
    this.occupancySignal = ctx.bus.signal<L1Occupancy>(L1_OCCUPANCY);
    this.occupancyRecord = { host, entries: 0, bytes: 0 };
    this.flushedSignal = ctx.bus.signal<L1Flushed>(L1_FLUSHED);
    this.flushedRecord = { host, entries: 0 };
    this.inFlight = discardsInFlightReads(params) ? new InFlightReads(ctx.requests) : null;
    ctx.engine.schedule(OCCUPANCY_PERIOD_NS, this.onSample);
  }

  get completion(): RequestCompletion {
    return this.inner.completion;
  }

  submit(req: number): void {
    const t = this.ctx.requests;
    const op = t.op[req]!;
    if (op === Op.get || op === Op.mget) {
      this.cpu.run(this.params.lookupCpu * t.commandCount[req]!, this.onLookedUp, req);
      return;
    }
    for (let i = req * t.stride, end = i + t.commandCount[req]!; i < end; i++) if (t.cmdOp[i] !== Op.get) this.store.remove(t.cmdKey[i]!);
    this.inner.submit(req);
  }

  /** The request ends (before it is reported): keep what a read brought, release coalesced waiters, announce writes. */
  finishing(req: number, outcome: number): void {
    const t = this.ctx.requests;
    const n = t.commandCount[req]!;
    const op = t.op[req]!;
    if (isFollowUp(op) || t.l1Hits[req] === n) return;
    const base = req * t.stride;
    if (op === Op.get || op === Op.mget) {
      if (outcome === Outcome.ok) this.keep(req);
      // The single-flight waiters end first, so that they too keep nothing an invalidation met.
      if (op === Op.get) this.releaseWaiters(t.cmdKey[base]!, req, outcome);
      this.inFlight?.ended(req);
      return;
    }
    if (outcome !== Outcome.ok) return;
    for (let i = base; i < base + n; i++) {
      if (t.cmdOp[i] === Op.get || t.cmdOp[i] === Op.eval) continue;
      const key = t.cmdKey[i]!;
      if (this.writtenSignal.active) {
        this.writtenRecord.key = key;
        this.writtenRecord.version = t.cmdVersion[i]!;
        this.writtenSignal.emit(this.writtenRecord);
      }
      this.onWritten?.(key);
    }
  }

  private lookedUp(req: number): void {
    const t = this.ctx.requests;
    const now = this.ctx.engine.now;
    const versioned = this.params.invalidation.mode === 'versioned';
    const base = req * t.stride;
    const n = t.commandCount[req]!;
    let held = 0;
    for (let i = base; i < base + n; i++) {
      const key = t.cmdKey[i]!;
      const slot = this.store.lookup(key, now);
      if (slot < 0) continue;
      if (versioned && this.store.versionAt(slot) < this.ctx.ledger.current(key)) {
        this.store.remove(key);
        continue;
      }
      t.cmdVersion[i] = this.store.versionAt(slot);
      held++;
    }
    if (held < n) {
      this.fetch(req);
      return;
    }
    let stale = 0;
    for (let i = base; i < base + n; i++) {
      const key = t.cmdKey[i]!;
      t.cmdHit[i] = 1;
      if (t.cmdVersion[i]! < this.ctx.ledger.current(key)) {
        stale++;
        this.emitStale(now - this.ctx.ledger.writtenAtNs[key]!);
      }
    }
    t.l1Hits[req] = n;
    t.hits[req] = n;
    t.reads[req] = n;
    t.stale[req] = stale;
    t.outcome[req] = Outcome.ok;
    if (this.params.hitCheckCpu > 0) this.cpu.run(this.params.hitCheckCpu * n, this.onChecked, req);
    else this.completion.finish(req, Outcome.ok);
  }

  private fetch(req: number): void {
    const t = this.ctx.requests;
    if (this.params.singleFlight && t.op[req] === Op.get) {
      const key = t.cmdKey[req * t.stride]!;
      const waiters = this.waiting.get(key);
      if (waiters) {
        waiters.push(req);
        return;
      }
      this.waiting.set(key, []);
    }
    this.inFlight?.sent(req);
    this.inner.submit(req);
  }

  /** Stores the values a successful read returned: found in Redis, or read from the origin. */
  private keep(req: number): void {
    const t = this.ctx.requests;
    const now = this.ctx.engine.now;
    for (let i = req * t.stride, end = i + t.commandCount[req]!; i < end; i++) {
      const key = t.cmdKey[i]!;
      if (this.inFlight?.invalidatedSince(req, key)) continue;
      if (t.cmdHit[i] === 1) this.store.insert(key, this.ctx.valueBytes[key]!, t.cmdVersion[i]!, now);
      else if (this.ctx.readThrough) this.store.insert(key, this.ctx.valueBytes[key]!, this.ctx.ledger.current(key), now);
    }
  }

  /** Single-flight: the GETs that waited for fetch `req` of `key` end as it did. */
  private releaseWaiters(key: number, req: number, outcome: number): void {
    const waiters = this.waiting.get(key);
    if (!waiters || !this.params.singleFlight) return;
    this.waiting.delete(key);
    const t = this.ctx.requests;
    const from = req * t.stride;
    for (const w of waiters) {
      t.cmdHit[w * t.stride] = t.cmdHit[from]!;
      t.cmdVersion[w * t.stride] = t.cmdVersion[from]!;
      t.hits[w] = t.hits[req]!;
      t.reads[w] = t.reads[req]!;
      t.stale[w] = t.stale[req]!;
      t.outcome[w] = outcome;
      this.completion.finish(w, outcome);
    }
  }

  /**
   * An invalidation message naming `keys` keys arrived on connection `source`: the host's thread
   * parses it and drops them (`apply(data)` then calls `onInvalidate` for each), in turn with its
   * other work.
   */
  receive(keys: number, apply: EventHandler, data: number, source: object): void {
    this.cpu.run(this.ctx.messageCpuNs + this.params.lookupCpu * keys, apply, data, source);
  }

  /** An invalidation of `key` was applied: drop the entry, and report how long it had been stale. */
  private invalidate(key: number): void {
    this.inFlight?.invalidated(key);
    const slot = this.store.slotOf(key);
    if (slot >= 0 && this.store.versionAt(slot) < this.ctx.ledger.current(key) && this.invalidatedSignal.active) {
      this.invalidatedRecord.delayNs = this.ctx.engine.now - this.ctx.ledger.writtenAtNs[key]!;
      this.invalidatedRecord.key = key;
      this.invalidatedRecord.version = this.store.versionAt(slot);
      this.invalidatedSignal.emit(this.invalidatedRecord);
    }
    this.store.remove(key);
  }

  /** Empties the L1 (one of the host's connections to Redis was lost, and invalidations with it). */
  flush(): void {
    if (this.flushedSignal.active) {
      this.flushedRecord.entries = this.store.entries;
      this.flushedSignal.emit(this.flushedRecord);
    }
    this.store.flush();
  }

  private sample(): void {
    if (this.occupancySignal.active) {
      this.occupancyRecord.entries = this.store.entries;
      this.occupancyRecord.bytes = this.store.usedBytes;
      this.occupancySignal.emit(this.occupancyRecord);
    }
    this.ctx.engine.schedule(OCCUPANCY_PERIOD_NS, this.onSample);
  }

  private emitStale(stalenessNs: number): void {
    if (!this.staleSignal.active) return;
    this.staleRecord.stalenessNs = stalenessNs;
    this.staleSignal.emit(this.staleRecord);
  }
}
