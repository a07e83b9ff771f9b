// A Redis client library on one application host, talking to one server endpoint: a pool of
// connections (one request outstanding each; further requests wait FIFO for a free one), client
// CPU per request and per reply on the host's cores, a per-attempt timeout after which the
// connection is closed and reopened (TCP handshake: one round trip) and the request retried after
// a backoff, up to `retries` times. With read-through, a GET miss reads the origin, returns the
// value to the application, and writes it back with SET (an extra `populate` request).
// Latency is measured from the request's intended start, so queueing for a connection counts
// (no coordinated omission). Abstracted away: RESP3 pushes, pipelining of independent requests
// across callers, TLS. Parameters: see ClientParams in workload-params.ts.

import { IntQueue } from '../../sim/collections/int-queue.js';
import type { Engine, EventHandler } from '../../sim/engine/engine.js';
import type { Rng } from '../../sim/random/rng.js';
import type { Signal, SignalBus } from '../../sim/signal/signal.js';
import type { CpuPool } from '../host/cpu-pool.js';
import { Channel, type Network } from '../network/network.js';
import type { OriginDb } from '../origin/origin-db.js';
import { Op, Outcome, Purpose, REQUEST_DONE, type RequestDone } from '../signals.js';
import type { RequestFactory } from '../workload/request-factory.js';
import type { ClientParams } from '../workload/workload-params.js';
import { Connection } from './connection.js';
import type { RequestTable } from './request-table.js';

/** Bytes of a TCP handshake segment (SYN, SYN-ACK) with options. */
const HANDSHAKE_BYTES = 74;
/** Bytes of a read query to the origin before its keys. */
const ORIGIN_QUERY_BYTES = 64;

export interface Endpoint {
  host: number;
  onRequest: EventHandler;
}

export interface ClientContext {
  engine: Engine;
  network: Network;
  requests: RequestTable;
  factory: RequestFactory;
  origin: OriginDb | null;
  bus: SignalBus;
}

export class StandaloneClient {
  /** Called with the row of every finished workload request (before the row is freed). */
  onDone: (req: number) => void = () => {};
  private readonly connections: Connection[] = [];
  private readonly idle: number[] = [];
  private readonly waiting = new IntQueue();
  private readonly originUp = new Channel();
  private readonly originDown = new Channel();
  private readonly signal: Signal<RequestDone>;
  private readonly record: RequestDone = { op: 0, outcome: 0, startNs: 0, endNs: 0, hits: 0, reads: 0, attempts: 0 };
  private readonly onSendCpuDone: EventHandler = (conn) => this.transmit(this.connections[conn]!);
  private readonly onReplyCpuDone: EventHandler = (req) => this.replied(req);
  private readonly onOriginReply: EventHandler = (req) => this.originReplied(req);
  private readonly onRetry: EventHandler = (req) => this.submit(req);
  private readonly onConnected: EventHandler = (conn) => this.connected(this.connections[conn]!);

  constructor(
    private readonly ctx: ClientContext,
    private readonly params: ClientParams,
    private readonly cpu: CpuPool,
    readonly host: number,
    private readonly target: Endpoint,
    private readonly readThrough: boolean,
    private readonly ttlRng: Rng,
  ) {
    for (let i = 0; i < params.poolSize; i++) {
      this.connections.push(new Connection(
        i,
        (req) => this.reply(this.connections[i]!, req),
        () => this.timer(this.connections[i]!),
        () => ctx.network.send(target.host, host, HANDSHAKE_BYTES, Purpose.connect, this.connections[i]!.down, this.onConnected, i),
      ));
    }
    for (let i = params.poolSize - 1; i >= 0; i--) this.idle.push(i);
    this.signal = ctx.bus.signal<RequestDone>(REQUEST_DONE);
  }

  /** Issues request row `req` (its commands and startNs already drawn). */
  submit(req: number): void {
    this.ctx.requests.clientHost[req] = this.host;
    const conn = this.idle.pop();
    if (conn === undefined) this.waiting.push(req);
    else this.send(this.connections[conn]!, req);
  }

