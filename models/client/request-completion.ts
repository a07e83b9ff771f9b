// What the application does with a reply, the same for every client library: parse it (client
// CPU; a request split over several servers is parsed part by part, each part's reply as it
// arrives, and the merged request costs nothing more), and with read-through, on a miss read the
// missing keys from the origin, return, and write them back to the cache with SET (a `populate`
// request, reported separately), with stampede protection when configured (stampede-guard.ts: a
// lock before the origin, early refresh). Emits `request.done` with the latency measured from the
// request's intended start.
// Parameters: replyCpu, commandCpu, keyCpu, pipelineCpu (ns; request-cpu.ts); readThrough; origin.protection.

import type { UsageSource } from '../host/busy-meter.js';
import type { Engine, EventHandler } from '../../sim/engine/engine.js';
import type { Rng } from '../../sim/random/rng.js';
import type { Signal, SignalBus } from '../../sim/signal/signal.js';
import type { HostCpu } from '../host/host-cpu.js';
import { Channel, type Network } from '../network/network.js';
import type { OriginDb } from '../origin/origin-db.js';
import { Op, Outcome, Purpose, REQUEST_DONE, type RequestDone } from '../signals.js';
import type { RequestFactory } from '../workload/request-factory.js';
import { unlockCommandBytes } from '../workload/wire-sizes.js';
import type { RequestTable } from '../request/request-table.js';
import { StampedeGuard, type StampedeProtection } from './stampede-guard.js';
import { RequestCpu, type RequestCpuParams } from './request-cpu.js';
import type { ClientConnections } from './client-connections.js';

/** Bytes of a read query to the origin before its keys. */
const ORIGIN_QUERY_BYTES = 64;
/** Bytes per key named in an origin query. */
const ORIGIN_BYTES_PER_KEY = 32;

export interface ClientContext {
  engine: Engine;
  network: Network;
  requests: RequestTable;
  factory: RequestFactory;
  origin: OriginDb | null;
  bus: SignalBus;
  /** The run's accounted resources: connection pools add themselves when created. */
  usage: UsageSource[];
  /** Stampede protection of read-through GETs (origin.protection), if any. */
  protection?: StampedeProtection | null;
  /** The run's client connections, which its pools open (client-connections.ts). */
  connections: ClientConnections;
}

/** A tier in front of the client library (the L1) that sees every request end before it is reported. */
export interface CompletionTier {
  finishing(req: number, outcome: number): void;
}

export class RequestCompletion {
  /** Called with the row of every finished workload request (before the row is freed). */
  onDone: (req: number) => void = () => {};
  tier: CompletionTier | null = null;
  private readonly originUp = new Channel();
  private readonly originDown = new Channel();
  private readonly signal: Signal<RequestDone>;
  private readonly record: RequestDone = { op: 0, outcome: 0, startNs: 0, endNs: 0, hits: 0, reads: 0, stale: 0, attempts: 0, l1Hits: 0, host: 0 };
  private readonly onReplyCpuDone: EventHandler = (req) => this.parsed(req);
  private readonly onPartCpuDone: EventHandler = (part) => this.mergePart(part);
  private readonly onOriginReply: EventHandler = (req) => this.originReplied(req);

  private readonly cpuOf: RequestCpu;
  private readonly guard: StampedeGuard | null;

  constructor(
    private readonly ctx: ClientContext,
    params: RequestCpuParams,
    private readonly cpu: HostCpu,
    private readonly host: number,
    private readonly readThrough: boolean,
    private readonly ttlRng: Rng,
    readonly submit: (req: number) => void,
    /** Merges a parsed part's reply into its request (the client's splitter); completes the request through `partsParsed` when it was the last. */
    private readonly mergePart: (part: number) => void = () => {
      throw new Error('a part of a split request reached a client that does not split requests');
    },
  ) {
    this.signal = ctx.bus.signal<RequestDone>(REQUEST_DONE);
    this.cpuOf = new RequestCpu(ctx.requests, params);
    this.guard = ctx.protection && readThrough ? new StampedeGuard(ctx, ctx.protection, this, host) : null;
  }

  /** The final reply of row `req` is in: parse it, then read through or finish. */
  replied(req: number): void {
    const replyNs = this.cpuOf.replyNs(req);
    if (replyNs > 0) this.cpu.run(replyNs, this.onReplyCpuDone, req, this.ctx.requests.replyChannel[req]);
    else this.parsed(req);
  }

