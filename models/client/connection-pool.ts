// A pool of connections from one application host to one server endpoint (a Redis client's pool):
// one request outstanding per connection, further requests wait FIFO for a free one, at most
// `timeout` (a request that waited longer fails without being sent, at its deadline even if no
// connection frees up: go-redis's PoolTimeout, Jedis's maxWait); client CPU to build and send each
// request on the host's cores or event loop (request-cpu.ts); a per-attempt timeout counted from
// the write, as a socket read timeout is (go-redis ReadTimeout, Jedis soTimeout, redis-py
// socket_timeout: redis/go-redis v9 options.go and internal/pool), after which the connection is
// closed, since its reply stream is out of step, and reopened (TCP handshake: one round trip) and
// the request retried after a backoff, up to `retries` times; with `onTimeout: keep` (ioredis's
// commandTimeout rejects the command and leaves the connection, whose late reply is then matched
// to that command and dropped: lib/Redis.ts, lib/Command.ts; Lettuce's the same) the connection
// stays and takes the next request at once, and nobody is told it was lost; a handshake not
// answered within
// `connectTimeout` (default: the timeout) is sent again (the client closes that socket and opens
// another, so a late answer to the old one is ignored).
// The server may close the connections (CLIENT KILL): a FIN on each, after the replies it wrote
// there; when it arrives, the request outstanding on that connection is retried or fails as
// `disconnected`, and the connection reopens. When the server's process dies (a crash:
// its host lives), the host's kernel resets each connection (a segment after whatever the process
// had already written on it) with the same effect, and refuses each handshake (a reset answers the
// SYN) until the process runs again. A refused connection tries again after `retryBackoff`,
// doubled at each refusal in a row up to the timeout (ioredis waits 50 ms more at each attempt up
// to 2 s, Lettuce doubles up to 30 s; with `retryBackoff` 0 the wait doubles from 1 µs). Each
// refusal fails the requests waiting in the pool, an attempt each, retried after `retryBackoff` up
// to `retries` times, then failed as `disconnected` (go-redis, Jedis and redis-py: a command whose
// connect is refused gets the error; ioredis's offline queue and Lettuce's buffer, which hold
// commands until the reconnect, are abstracted away); once the wait has grown to the timeout, a
// request can instead wait its whole timeout for a connection and fail as `timeout`. A
// connection the pool opens while the process is down starts by connecting, as one made before the
// crash would then be doing. Replies go to the pool's owner; so does a request whose retries ran
// out, and the news that a connection timed out, was closed, or failed to connect (refused, or its
// handshake unanswered within the connect timeout).
// Free connections are chosen as in idle-connections.ts (a user keeps its connection).
// Parameters: poolSize, requestCpu, commandCpu, keyCpu, pipelineCpu (ns; request-cpu.ts), timeout, connectTimeout (ns), retries,
// retryBackoff (ns).

import { IntQueue } from '../../sim/collections/int-queue.js';
import type { Engine, EventHandler } from '../../sim/engine/engine.js';
import type { HostCpu } from '../host/host-cpu.js';
import type { Network } from '../network/network.js';
import { answerHandshake, sendFin, sendHandshake, sendReset } from '../network/tcp-segments.js';
import { Outcome, Purpose } from '../signals.js';
import type { ClientParams } from '../workload/workload-params.js';
import { RequestCpu } from './request-cpu.js';
import type { Connection, ConnectionOwner } from './connection.js';
import { BusyMeter } from '../host/busy-meter.js';
import { IdleConnections } from './idle-connections.js';
import type { RequestTable } from '../request/request-table.js';
import type { ClientConnections } from './client-connections.js';
import type { ClientContext } from './request-completion.js';
import type { RedisServer } from '../server/redis-server.js';

/** The least wait before a refused connection connects again (with `retryBackoff` 0 it doubles from here), ns. */
const MIN_RECONNECT_BACKOFF_NS = 1000;

