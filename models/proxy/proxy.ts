// A twemproxy-like proxy process on its own host: one single-threaded event loop (a FIFO executor).
// A client request costs `requestCpu` of its thread, then is split into one fragment per server its
// keys map to (the same shard maps as client-side sharding; an MGET becomes one MGET per server) and
// each fragment is written to that server over a pipelined connection (backend-connection.ts). Each
// server reply costs `replyCpu`; when the last fragment is in, the reassembled reply goes back to the
// client. So a GET pays two extra network legs and the proxy's CPU, and a busy proxy queues.
// Faults: pause (SIGSTOP: everything queues), crash (queued work and fragments in flight are lost;
// replies still on their way are discarded; clients time out), restart (an empty process, with no
// server connections).
// Replies come back in order (a fragment or reply lost on a lossy link is resent by TCP and holds
// up the connection behind it, tcp-recovery.ts), so when a reply arrives, the fragments written
// before it on that connection that are still unanswered were given up by TCP: they are dropped,
// and their clients time out.
// A connection is closed when it times out, when its server's process dies (the server's host resets
// it, after the replies already written), or when its handshake is refused (no process listens):
// every fragment on it is answered with an error at once (outcome timeout for a timeout, else
// disconnected) and a late reply discarded (twemproxy 0.5 src/nc_server.c server_close: the
// requests written and those waiting to be). The next fragment for that server opens a new
// connection and waits for its handshake (server_connect), so while the process is down each
// connect is refused after a round trip; an unanswered SYN is sent again after 1, 2, 4 … s, and
// the connect fails (outcome timeout) after the sixth (Linux's defaults: 127 s). With a `timeout`,
// a connection whose oldest fragment has waited that long, written or waiting for the handshake,
// is closed (src/nc_core.c core_timeout). The SYN-ACK, the refusal and the reset are events of the
// proxy's loop (a paused proxy handles them after resume); connected, it writes the waiting
// fragments in that event. Replies that reached the proxy before a reset are answers (the order
// of a FIN; twemproxy handles an RST's error before a turn's reads, so a reply still unread then
// would be lost). A reply saying the server cannot serve now (OOM, LOADING) closes the connection
// too (src/nc_response.c rsp_filter, redis_failure): it and every fragment after it get an error.
// A timeout that comes due while the proxy is stopped (SIGSTOP) is checked by its loop when it runs
// again (core_timeout). Each close is a failure of the server, which auto-eject counts
// (ejecting-ring.ts). With every server ejected, requests are answered with an error (outcome
// disconnected: twemproxy's ECONNREFUSED). An MSET is fragmented like an MGET; an EVAL goes
// whole to its first key's server, its other keys unchecked (req_forward, notes/redis.md: the script
// then misses or writes keys the ring puts elsewhere); MULTI is refused (outcome crossslot;
// twemproxy does not parse it and closes the client's connection, abstracted).
// The thread turns an event loop (twemproxy 0.5 src/nc_core.c core_loop: event_wait, the ready
// events, then core_timeout): a turn takes every request and reply waiting when it begins, and
// costs `turnCpu` whatever it takes, half before its events (epoll_wait's return, and the switch back
// from sleep) and half after them (the timeout check, the next epoll_wait's entry and the switch to
// sleep); what arrives meanwhile waits for the next turn. What a turn forwards is written in the next
// turn: twemproxy queues a request on its server connection and a reply on its client connection and
// asks for the socket's write event (src/nc_request.c req_forward, src/nc_response.c rsp_forward:
// event_add_out), which the next epoll_wait reports at once, so a turn that wrote is followed by one
// that sends, without sleeping. So on one connection a GET takes four turns (two that wake from sleep,
// two that write), of which three lie on its path; under load a turn takes many events and writes.
// With `turnCpu` 0 the turns are not modeled: every event's writes leave when its CPU ends.
// Abstracted away: twemproxy's batching of several requests into one write (each fragment is its own
// message; a write's cost is in requestCpu), the first connection to each server (open from the start,
// as with twemproxy's preconnect), the CPU of error replies and of a connection's events,
// memory and the client-connection limit; a turn that slept costs what one that did not costs; a
// server timeout that fires while the proxy sleeps answers at once, without a turn of its own
// (twemproxy's epoll_wait would time out, and the error be written a turn later).
// Parameters: proxy-params.ts (requestCpu, replyCpu, turnCpu, timeout, serverRetryTimeout ns;
// serverConnections, serverFailureLimit; autoEjectHosts).

