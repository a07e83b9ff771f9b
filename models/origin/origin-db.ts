// The database behind the cache: a host that answers queries after a latency, at most
// `maxConcurrency` at once (the rest wait FIFO), so misses, cold starts and stampedes load it and
// queue. A query reads the keys the cache missed; with no shared cache tier (local-only) it may
// also write keys, at the same cost per key, answered with a short status. Abstracted away: the
// database's own caching, locks and replication.
// Parameters: latency (ns distribution), perKey (ns), maxConcurrency (count).

import type { Distribution } from '../../sim/dist/distribution.js';
import { createDistribution } from '../../sim/dist/registry.js';
import type { Engine, EventHandler } from '../../sim/engine/engine.js';
import type { Rng, RngStreams } from '../../sim/random/rng.js';
import type { Signal, SignalBus } from '../../sim/signal/signal.js';
import type { RequestTable } from '../request/request-table.js';
import type { Network } from '../network/network.js';
import { Op, ORIGIN_QUERY, Purpose, type OriginQuery } from '../signals.js';
import { SIMPLE_REPLY_BYTES, valueReplyBytes } from '../workload/wire-sizes.js';
import type { OriginParams } from './origin-params.js';
import { BusyMeter } from '../host/busy-meter.js';

export class OriginDb {
  readonly onQuery: EventHandler = (req) => this.arrive(req);
  private readonly latency: Distribution;
  private readonly rng: Rng;
  private readonly waiting: number[] = [];
  private waitHead = 0;
  private active = 0;
  /** Query slots in use over time (a UsageSource of kind origin, capacity maxConcurrency). */
  readonly slots = new BusyMeter();
  private readonly arrivalNs = new Map<number, number>();
  private readonly onDone: EventHandler = (req) => this.done(req);
  private readonly signal: Signal<OriginQuery>;
  private readonly record: OriginQuery = { arrivalNs: 0, startNs: 0, endNs: 0, keys: 0 };

  constructor(
    private readonly engine: Engine, private readonly network: Network, private readonly requests: RequestTable,
    private readonly params: OriginParams, readonly host: number, private readonly valueBytes: Uint32Array,
    streams: RngStreams, bus: SignalBus,
  ) {
    this.latency = createDistribution(params.latency);
    this.rng = streams.stream('origin/latency');
    this.signal = bus.signal<OriginQuery>(ORIGIN_QUERY);
  }

  private arrive(req: number): void {
    this.arrivalNs.set(req, this.engine.now);
    if (this.active < this.params.maxConcurrency) this.start(req);
    else this.waiting.push(req);
  }

  private start(req: number): void {
    this.active++;
    this.slots.change(this.engine.now, 1);
    const misses = this.missCount(req);
    const serviceNs = this.latency.sample(this.rng) + this.params.perKey * Math.max(0, misses - 1);
    if (this.signal.active) {
      const r = this.record;
      r.arrivalNs = this.arrivalNs.get(req)!; r.startNs = this.engine.now; r.endNs = this.engine.now + Math.round(serviceNs); r.keys = misses;
      this.signal.emit(r);
    }
    this.engine.schedule(serviceNs, this.onDone, req);
  }

  private done(req: number): void {
    this.active--;
    this.slots.change(this.engine.now, -1);
    this.arrivalNs.delete(req);
    const t = this.requests;
    let bytes = 0;
    for (let i = req * t.stride, end = i + t.commandCount[req]!; i < end; i++) {
      if (t.cmdHit[i] === 1) continue;
      bytes += t.cmdOp[i] === Op.get ? valueReplyBytes(this.valueBytes[t.cmdKey[i]!]!, true) : SIMPLE_REPLY_BYTES;
    }
    this.network.send(this.host, t.clientHost[req]!, bytes, Purpose.origin, t.replyChannel[req]!, t.replyHandler[req]!, req);
    if (this.waitHead < this.waiting.length) {
      const next = this.waiting[this.waitHead++]!;
      if (this.waitHead > 1024 && this.waitHead * 2 > this.waiting.length) {
        this.waiting.splice(0, this.waitHead);
        this.waitHead = 0;
      }
      this.start(next);
    }
  }

  private missCount(req: number): number {
    const t = this.requests;
    let misses = 0;
    for (let i = req * t.stride, end = i + t.commandCount[req]!; i < end; i++) if (t.cmdHit[i] === 0) misses++;
    return misses;
  }
}