/** Whether the process behind an endpoint is dead (crashed and not restarted). */
export interface EndpointProcess {
  readonly crashed: boolean;
}

export interface Endpoint {
  host: number;
  onRequest: EventHandler;
  process: EndpointProcess;
}

/** A Redis server process as a pool's endpoint. */
export function serverEndpoint(server: RedisServer): Endpoint {
  return { host: server.options.host, onRequest: server.onRequest, process: server };
}

export interface PoolOwner {
  /** The reply to row `req` arrived (any outcome the server chose). */
  replied(req: number): void;
  /** Row `req` failed on the client side (a timeout, a reset or a refused connect after its last retry); the pool frees the row when no late reply can come. */
  failed(req: number, outcome: number): void;
  /** A connection timed out, the server closed it or its host reset it (a Sentinel client then asks where the master is). */
  lost?(): void;
  /** A connect failed: its handshake was refused (nothing listens) or went unanswered within the connect timeout (the endpoint's host is cut off or gone); a Sentinel client whose master it is asks where the master is now. */
  connectFailed?(): void;
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
  private readonly onConnected: EventHandler = (handshake) => this.connected(this.answered(handshake));
  private readonly onTimer: EventHandler = (conn) => this.timer(this.connections[conn]!);
  /** The server's end of a handshake: its SYN-ACK goes back on the connection, or a reset if its process is dead. */
  private readonly onHandshake: EventHandler = (handshake) => answerHandshake(
    this.network, this.endpoint.host, this.host, this.connections[handshake % this.params.poolSize]!.down, !this.endpoint.process.crashed,
    this.onConnected, this.onRefused, handshake,
  );
  private readonly onRefused: EventHandler = (handshake) => this.refused(this.answered(handshake));
  private readonly onReset: EventHandler = (conn) => this.resetArrived(this.connections[conn]!);
  private readonly onFin: EventHandler = (fin) => this.finArrived(fin);
  private readonly onReconnect: EventHandler = (conn) => this.reconnect(this.connections[conn]!);
  private readonly onConnectTimeout: EventHandler = (conn) => this.connectTimer(this.connections[conn]!);
  private readonly onQueueTimer: EventHandler = () => this.expireQueued();
  private queueTimerArmed = false;
  private readonly cpuOf: RequestCpu;
  private readonly engine: Engine;
  private readonly network: Network;
  private readonly requests: RequestTable;
  private readonly runConnections: ClientConnections;
  readonly peerHost: number;

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
    this.peerHost = endpoint.host;
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

  /** A free connection for a request of `user`, or null when every connection is busy or connecting. */
  private take(user: number): Connection | null {
    const conn = this.idle.take(user);
    if (conn !== null || this.connections.length === this.params.poolSize) return conn;
    const opened = this.open();
    if (!this.endpoint.process.crashed) return opened;
    opened.broken = true;
    this.reconnect(opened);
    return null;
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
    if (this.params.onTimeout === 'keep') this.abandon(conn);
    else this.drop(conn, Outcome.timeout);
  }

  /** The request on `conn` timed out and the connection stays (onTimeout: keep): its late reply will be dropped; the connection takes the next request. */
  private abandon(conn: Connection): void {
    const req = conn.req;
    this.inUse.change(this.engine.now, -1);
    conn.req = -1;
    this.requests.abandoned[req] = 1;
    this.dispatch(conn);
    this.retryOrFail(req, Outcome.timeout, true);
  }

  /** The server closes every connection (CLIENT KILL): a FIN on each, numbered by the connection's handshakes, so one still on its way cannot end a later connection. */
  closedByServer(): void {
    while (this.connections.length < this.params.poolSize) this.open();
    for (const conn of this.connections) {
      if (!conn.broken) sendFin(this.network, this.endpoint.host, this.host, conn.down, this.onFin, conn.handshakes * this.params.poolSize + conn.id);
    }
  }