import { IntQueue } from '../../sim/collections/int-queue.js';
import type { Engine, EventHandler } from '../../sim/engine/engine.js';
import type { ConnectionHolder } from '../client/client-connections.js';
import type { Endpoint } from '../client/connection-pool.js';
import { RequestSplitter } from '../client/request-splitter.js';
import type { RequestTable } from '../request/request-table.js';
import type { CoreSchedule } from '../host/core-schedule.js';
import { FifoExecutor, type ExecutorJobs } from '../host/fifo-executor.js';
import type { Network } from '../network/network.js';
import { answerHandshake, sendHandshake, sendReset } from '../network/tcp-segments.js';
import { SYN_RETRIES, SYN_RTO_NS } from '../network/tcp-recovery.js';
import type { ShardMap } from '../sharding/shard-map.js';
import type { ShardRouter } from '../sharding/shard-membership.js';
import { Op, Outcome, Purpose } from '../signals.js';
import type { RequestFactory } from '../workload/request-factory.js';
import { BackendConnection, CLOSED, CONNECTED_EVENT, CONNECTING, OPEN, REFUSED_EVENT, RESET_EVENT } from './backend-connection.js';
import { EjectingRing } from './ejecting-ring.js';
import type { ProxyProcessParams } from './proxy-params.js';

/** Bytes of an error reply such as "-ERR Connection timed out". */
const ERROR_REPLY_BYTES = 27;
/** The executor's jobs for the halves of a turn not folded into an event's job (rows are ≥ 0, fragments' replies −1 − row). */
const TURN_TAIL = Number.MIN_SAFE_INTEGER;
const TURN_HEAD = Number.MIN_SAFE_INTEGER + 1;
/** The job that wakes the loop of a proxy resumed with timeouts that came due while it was stopped. */
const TIMEOUT_CHECK = Number.MIN_SAFE_INTEGER + 2;
/** The job of an event on server connection c (backend-connection.ts) is CONNECTION_EVENT − c; fragments' replies lie above, the turns' halves below. */
const CONNECTION_EVENT = -(2 ** 40);
/** A segment about a connection's socket carries handshakes · CONNECTION_STRIDE + the connection's id. */
const CONNECTION_STRIDE = 2 ** 20;

