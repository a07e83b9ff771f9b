// A pool of connections from one application host to one server endpoint (a Redis client's pool):
// one request outstanding per connection, further requests wait FIFO for a free one, at most
// `timeout` (a request that waited longer fails without being sent, at its deadline even if no
// connection frees up: go-redis's PoolTimeout, Jedis's maxWait); client CPU to build and send each
// request on the host's cores or event loop (request-cpu.ts); a per-attempt timeout counted from
// the write, as a socket read timeout is (go-redis ReadTimeout, Jedis soTimeout, redis-py
// socket_timeout: redis/go-redis v9 options.go and internal/pool), after which the connection is
// closed, since its reply stream is out of step, and reopened (TCP handshake: one round trip) and
// the request retried after a backoff, up to `retries` times; a handshake not answered within the timeout is sent again (connect timeout).
// The server may close the connections (CLIENT KILL): requests outstanding on them are retried
// or fail as `disconnected`, and the connections reopen. Replies go to the pool's owner; so does a
// request whose retries ran out, and the news that a connection timed out or was closed.
// Free connections are chosen as in idle-connections.ts (a user keeps its connection).
// Parameters: poolSize, requestCpu, commandCpu, keyCpu, pipelineCpu (ns; request-cpu.ts), timeout (ns), retries,
// retryBackoff (ns).

import { IntQueue } from '../../sim/collections/int-queue.js';
import type { Engine, EventHandler } from '../../sim/engine/engine.js';
import type { HostCpu } from '../host/host-cpu.js';
import type { Network } from '../network/network.js';
import { Outcome, Purpose } from '../signals.js';
import type { ClientParams } from '../workload/workload-params.js';
import { RequestCpu } from './request-cpu.js';
import type { Connection, ConnectionOwner } from './connection.js';
import { BusyMeter } from '../host/busy-meter.js';
import { IdleConnections } from './idle-connections.js';
import type { RequestTable } from '../request/request-table.js';
import type { ClientConnections } from './client-connections.js';
import type { ClientContext } from './request-completion.js';

/** Bytes of a TCP handshake segment (SYN, SYN-ACK) with options. */
const HANDSHAKE_BYTES = 74;

export interface Endpoint {
  host: number;
  onRequest: EventHandler;
}

export interface PoolOwner {
  /** The reply to row `req` arrived (any outcome the server chose). */
  replied(req: number): void;
  /** Row `req` failed on the client side (timeout after its last retry). */
  failed(req: number, outcome: number): void;
  /** A connection timed out or the server closed it (a Sentinel client then asks where the master is). */
  lost?(): void;
  /** Sends a retry where the owner routes it now (default: this pool again). */
  retry?(req: number): void;
}

/** What a pool needs from its run: the engine, the network, the request rows, the accounted resources and the run's client connections. */
export type PoolContext = Pick<ClientContext, 'engine' | 'network' | 'requests' | 'usage' | 'connections'>;

export class ConnectionPool implements ConnectionOwner {
  private readonly connections: Connection[] = [];
  private readonly idle = new IdleConnections();
  /** Connections with a request outstanding over time (a UsageSource of kind pool, capacity poolSize). */
  private readonly inUse = new BusyMeter();
  /** Requests waiting for a free connection, oldest first (made on first use: most pools never wait). */
  private waiting: IntQueue | null = null;
  private readonly onRetry: EventHandler = (req) => (this.owner.retry ? this.owner.retry(req) : this.submit(req));
  private readonly onConnected: EventHandler = (conn) => this.connected(this.connections[conn]!);
  private readonly onTimer: EventHandler = (conn) => this.timer(this.connections[conn]!);
  /** The server's end of a handshake: its SYN-ACK goes back on the connection. */
  private readonly onHandshake: EventHandler = (conn) => this.network.send(this.endpoint.host, this.host, HANDSHAKE_BYTES, Purpose.connect, this.connections[conn]!.down, this.onConnected, conn);
  private readonly onConnectTimeout: EventHandler = (conn) => this.connectTimer(this.connections[conn]!);
  private readonly onQueueTimer: EventHandler = () => this.expireQueued();
  private queueTimerArmed = false;
  private readonly cpuOf: RequestCpu;
  private readonly engine: Engine;
  private readonly network: Network;
  private readonly requests: RequestTable;
  private readonly runConnections: ClientConnections;

  constructor(
    ctx: PoolContext,
    private readonly params: ClientParams,
    private readonly cpu: HostCpu,
    readonly host: number,
    readonly endpoint: Endpoint,
    private readonly owner: PoolOwner,
  ) {
    this.engine = ctx.engine;
    this.network = ctx.network;
    this.requests = ctx.requests;
    this.runConnections = ctx.connections;
    ctx.usage.push({
      name: `${this.network.hostName(host)} → ${this.network.hostName(endpoint.host)}`, kind: 'pool', capacity: params.poolSize,
      busyNsAt: (now) => this.inUse.busyNsAt(now),
    });
    this.cpuOf = new RequestCpu(ctx.requests, params);
  }

  /**
   * Opens connection number `connections.length`. Connections are made when first needed: a pool
   * hands out its free connections most recently freed first and a never-used one only when none
   * is free, in number order, so making them on demand is the same as making them all at once (a
   * pool of a large cluster's client usually needs one or two of its connections).
   */
  private open(): Connection {
    const conn = this.runConnections.open(this.connections.length, this);
    this.connections.push(conn);
    return conn;
  }

  /** A free connection for a request of `user`, or null when every connection is busy. */
  private take(user: number): Connection | null {
    const conn = this.idle.take(user);
    if (conn !== null || this.connections.length === this.params.poolSize) return conn;
    return this.open();
  }