  /** A FIN arrived: the connection reopens, and the request on it is retried or fails. */
  private finArrived(fin: number): void {
    const conn = this.connections[fin % this.params.poolSize]!;
    if (!conn.broken && conn.handshakes === Math.floor(fin / this.params.poolSize)) this.drop(conn, Outcome.disconnected);
  }

  /** The process at the other end died: its host's kernel resets the connection, after what was already on the way. */
  peerDied(conn: Connection): void {
    sendReset(this.network, this.endpoint.host, this.host, conn.up, conn.down, this.onReset, conn.id);
  }

  /** The reset ends the connection. Its request's row stays abandoned, as after a timeout: a restarted process could still answer it (the model does not end a request already on the wire). */
  private resetArrived(conn: Connection): void {
    if (!conn.broken) this.drop(conn, Outcome.disconnected);
  }

  /** The handshake was refused (nothing listens): connect again after the backoff; the waiting requests fail an attempt each. */
  private refused(conn: Connection | null): void {
    if (conn === null || !conn.broken) return;
    const backoffNs = Math.min(Math.max(2 * conn.reconnectBackoffNs, this.params.retryBackoff, MIN_RECONNECT_BACKOFF_NS), this.params.timeout);
    conn.reconnectBackoffNs = backoffNs;
    conn.connectDeadlineNs = this.engine.now + backoffNs + this.params.connectTimeout;
    this.engine.schedule(backoffNs, this.onReconnect, conn.id);
    this.owner.connectFailed?.();
    const waiting = this.waiting;
    if (waiting === null) return;
    for (let n = waiting.length; n > 0; n--) {
      const req = waiting.shift();
      this.requests.attempts[req]!++;
      this.retryOrFail(req, Outcome.disconnected, false);
    }
  }

  /**
   * Row `req`'s attempt failed with `outcome`: retried after the backoff while attempts remain, else
   * failed to the owner. A row that went out on the wire stays abandoned there (a late reply frees
   * it) and a copy retries; one never sent is retried itself, or freed once the owner has failed it.
   */
  private retryOrFail(req: number, outcome: number, sent: boolean): void {
    const t = this.requests;
    if (t.attempts[req]! <= this.params.retries) {
      this.engine.schedule(this.params.retryBackoff, this.onRetry, sent ? t.copy(req) : req);
      return;
    }
    this.owner.failed(req, outcome);
    if (!sent) t.release(req);
  }

  /** The connection is gone: its request (if any) is abandoned and retried or failed with `outcome`; it reopens. */
  private drop(conn: Connection, outcome: number): void {
    const t = this.requests;
    const req = conn.req;
    if (req >= 0) this.inUse.change(this.engine.now, -1);
    conn.req = -1;
    conn.broken = true;
    conn.up.reopened();
    conn.down.reopened();
    this.idle.remove(conn);
    this.reconnect(conn);
    this.owner.lost?.();
    this.runConnections.lost(this.host);
    if (req < 0) return;
    t.abandoned[req] = 1;
    this.retryOrFail(req, outcome, true);
  }

  /** Sends a handshake on a broken connection, and again after a timeout if no answer came (one connect timer per connection, like the request timer). */
  private reconnect(conn: Connection): void {
    if (!conn.broken) return;
    conn.handshakes++;
    sendHandshake(this.network, this.host, this.endpoint.host, conn.up, this.onHandshake, conn.handshakes * this.params.poolSize + conn.id);
    conn.connectDeadlineNs = this.engine.now + this.params.connectTimeout;
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
    this.owner.connectFailed?.();
    this.reconnect(conn);
  }

  /** The connection a handshake's answer is for, or null if the connection has sent another handshake since (an answer to a socket it closed). */
  private answered(handshake: number): Connection | null {
    const conn = this.connections[handshake % this.params.poolSize]!;
    return Math.floor(handshake / this.params.poolSize) === conn.handshakes ? conn : null;
  }

  private connected(conn: Connection | null): void {
    if (conn === null || !conn.broken) return;
    conn.broken = false;
    conn.reconnectBackoffNs = 0;
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