export class ProxyProcess implements ExecutorJobs, ShardRouter, ConnectionHolder {
  readonly executor: FifoExecutor;
  /** Client requests arrive here (an Endpoint's handler); a crashed proxy drops them. */
  readonly onRequest: EventHandler = (req) => {
    if (!this.crashed) this.arrive(req);
  };
  crashed = false;
  private readonly connections: BackendConnection[] = [];
  /** Connections to each server (node index), created on first use, and the next one to use. */
  private readonly links: BackendConnection[][] = [];
  private readonly turns: number[] = [];
  private readonly splitter: RequestSplitter;
  private readonly serverOf = (key: number): number => this.ring.map!.serverOf(key);
  private readonly forward = (node: number, part: number): void => this.send(node, part);
  private readonly onBackendReply: EventHandler = (part) => this.backendReplied(part);
  private readonly onTimer: EventHandler = (conn) => this.timer(this.connections[conn]!);
  /** The server's host answers a handshake: a SYN-ACK, or a reset if its process is dead. */
  private readonly onHandshake: EventHandler = (socket) => {
    const conn = this.connections[socket % CONNECTION_STRIDE]!;
    const backend = this.backends[conn.node]!;
    answerHandshake(this.network, backend.host, this.host, conn.down, !backend.process.crashed, this.onConnected, this.onRefused, socket);
  };
  private readonly onConnected: EventHandler = (socket) => this.segment(socket, CONNECTED_EVENT);
  private readonly onRefused: EventHandler = (socket) => this.segment(socket, REFUSED_EVENT);
  private readonly onReset: EventHandler = (socket) => this.segment(socket, RESET_EVENT);
  private readonly onSynTimer: EventHandler = (socket) => this.synTimer(socket);
  /** The ring in use, without the servers this proxy ejected (auto_eject_hosts). */
  private readonly ring: EjectingRing;
  /** Whether the event loop is in a turn (false: asleep in epoll_wait), and the current turn's jobs not yet finished. */
  private inTurn = false;
  private turnLeft = 0;
  /** Whether the tail running now carries the next turn's first half (something waited when it began), and when the jobs submitted meanwhile arrived (ns). */
  private tailCarriesHead = false;
  private readonly tailArrivalsNs = new IntQueue();
  /** What the turns wrote, sent when the next turn's first half ends: a fragment's row (≥ 0), or −1 − a client request's row (its reply). */
  private readonly writes = new IntQueue();
  /** Connections whose timeout came due while the process was stopped: the first job its loop finishes after the resume checks them (core_timeout ends the turn the stop cut). */
  private readonly dueWhileStopped = new IntQueue();

  constructor(
    private readonly engine: Engine, private readonly network: Network, private readonly requests: RequestTable, factory: RequestFactory,
    private readonly params: ProxyProcessParams, readonly host: number, private readonly backends: readonly Endpoint[], configured: ShardMap,
    mapOf: (servers: readonly number[]) => ShardMap,
    /** Told of each server this proxy ejects. */
    ejected: (server: number) => void,
    /** The cores the proxy's thread shares with the other processes of its machine (scenario `machines`), if any. */
    machine: CoreSchedule | null = null,
  ) {
    this.executor = new FifoExecutor(engine, this, machine);
    this.splitter = new RequestSplitter(requests, factory, true);
    this.ring = new EjectingRing(engine, params, configured, mapOf, ejected);
  }

  useMap(map: ShardMap): void {
    this.ring.use(map);
  }

  /** Jobs: a client request row (≥ 0), −1 − the row of a fragment whose reply came in, or a half of a turn. */
  begin(job: number): number {
    const halfNs = this.params.turnCpu / 2;
    if (job === TURN_TAIL) {
      // When something waits already, the next turn follows at once: its first half runs in the same piece of work.
      this.tailCarriesHead = this.writes.length > 0 || this.executor.queueLength > 0;
      if (!this.tailCarriesHead) return halfNs;
      this.turnLeft = this.executor.queueLength;
      return 2 * halfNs;
    }
    if (job === TURN_HEAD) {
      this.turnLeft = this.executor.queueLength;
      return halfNs;
    }
    const ns = job >= 0 ? this.params.requestCpu : job > CONNECTION_EVENT ? this.params.replyCpu : 0;
    if (this.inTurn || halfNs === 0) return ns;
    this.inTurn = true;
    this.turnLeft = 1 + this.executor.queueLength;
    return halfNs + ns;
  }

  finish(job: number): void {
    while (this.dueWhileStopped.length > 0) this.timer(this.connections[this.dueWhileStopped.shift()]!);
    if (job === TURN_TAIL && !this.tailCarriesHead) {
      if (this.writes.length > 0 || this.executor.queueLength > 0) this.executor.submitFirst(TURN_HEAD);
      else this.inTurn = false;
      return;
    }
    if (job === TURN_TAIL) this.endCarriedHead();
    if (job === TURN_TAIL || job === TURN_HEAD) this.flushWrites();
    else {
      if (job >= 0) this.route(job);
      else if (job > CONNECTION_EVENT) this.merge(-1 - job);
      else if (job !== TIMEOUT_CHECK) this.connectionEvent(this.connections[CONNECTION_EVENT - job]!);
      if (!this.inTurn) return;
      this.turnLeft--;
    }
    if (this.turnLeft === 0) this.executor.submitFirst(TURN_TAIL);
  }