  /** Sends row `req` on a free connection, or queues it until one is free. */
  submit(req: number): void {
    this.requests.clientHost[req] = this.host;
    this.requests.sentNs[req] = this.engine.now;
    const conn = this.take(this.requests.owner[req]!);
    if (conn !== null) {
      this.send(conn, req);
      return;
    }
    this.waiting ??= new IntQueue();
    this.waiting.push(req);
    if (!this.queueTimerArmed) {
      this.queueTimerArmed = true;
      this.engine.at(this.engine.now + this.params.timeout, this.onQueueTimer);
    }
  }

  /** Fails the queued requests whose deadline has passed; re-arms for the oldest one left. */
  private expireQueued(): void {
    this.queueTimerArmed = false;
    const t = this.requests;
    const waiting = this.waiting!;
    while (waiting.length > 0 && this.engine.now - t.sentNs[waiting.peek()]! >= this.params.timeout) this.expire(waiting.shift());
    if (waiting.length > 0) {
      this.queueTimerArmed = true;
      this.engine.at(t.sentNs[waiting.peek()]! + this.params.timeout, this.onQueueTimer);
    }
  }

  private send(conn: Connection, req: number): void {
    const t = this.requests;
    this.inUse.change(this.engine.now, 1);
    conn.req = req;
    this.idle.carry(conn, t.owner[req]!);
    t.attempts[req]!++;
    t.connection[req] = conn.id;
    t.clientConnection[req] = conn.serial;
    t.replyHandler[req] = this.runConnections.onReply;
    t.replyChannel[req] = conn.down;
    conn.deadlineNs = this.engine.now + this.params.timeout;
    if (!conn.timerArmed) {
      conn.timerArmed = true;
      this.engine.at(conn.deadlineNs, this.onTimer, conn.id);
    }
    const sendNs = this.cpuOf.sendNs(req);
    if (sendNs > 0) this.cpu.run(sendNs, this.runConnections.onSent, conn.serial);
    else this.transmit(conn);
  }

  transmit(conn: Connection): void {
    const req = conn.req;
    if (req < 0) return;
    this.network.send(this.host, this.endpoint.host, this.requests.requestBytes[req]!, Purpose.client, conn.up, this.endpoint.onRequest, req);
  }

  private timer(conn: Connection): void {
    conn.timerArmed = false;
    if (conn.req < 0) return;
    if (this.engine.now < conn.deadlineNs) {
      conn.timerArmed = true;
      this.engine.at(conn.deadlineNs, this.onTimer, conn.id);
      return;
    }
    this.drop(conn, Outcome.timeout);
  }

  /** The server closed every connection (CLIENT KILL): they reopen; requests on them are retried or fail. */
  closedByServer(): void {
    while (this.connections.length < this.params.poolSize) this.open();
    this.idle.clear();
    for (const conn of this.connections) if (!conn.broken) this.drop(conn, Outcome.disconnected);
  }

  /** The connection is gone: its request (if any) is abandoned and retried or failed with `outcome`; it reopens. */
  private drop(conn: Connection, outcome: number): void {
    const t = this.requests;
    const req = conn.req;
    if (req >= 0) this.inUse.change(this.engine.now, -1);
    conn.req = -1;
    conn.broken = true;
    this.reconnect(conn);
    this.owner.lost?.();
    if (req < 0) return;
    t.abandoned[req] = 1;
    if (t.attempts[req]! <= this.params.retries) {
      this.engine.schedule(this.params.retryBackoff, this.onRetry, t.copy(req));
    } else {
      this.owner.failed(req, outcome);
    }
  }

  /** Sends a handshake on a broken connection, and again after a timeout if no answer came (one connect timer per connection, like the request timer). */
  private reconnect(conn: Connection): void {
    if (!conn.broken) return;
    this.network.send(this.host, this.endpoint.host, HANDSHAKE_BYTES, Purpose.connect, conn.up, this.onHandshake, conn.id);
    conn.connectDeadlineNs = this.engine.now + this.params.timeout;
    if (conn.connectTimerArmed) return;
    conn.connectTimerArmed = true;
    this.engine.at(conn.connectDeadlineNs, this.onConnectTimeout, conn.id);
  }

  private connectTimer(conn: Connection): void {
    conn.connectTimerArmed = false;
    if (!conn.broken) return;
    if (this.engine.now < conn.connectDeadlineNs) {
      conn.connectTimerArmed = true;
      this.engine.at(conn.connectDeadlineNs, this.onConnectTimeout, conn.id);
      return;
    }
    this.reconnect(conn);
  }

  private connected(conn: Connection): void {
    if (!conn.broken) return;
    conn.broken = false;
    this.dispatch(conn);
  }

  /** A reply to row `req` on `conn`, the connection that sent it (`send` wrote it in the row, and nothing rewrites it while the attempt is out: a retry is a copy of the row). */
  reply(conn: Connection, req: number): void {
    const t = this.requests;
    if (t.abandoned[req] === 1) {
      t.release(req);
      return;
    }
    conn.req = -1;
    this.inUse.change(this.engine.now, -1);
    this.dispatch(conn);
    this.owner.replied(req);
  }

  /** A queued request whose deadline passed fails without being sent. */
  private expire(req: number): void {
    this.requests.outcome[req] = Outcome.timeout;
    this.owner.replied(req);
  }

  /** Gives a free, healthy connection the next waiting request, or returns it to the idle set. */
  private dispatch(conn: Connection): void {
    if (conn.broken) return;
    const t = this.requests;
    const waiting = this.waiting;
    while (waiting !== null && waiting.length > 0) {
      const req = waiting.shift();
      if (this.engine.now - t.sentNs[req]! < this.params.timeout) {
        this.send(conn, req);
        return;
      }
      this.expire(req);
    }
    this.idle.push(conn);
  }
}
