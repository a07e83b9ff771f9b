// What the application does with a reply, the same for every client library: parse it (client
// CPU), and with read-through, on a miss read the missing keys from the origin, return, and write
// them back to the cache with SET (a `populate` request, reported separately). Emits `request.done`
// with the latency measured from the request's intended start.
// Parameters: replyCpu (ns); readThrough.

import type { UsageSource } from '../host/busy-meter.js';
import type { Engine, EventHandler } from '../../sim/engine/engine.js';
import type { Rng } from '../../sim/random/rng.js';
import type { Signal, SignalBus } from '../../sim/signal/signal.js';
import type { HostCpu } from '../host/host-cpu.js';
import { Channel, type Network } from '../network/network.js';
import type { OriginDb } from '../origin/origin-db.js';
import { Op, Outcome, Purpose, REQUEST_DONE, type RequestDone } from '../signals.js';
import type { RequestFactory } from '../workload/request-factory.js';
import type { ClientParams } from '../workload/workload-params.js';
import type { RequestTable } from '../request/request-table.js';

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
  private readonly record: RequestDone = { op: 0, outcome: 0, startNs: 0, endNs: 0, hits: 0, reads: 0, stale: 0, attempts: 0, l1Hits: 0 };
  private readonly onReplyCpuDone: EventHandler = (req) => this.parsed(req);
  private readonly onOriginReply: EventHandler = (req) => this.originReplied(req);

  private readonly replyCpuNs: number;

  constructor(
    private readonly ctx: ClientContext,
    params: Pick<ClientParams, 'replyCpu'>,
    private readonly cpu: HostCpu,
    private readonly host: number,
    private readonly readThrough: boolean,
    private readonly ttlRng: Rng,
    private readonly submit: (req: number) => void,
  ) {
    this.signal = ctx.bus.signal<RequestDone>(REQUEST_DONE);
    this.replyCpuNs = params.replyCpu;
  }

  /** The final reply of row `req` is in: parse it, then read through or finish. */
  replied(req: number): void {
    if (this.replyCpuNs > 0) this.cpu.run(this.replyCpuNs, this.onReplyCpuDone, req, this.ctx.requests.replyChannel[req]);
    else this.parsed(req);
  }

  /** Finishes row `req` with `outcome` and frees it. */
  finish(req: number, outcome: number): void {
    this.tier?.finishing(req, outcome);
    this.emitDone(req, outcome);
    this.onDone(req);
    this.ctx.requests.release(req);
  }

  /** Finishes row `req` that failed client-side; the row stays allocated until its late reply frees it. */
  failed(req: number, outcome: number): void {
    this.tier?.finishing(req, outcome);
    this.emitDone(req, outcome);
    this.onDone(req);
  }

  private parsed(req: number): void {
    const t = this.ctx.requests;
    const origin = this.ctx.origin;
    if (t.outcome[req] === Outcome.ok && this.readThrough && origin && t.op[req] !== Op.populate && t.reads[req]! > t.hits[req]!) {
      t.replyHandler[req] = this.onOriginReply;
      t.replyChannel[req] = this.originDown;
      const misses = t.reads[req]! - t.hits[req]!;
      this.ctx.network.send(this.host, origin.host, ORIGIN_QUERY_BYTES + misses * ORIGIN_BYTES_PER_KEY, Purpose.origin, this.originUp, origin.onQuery, req);
      return;
    }
    this.finish(req, t.outcome[req]!);
  }

  private originReplied(req: number): void {
    this.populate(req);
    this.finish(req, Outcome.ok);
  }

  /** Writes the values read from the origin back to the cache: one SET per missed key, pipelined. */
  private populate(req: number): void {
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
    r.hits = t.hits[req]!; r.reads = t.reads[req]!; r.stale = t.stale[req]!; r.attempts = t.attempts[req]!; r.l1Hits = t.l1Hits[req]!;
    this.signal.emit(r);
  }
}
