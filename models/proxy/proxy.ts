// A twemproxy-like proxy process on its own host: one single-threaded event loop (a FIFO executor).
// A client request costs `requestCpu` of its thread, then is split into one fragment per server its
// keys map to (the same shard maps as client-side sharding; an MGET becomes one MGET per server) and
// each fragment is written to that server over a pipelined connection (backend-connection.ts). Each
// server reply costs `replyCpu`; when the last fragment is in, the reassembled reply goes back to the
// client. So a GET pays two extra network legs and the proxy's CPU, and a busy proxy queues.
// Faults: pause (SIGSTOP: everything queues), crash (queued work and fragments in flight are lost;
// replies still on their way are discarded; clients time out), restart (an empty process).
// Replies come back in order, so when a reply arrives, the fragments written before it on that
// connection that are still unanswered were lost (a crashed server, a lossy link): they are dropped,
// and their clients time out (twemproxy would answer an error when the server closes the connection).
// With a `timeout`, a connection whose oldest fragment has waited that long is closed (twemproxy
// 0.5 src/nc_core.c core_timeout, src/nc_server.c server_close): every fragment on it is answered
// with an error at once (outcome timeout) and its late reply discarded; the next fragment for that
// server opens a new connection. With `autoEjectHosts`, each close is a failure of the server, a
// reply resets its count, and `serverFailureLimit` failures in a row eject it for
// `serverRetryTimeout`: this proxy's ring is rebuilt without it (ketama: its keys move to the next
// servers on the ring; modulo: most keys move), and the first request routed after the retry time
// rebuilds the ring with it again (server_failure, server_ok, server_pool_update). Each proxy keeps
// its own counts and ring. With every server ejected, requests are answered with an error
// (outcome disconnected: twemproxy's ECONNREFUSED). An MSET is fragmented like an MGET; MULTI is
// refused (twemproxy does not support transactions) and so is an EVAL whose keys map to several
// servers (outcome crossslot).
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
// message; a write's cost is in requestCpu), the time to open a connection, the CPU of error replies,
// memory and the client-connection limit; a turn that slept costs what one that did not costs; a
// server timeout that fires while the proxy sleeps answers at once, without a turn of its own
// (twemproxy's epoll_wait would time out, and the error be written a turn later).
// Parameters: proxy-params.ts (requestCpu, replyCpu, turnCpu, timeout, serverRetryTimeout ns;
// serverConnections, serverFailureLimit; autoEjectHosts).

import { IntQueue } from '../../sim/collections/int-queue.js';
import type { Engine, EventHandler } from '../../sim/engine/engine.js';
import type { Endpoint } from '../client/connection-pool.js';
import { RequestSplitter } from '../client/request-splitter.js';
import type { RequestTable } from '../request/request-table.js';
import type { CoreSchedule } from '../host/core-schedule.js';
import { FifoExecutor, type ExecutorJobs } from '../host/fifo-executor.js';
import type { Network } from '../network/network.js';
import type { ShardMap } from '../sharding/shard-map.js';
import type { ShardRouter } from '../sharding/shard-membership.js';
import { Op, Outcome, Purpose } from '../signals.js';
import type { RequestFactory } from '../workload/request-factory.js';
import { BackendConnection } from './backend-connection.js';
import type { ProxyProcessParams } from './proxy-params.js';

/** Bytes of an error reply such as "-ERR Connection timed out". */
const ERROR_REPLY_BYTES = 27;
/** The executor's jobs for the halves of a turn not folded into an event's job (rows are ≥ 0, fragments' replies −1 − row). */
const TURN_TAIL = Number.MIN_SAFE_INTEGER;
const TURN_HEAD = Number.MIN_SAFE_INTEGER + 1;

export class ProxyProcess implements ExecutorJobs, ShardRouter {
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
  private readonly serverOf = (key: number): number => this.map!.serverOf(key);
  private readonly forward = (node: number, part: number): void => this.send(node, part);
  private readonly onBackendReply: EventHandler = (part) => this.backendReplied(part);
  private readonly onTimer: EventHandler = (conn) => this.timer(this.connections[conn]!);
  /** The ring in use: the configured one without the servers this proxy ejected (null: all ejected). */
  private map: ShardMap | null;
  /** auto_eject_hosts, per server: consecutive failures, and when its ejection ends (ns; 0: in the ring). */
  private readonly failures: number[] = [];
  private readonly ejectedUntilNs: number[] = [];
  /** When an ejected server may come back (0: none ejected). */
  private nextRebuildNs = 0;
  /** Whether the event loop is in a turn (false: asleep in epoll_wait), and the current turn's jobs not yet finished. */
  private inTurn = false;
  private turnLeft = 0;
  /** Whether the tail running now carries the next turn's first half (something waited when it began), and when the jobs submitted meanwhile arrived (ns). */
  private tailCarriesHead = false;
  private readonly tailArrivalsNs = new IntQueue();
  /** What the turns wrote, sent when the next turn's first half ends: a fragment's row (≥ 0), or −1 − a client request's row (its reply). */
  private readonly writes = new IntQueue();