  /** A job for the executor; while a tail carries the next turn's first half, its arrival time decides whether that turn takes it. */
  private arrive(job: number): void {
    if (this.tailCarriesHead) this.tailArrivalsNs.push(this.engine.now);
    this.executor.submit(job);
  }

  /** The carried first half ends now: the turn takes what waited when the tail began and what arrived before the tail's end. */
  private endCarriedHead(): void {
    this.tailCarriesHead = false;
    const tailEndNs = this.engine.now - this.params.turnCpu / 2;
    while (this.tailArrivalsNs.length > 0) if (this.tailArrivalsNs.shift() < tailEndNs) this.turnLeft++;
  }

  /** Sends what the last turn wrote. */
  private flushWrites(): void {
    const t = this.requests;
    while (this.writes.length > 0) {
      const w = this.writes.shift();
      if (w >= 0 && t.abandoned[w] === 1) {
        // Its connection was closed before it was written (twemproxy's server_close drops it).
        t.release(w);
        continue;
      }
      this.writeNow(w);
    }
  }

  /** Writes `w` (a fragment's row, or −1 − a client request's row for its reply), with the next turn's writes if a turn is running. */
  private write(w: number): void {
    if (this.inTurn) this.writes.push(w);
    else this.writeNow(w);
  }

  private writeNow(w: number): void {
    const t = this.requests;
    if (w < 0) {
      const req = -1 - w;
      this.network.send(this.host, t.clientHost[req]!, t.replyBytes[req]!, Purpose.client, t.replyChannel[req]!, t.replyHandler[req]!, req);
      return;
    }
    const conn = this.connections[t.connection[w]!]!;
    const backend = this.backends[conn.node]!;
    this.network.send(this.host, backend.host, t.requestBytes[w]!, Purpose.client, conn.up, backend.onRequest, w);
  }

  private route(req: number): void {
    this.ring.beforeRouting();
    const op = this.requests.op[req]!;
    if (!this.ring.map) this.answer(req, Outcome.disconnected);
    else if (op === Op.multi) this.answer(req, Outcome.crossslot);
    else if (op === Op.eval) this.splitter.split(req, this.firstKeysServer(req), this.forward);
    else this.splitter.split(req, this.serverOf, this.forward);
  }

  /** Where twemproxy sends an EVAL: whole, to its first key's server, without checking the others (req_forward; notes/redis.md). */
  private firstKeysServer(req: number): (key: number) => number {
    const t = this.requests;
    const server = this.serverOf(t.cmdKey[req * t.stride]!);
    return () => server;
  }

  /** The process dies: queued work is lost, fragments in flight will be discarded when answered. */
  crash(): void {
    this.crashed = true;
    const t = this.requests;
    for (const job of this.executor.clear()) if (job < 0 && job > CONNECTION_EVENT) t.release(-1 - job);
    for (const c of this.connections) {
      // A fragment written may still be answered (its reply then frees the row: the model does not
      // end a request already on its way); one waiting for a handshake never will.
      while (c.outstanding.length > 0) {
        const part = c.outstanding.shift();
        if (c.state === OPEN) t.abandoned[part] = 1;
        else t.release(part);
      }
      while (c.deadlines.length > 0) c.deadlines.shift();
      while (c.events !== null && c.events.length > 0) c.events.shift();
      c.close();
      c.handshakes++;
      // A timeout check deferred to the loop is lost with it; a timer still pending finds nothing.
      c.timerArmed = false;
    }
    while (this.dueWhileStopped.length > 0) this.dueWhileStopped.shift();
    this.inTurn = false;
    this.turnLeft = 0;
    this.tailCarriesHead = false;
    while (this.tailArrivalsNs.length > 0) this.tailArrivalsNs.shift();
    // The fragments not yet written will get no reply to release them.
    while (this.writes.length > 0) {
      const w = this.writes.shift();
      if (w >= 0) t.release(w);
    }
  }