  /** Part `part` of a split request is done: parse its reply, if a server sent one (not after a timeout or with no node to send it to), then merge it. */
  partReplied(part: number): void {
    const outcome = this.ctx.requests.outcome[part];
    const replyNs = outcome === Outcome.timeout || outcome === Outcome.clusterdown ? 0 : this.cpuOf.replyNs(part);
    if (replyNs > 0) this.cpu.run(replyNs, this.onPartCpuDone, part, this.ctx.requests.replyChannel[part]);
    else this.mergePart(part);
  }

  /** The last part of split request `req` is in and every reply was parsed as it came: read through or finish. */
  partsParsed(req: number): void {
    this.parsed(req);
  }

  /** Finishes row `req` with `outcome` and frees it. */
  finish(req: number, outcome: number): void {
    this.tier?.finishing(req, outcome);
    this.emitDone(req, outcome);
    this.onDone(req);
    this.ctx.requests.release(req);
  }

  /** Finishes row `req` that failed client-side; the row stays allocated until its late reply frees it (the pool frees one that was never sent). */
  failed(req: number, outcome: number): void {
    const op = this.ctx.requests.op[req]!;
    if (op === Op.lock || op === Op.poll) this.guard!.failed(req);
    this.tier?.finishing(req, outcome);
    this.emitDone(req, outcome);
    this.onDone(req);
  }

  private parsed(req: number): void {
    const t = this.ctx.requests;
    const op = t.op[req]!;
    const guard = this.guard;
    if (op === Op.lock || op === Op.poll) {
      guard!.replied(req);
      return;
    }
    const ok = t.outcome[req] === Outcome.ok;
    if (ok && this.readThrough && this.ctx.origin && (op === Op.get || op === Op.mget || op === Op.pipeline) && t.reads[req]! > t.hits[req]!) {
      if (guard && op === Op.get) guard.missed(req, false);
      else this.queryOrigin(req);
      return;
    }
    if (ok && guard?.refreshDue(req)) guard.missed(req, true);
    else this.finish(req, t.outcome[req]!);
  }

  /** Sends the keys request `req` missed to the origin. */
  queryOrigin(req: number): void {
    const t = this.ctx.requests;
    const origin = this.ctx.origin!;
    t.replyHandler[req] = this.onOriginReply;
    t.replyChannel[req] = this.originDown;
    let misses = 0;
    for (let i = req * t.stride, end = i + t.commandCount[req]!; i < end; i++) if (t.cmdOp[i] === Op.get && t.cmdHit[i] === 0) misses++;
    this.ctx.network.send(this.host, origin.host, ORIGIN_QUERY_BYTES + misses * ORIGIN_BYTES_PER_KEY, Purpose.origin, this.originUp, origin.onQuery, req);
  }

  private originReplied(req: number): void {
    this.populate(req, this.guard?.fetched(req) ?? -1);
    this.finish(req, Outcome.ok);
  }

  /** Writes the values read from the origin back to the cache: one SET per missed key, pipelined, then the release of the key's lock if its host holds it (`unlockToken` ≥ 0). */
  private populate(req: number, unlockToken: number): void {
    const t = this.ctx.requests;
    const p = t.alloc();
    const base = req * t.stride;
    let n = 0;
    let bytes = 0;
    for (let i = base; i < base + t.commandCount[req]!; i++) {
      if (t.cmdOp[i] !== Op.get || t.cmdHit[i] === 1) continue;
      bytes += this.ctx.factory.command(t, p * t.stride + n, Op.set, t.cmdKey[i]!, this.ttlRng);
      n++;
    }
    if (unlockToken >= 0) {
      const at = p * t.stride + n;
      t.cmdOp[at] = Op.unlock;
      t.cmdKey[at] = t.cmdKey[base]!;
      t.cmdValueBytes[at] = unlockToken;
      t.cmdTtlNs[at] = 0;
      bytes += unlockCommandBytes(this.ctx.factory.keyBytes);
      n++;
    }
    t.op[p] = Op.populate;
    t.commandCount[p] = n;
    t.requestBytes[p] = bytes;
    t.startNs[p] = this.ctx.engine.now;
    t.owner[p] = -1;
    this.submit(p);
  }

  private emitDone(req: number, outcome: number): void {
    if (!this.signal.active) return;
    const t = this.ctx.requests;
    const r = this.record;
    r.op = t.op[req]!; r.outcome = outcome; r.startNs = t.startNs[req]!; r.endNs = this.ctx.engine.now;
    r.hits = t.hits[req]!; r.reads = t.reads[req]!; r.stale = t.stale[req]!; r.attempts = t.attempts[req]!; r.l1Hits = t.l1Hits[req]!; r.host = this.host;
    this.signal.emit(r);
  }
}