  constructor(
    private readonly engine: Engine, private readonly network: Network, private readonly requests: RequestTable, factory: RequestFactory,
    private readonly params: ProxyProcessParams, readonly host: number, private readonly backends: readonly Endpoint[], private configured: ShardMap,
    private readonly mapOf: (servers: readonly number[]) => ShardMap,
    /** Told of each server this proxy ejects. */
    private readonly ejected: (server: number) => void,
    /** The cores the proxy's thread shares with the other processes of its machine (scenario `machines`), if any. */
    machine: CoreSchedule | null = null,
  ) {
    this.executor = new FifoExecutor(engine, this, machine);
    this.splitter = new RequestSplitter(requests, factory, true);
    this.map = configured;
  }

  useMap(map: ShardMap): void {
    this.configured = map;
    this.rebuild();
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
    const ns = job >= 0 ? this.params.requestCpu : this.params.replyCpu;
    if (this.inTurn || halfNs === 0) return ns;
    this.inTurn = true;
    this.turnLeft = 1 + this.executor.queueLength;
    return halfNs + ns;
  }

  finish(job: number): void {
    if (job === TURN_TAIL && !this.tailCarriesHead) {
      if (this.writes.length > 0 || this.executor.queueLength > 0) this.executor.submitFirst(TURN_HEAD);
      else this.inTurn = false;
      return;
    }
    if (job === TURN_TAIL) this.endCarriedHead();
    if (job === TURN_TAIL || job === TURN_HEAD) this.flushWrites();
    else {
      if (job < 0) this.merge(-1 - job);
      else this.route(job);
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
        // Its connection timed out and was closed before it was written (twemproxy's server_close drops it).
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
    if (this.nextRebuildNs > 0 && this.engine.now > this.nextRebuildNs) this.rebuild();
    const op = this.requests.op[req]!;
    if (!this.map) this.answer(req, Outcome.disconnected);
    else if (op === Op.multi || (op === Op.eval && this.splitter.spans(req, this.serverOf))) this.answer(req, Outcome.crossslot);
    else this.splitter.split(req, this.serverOf, this.forward);
  }

  /** The process dies: queued work is lost, fragments in flight will be discarded when answered. */
  crash(): void {
    this.crashed = true;
    const t = this.requests;
    for (const job of this.executor.clear()) if (job < 0 && job !== TURN_TAIL && job !== TURN_HEAD) t.release(-1 - job);
    for (const c of this.connections) {
      while (c.outstanding.length > 0) t.abandoned[c.outstanding.shift()] = 1;
      while (c.deadlines.length > 0) c.deadlines.shift();
    }
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

  restart(): void {
    this.crashed = false;
    this.failures.length = 0;
    this.ejectedUntilNs.length = 0;
    this.rebuild();
  }

  /** The ring over the configured servers not ejected now; remembers when the next ejection ends. */
  private rebuild(): void {
    const now = this.engine.now;
    let next = 0;
    const live = this.configured.servers.filter((s) => {
      const until = this.ejectedUntilNs[s] ?? 0;
      if (until <= now) return true;
      next = next === 0 ? until : Math.min(next, until);
      return false;
    });
    this.nextRebuildNs = next;
    this.map = live.length === this.configured.servers.length ? this.configured : live.length > 0 ? this.mapOf(live) : null;
  }

  /** A server connection closed (server_failure): with auto-eject, the limit-th failure in a row takes the server out of the ring. */
  private failed(node: number): void {
    if (!this.params.autoEjectHosts) return;
    this.failures[node] = (this.failures[node] ?? 0) + 1;
    if (this.failures[node]! < this.params.serverFailureLimit) return;
    this.failures[node] = 0;
    this.ejectedUntilNs[node] = this.engine.now + this.params.serverRetryTimeout;
    this.rebuild();
    this.ejected(node);
  }

  /** The connection's oldest fragment may have timed out: close the connection if it has. */
  private timer(conn: BackendConnection): void {
    conn.timerArmed = false;
    if (conn.outstanding.length === 0) return;
    if (conn.deadlines.peek() > this.engine.now) {
      this.arm(conn);
      return;
    }
    const t = this.requests;
    while (conn.outstanding.length > 0) {
      const part = conn.outstanding.shift();
      conn.deadlines.shift();
      t.abandoned[part] = 1;
      t.replyBytes[part] = ERROR_REPLY_BYTES;
      const req = this.splitter.partDone(part, Outcome.timeout, false);
      if (req >= 0) this.reply(req);
    }
    this.failed(conn.node);
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
      links = Array.from({ length: this.params.serverConnections }, () => {
        const c = new BackendConnection(this.connections.length, node);
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
    this.write(part);
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
    this.failures[conn.node] = 0;
    this.arrive(-1 - part);
  }

  private merge(part: number): void {
    const req = this.splitter.partDone(part, this.requests.outcome[part]!, true);
    if (req >= 0) this.reply(req);
  }
}