  /** SIGCONT: the loop runs again, and wakes (its epoll_wait's timeout has passed) if a timeout came due meanwhile. */
  resume(): void {
    this.executor.resume();
    if (this.dueWhileStopped.length > 0) this.arrive(TIMEOUT_CHECK);
  }

  restart(): void {
    this.crashed = false;
    this.ring.reset();
  }

  /** The connection's oldest fragment may have timed out: close the connection if it has. */
  private timer(conn: BackendConnection): void {
    conn.timerArmed = false;
    if (conn.outstanding.length === 0) return;
    if (conn.deadlines.peek() > this.engine.now) {
      this.arm(conn);
      return;
    }
    // A stopped process checks no timeout (core_timeout runs in its loop): the check waits for the loop, armed meanwhile.
    if (this.executor.paused) {
      conn.timerArmed = true;
      this.dueWhileStopped.push(conn.id);
    } else this.close(conn, Outcome.timeout);
  }

  /**
   * Closes the connection (server_close): each fragment on it is answered with an error; one
   * written stays abandoned (a late reply frees it; a fragment a dead server dropped keeps its row,
   * as a pool's request does), and one still waiting for the handshake is freed. The close is a
   * failure of the server.
   */
  private close(conn: BackendConnection, outcome: number): void {
    const t = this.requests;
    const written = conn.state === OPEN;
    conn.close();
    while (conn.outstanding.length > 0) {
      const part = conn.outstanding.shift();
      if (written) t.abandoned[part] = 1;
      t.replyBytes[part] = ERROR_REPLY_BYTES;
      const req = this.splitter.partDone(part, outcome, !written);
      if (req >= 0) this.reply(req);
    }
    while (conn.deadlines.length > 0) conn.deadlines.shift();
    this.ring.failed(conn.node);
  }

  /** The process on `host` died: its host's kernel resets each of this proxy's connections to it. */
  processDied(host: number): void {
    if (this.crashed) return;
    for (const conn of this.connections) {
      if (conn.state !== CLOSED && this.backends[conn.node]!.host === host) sendReset(this.network, host, this.host, conn.up, conn.down, this.onReset, this.socketOf(conn));
    }
  }

  private socketOf(conn: BackendConnection): number {
    return conn.handshakes * CONNECTION_STRIDE + conn.id;
  }

  /** A segment about a connection's socket arrived: the event loop handles it in turn. */
  private segment(socket: number, event: number): void {
    if (this.crashed) return;
    const conn = this.connections[socket % CONNECTION_STRIDE]!;
    conn.events ??= new IntQueue();
    conn.events.push(Math.floor(socket / CONNECTION_STRIDE));
    conn.events.push(event);
    this.arrive(CONNECTION_EVENT - conn.id);
  }

  /**
   * The loop handles the oldest segment of the connection, unless it is about a socket since
   * closed. Connected, the requests that waited are written in the same event (twemproxy's
   * req_send_next: server_connected, then the connection's queue), not a turn later.
   */
  private connectionEvent(conn: BackendConnection): void {
    const handshakes = conn.events!.shift();
    const event = conn.events!.shift();
    if (handshakes !== conn.handshakes) return;
    if (event === CONNECTED_EVENT && conn.state === CONNECTING) {
      conn.state = OPEN;
      for (let n = conn.outstanding.length; n > 0; n--) {
        const part = conn.outstanding.shift();
        conn.outstanding.push(part);
        this.writeNow(part);
      }
    } else if ((event === REFUSED_EVENT && conn.state === CONNECTING) || (event === RESET_EVENT && conn.state === OPEN)) this.close(conn, Outcome.disconnected);
  }

  /** Opens a closed connection: a handshake, answered by the server's host, its SYN sent again while unanswered. */
  private connect(conn: BackendConnection): void {
    conn.state = CONNECTING;
    conn.handshakes++;
    conn.synRetransmits = 0;
    this.sendSyn(conn);
  }