  private send(conn: Connection, req: number): void {
    const t = this.ctx.requests;
    conn.req = req;
    t.attempts[req]!++;
    t.sentNs[req] = this.ctx.engine.now;
    t.connection[req] = conn.id;
    t.replyHandler[req] = conn.onReply;
    t.replyChannel[req] = conn.down;
    conn.deadlineNs = this.ctx.engine.now + this.params.timeout;
    if (!conn.timerArmed) {
      conn.timerArmed = true;
      this.ctx.engine.at(conn.deadlineNs, conn.onTimer, conn.id);
    }
    if (this.params.requestCpu > 0) this.cpu.run(this.params.requestCpu, this.onSendCpuDone, conn.id);
    else this.transmit(conn);
  }

  private transmit(conn: Connection): void {
    const req = conn.req;
    if (req < 0) return;
    const t = this.ctx.requests;
    this.ctx.network.send(this.host, this.target.host, t.requestBytes[req]!, Purpose.client, conn.up, this.target.onRequest, req);
  }

  private timer(conn: Connection): void {
    conn.timerArmed = false;
    if (conn.req < 0) return;
    if (this.ctx.engine.now < conn.deadlineNs) {
      conn.timerArmed = true;
      this.ctx.engine.at(conn.deadlineNs, conn.onTimer, conn.id);
      return;
    }
    this.timeout(conn);
  }

  private timeout(conn: Connection): void {
    const t = this.ctx.requests;
    const req = conn.req;
    conn.req = -1;
    conn.broken = true;
    t.abandoned[req] = 1;
    this.ctx.network.send(this.host, this.target.host, HANDSHAKE_BYTES, Purpose.connect, conn.up, conn.onHandshake, conn.id);
    if (t.attempts[req]! <= this.params.retries) {
      const retry = t.copy(req);
      this.ctx.engine.schedule(this.params.retryBackoff, this.onRetry, retry);
    } else {
      this.emitDone(req, Outcome.timeout);
      this.onDone(req);
    }
  }

  private connected(conn: Connection): void {
    conn.broken = false;
    this.dispatch(conn);
  }

  private reply(conn: Connection, req: number): void {
    const t = this.ctx.requests;
    if (t.abandoned[req] === 1) {
      t.release(req);
      return;
    }
    conn.req = -1;
    this.dispatch(conn);
    if (this.params.replyCpu > 0) this.cpu.run(this.params.replyCpu, this.onReplyCpuDone, req);
    else this.replied(req);
  }

  /** Gives a free, healthy connection the next waiting request, or returns it to the idle set. */
  private dispatch(conn: Connection): void {
    if (conn.broken) return;
    if (this.waiting.length > 0) this.send(conn, this.waiting.shift());
    else this.idle.push(conn.id);
  }

  private replied(req: number): void {
    const t = this.ctx.requests;
    if (t.outcome[req] === Outcome.ok && this.readThrough && this.ctx.origin && t.op[req] !== Op.populate && t.reads[req]! > t.hits[req]!) {
      const origin = this.ctx.origin;
      t.replyHandler[req] = this.onOriginReply;
      t.replyChannel[req] = this.originDown;
      const misses = t.reads[req]! - t.hits[req]!;
      this.ctx.network.send(this.host, origin.host, ORIGIN_QUERY_BYTES + misses * 32, Purpose.origin, this.originUp, origin.onQuery, req);
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

  private finish(req: number, outcome: number): void {
    this.emitDone(req, outcome);
    this.onDone(req);
    this.ctx.requests.release(req);
  }

  private emitDone(req: number, outcome: number): void {
    if (!this.signal.active) return;
    const t = this.ctx.requests;
    const r = this.record;
    r.op = t.op[req]!; r.outcome = outcome; r.startNs = t.startNs[req]!; r.endNs = this.ctx.engine.now;
    r.hits = t.hits[req]!; r.reads = t.reads[req]!; r.attempts = t.attempts[req]!;
    this.signal.emit(r);
  }
}