  private sendSyn(conn: BackendConnection): void {
    const socket = this.socketOf(conn);
    sendHandshake(this.network, this.host, this.backends[conn.node]!.host, conn.up, this.onHandshake, socket);
    this.engine.schedule(SYN_RTO_NS * 2 ** conn.synRetransmits, this.onSynTimer, socket);
  }

  /** The handshake is still unanswered: its SYN is sent again, or, after the last retransmission, the connect fails (ETIMEDOUT: server_close). */
  private synTimer(socket: number): void {
    const conn = this.connections[socket % CONNECTION_STRIDE]!;
    // Answered already if its answer waits for the loop (the kernel completed the handshake).
    if (Math.floor(socket / CONNECTION_STRIDE) !== conn.handshakes || conn.state !== CONNECTING || (conn.events?.length ?? 0) > 0) return;
    if (conn.synRetransmits === SYN_RETRIES) {
      this.close(conn, Outcome.timeout);
      return;
    }
    conn.synRetransmits++;
    this.sendSyn(conn);
  }

  private arm(conn: BackendConnection): void {
    conn.timerArmed = true;
    this.engine.at(conn.deadlines.peek(), this.onTimer, conn.id);
  }

  /** Answers client request `req` with an error, without sending it anywhere. */
  private answer(req: number, outcome: number): void {
    this.requests.outcome[req] = outcome;
    this.requests.replyBytes[req] = ERROR_REPLY_BYTES;
    this.reply(req);
  }

  private reply(req: number): void {
    this.write(-1 - req);
  }

  private link(node: number): BackendConnection {
    let links = this.links[node];
    if (!links) {
      // Open from the start, as if made before; made while the server's process is down, they start closed, and the first request connects.
      const state = this.backends[node]!.process.crashed ? CLOSED : OPEN;
      links = Array.from({ length: this.params.serverConnections }, () => {
        const c = new BackendConnection(this.connections.length, node);
        c.state = state;
        this.connections.push(c);
        return c;
      });
      this.links[node] = links;
      this.turns[node] = 0;
    }
    return links[this.turns[node]!++ % links.length]!;
  }

  private send(node: number, part: number): void {
    const t = this.requests;
    const conn = this.link(node);
    t.clientHost[part] = this.host;
    t.sentNs[part] = this.engine.now;
    t.connection[part] = conn.id;
    t.replyHandler[part] = this.onBackendReply;
    t.replyChannel[part] = conn.down;
    conn.outstanding.push(part);
    if (this.params.timeout !== undefined) {
      conn.deadlines.push(this.engine.now + this.params.timeout);
      if (!conn.timerArmed) this.arm(conn);
    }
    if (conn.state === OPEN) this.write(part);
    else if (conn.state === CLOSED) this.connect(conn);
  }

  private backendReplied(part: number): void {
    const t = this.requests;
    if (t.abandoned[part] === 1) {
      t.release(part);
      return;
    }
    const conn = this.connections[t.connection[part]!]!;
    for (let oldest = conn.outstanding.shift(); oldest !== part; oldest = conn.outstanding.shift()) {
      t.release(oldest);
      if (this.params.timeout !== undefined) conn.deadlines.shift();
    }
    if (this.params.timeout !== undefined) conn.deadlines.shift();
    const outcome = t.outcome[part]!;
    if (outcome === Outcome.oom || outcome === Outcome.loading) {
      // rsp_filter: a reply of a server that cannot serve now (redis_failure: OOM, LOADING) closes the connection, so it and every fragment after it get an error, and it counts a failure.
      this.close(conn, Outcome.disconnected);
      t.replyBytes[part] = ERROR_REPLY_BYTES;
      const req = this.splitter.partDone(part, Outcome.disconnected, true);
      if (req >= 0) this.reply(req);
      return;
    }
    this.ring.answered(conn.node);
    this.arrive(-1 - part);
  }

  private merge(part: number): void {
    const req = this.splitter.partDone(part, this.requests.outcome[part]!, true);
    if (req >= 0) this.reply(req);
  }
}
