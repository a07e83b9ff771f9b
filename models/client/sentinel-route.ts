// How a Sentinel-aware client library reaches one monitored master (REDIS-MODEL §8,
// sentinel-clients.md): it asks a sentinel `SENTINEL get-master-addr-by-name` at start and again
// whenever a connection to a server times out, is closed by it (CLIENT KILL after a promotion or
// reconfiguration) or is reset by its host (a crashed process), whenever a handshake to the master
// it knows is refused (the master's process is down) or goes unanswered within the connect timeout
// (its host is cut off: ioredis asks again at each reconnect attempt, and its connectTimeout
// destroys a socket whose connect hangs, "connect ETIMEDOUT", which starts the next; Redis.connect,
// SentinelConnector.connect), or when a write is answered -READONLY (a demoted master). Each
// question opens a connection to the sentinel (one handshake; ioredis 5 SentinelConnector.resolve
// connects, asks and disconnects). If the sentinel's host refuses or resets it (the sentinel's
// process is dead), or no answer comes within the client timeout, it asks the next sentinel at
// once; after a failure at every sentinel in turn it waits min(10 ms × rounds, 1 s) before the next
// round (ioredis's default sentinelRetryStrategy), rounds counted until an answer. Writes, and reads
// unless readFrom sends them to replicas, go to the master it was last told; requests in flight elsewhere finish or time out
// under the pool's rules (connection-pool.ts), and retries go to the master known at the time. One
// question at a time; requests issued before the first answer wait for it. One connection pool per
// data server. A `sentinel` topology's client has one route; a Sentinel-per-shard sharded client
// has one per shard.
// The pool closes a connection at a request timeout (go-redis, Jedis, redis-py; connection-pool.ts),
// which starts the reconnect that asks: ioredis's commandTimeout keeps the connection, so an ioredis
// client on a master cut off stays there until TCP gives up unless its failoverDetector subscribes
// to +switch-master (abstracted).
// Abstracted: the ROLE check after connecting, ioredis's SENTINEL sentinels after each answer (one
// more round trip before the master's connection), +switch-master subscriptions, connect timeouts to
// sentinels (the client timeout bounds the handshake and the answer together).
// Parameters: readFrom; ClientParams (timeout also bounds the wait for a sentinel's answer).

import { IntQueue } from '../../sim/collections/int-queue.js';
import type { EventHandler } from '../../sim/engine/engine.js';
import type { HostCpu } from '../host/host-cpu.js';
import type { SentinelClientLink, SentinelFabric } from '../sentinel/sentinel-fabric.js';
import { SentinelType } from '../sentinel/sentinel-message.js';
import { GET_ADDR_BYTES } from '../sentinel/sentinel-wire.js';
import { Outcome } from '../signals.js';
import type { ClientParams } from '../workload/workload-params.js';
import { ConnectionPool, type Endpoint, type PoolOwner } from './connection-pool.js';
import { readTargets, type ReadFrom } from './replicated-client.js';
import type { ClientContext } from './request-completion.js';

/** ioredis's default sentinelRetryStrategy: wait min(10 ms × rounds, 1 s) after every sentinel failed in turn. */
const ROUND_WAIT_NS = 10e6;
const MAX_ROUND_WAIT_NS = 1e9;

export class SentinelRoute implements SentinelClientLink {
  private readonly pools: ConnectionPool[];
  private readonly used: Uint8Array;
  private readonly readers: number[];
  private turn = 0;
  /** The master as last told by a sentinel (data server index), −1 before the first answer. */
  master = -1;
  private readonly waiting = new IntQueue();
  /** Number of the question awaiting an answer (0: none), and of the last one asked. */
  private asked = 0;
  private questions = 0;
  private sentinel = 0;
  /** Questions that failed (refused, reset or unanswered) since the last answer. */
  private failures = 0;
  private readonly onAskTimeout: EventHandler = (question) => {
    if (question === this.asked) this.failed();
  };
  private readonly onRoundWait: EventHandler = (question) => {
    if (question === this.asked) this.ask();
  };

  /** `index`: this route's place in the fabric's client list; `sink` hears of every reply and failure. */
  constructor(
    private readonly ctx: ClientContext, private readonly params: ClientParams, cpu: HostCpu, readonly host: number,
    nodes: readonly Endpoint[], readFrom: ReadFrom, private readonly fabric: SentinelFabric, private readonly index: number, sink: PoolOwner,
  ) {
    const owner: PoolOwner = {
      replied: (req) => {
        if (ctx.requests.outcome[req] === Outcome.readonly) this.resolve();
        sink.replied(req);
      },
      failed: (req, outcome) => sink.failed(req, outcome),
      lost: () => this.resolve(),
      retry: (req) => this.submit(req),
    };
    this.pools = nodes.map((n, node) => new ConnectionPool(ctx, params, cpu, host, n, {
      ...owner,
      connectFailed: () => {
        if (node === this.master) this.resolve();
      },
    }));
    this.used = new Uint8Array(nodes.length);
    this.readers = readTargets(ctx.network, host, nodes, readFrom);
  }

  submit(req: number): void {
    const node = this.readers.length > 0 && this.ctx.requests.readsOnly(req) ? this.readers[this.turn++ % this.readers.length]! : this.master;
    if (node < 0) {
      this.waiting.push(req);
      return;
    }
    this.used[node] = 1;
    this.pools[node]!.submit(req);
  }

  /** Asks a sentinel where the master is, unless a question is already out (or waits for the next round). */
  resolve(): void {
    if (this.asked === 0) this.ask();
  }

  /** Opens a connection to the current sentinel for a new question, answered or failed within the client timeout. */
  private ask(): void {
    this.asked = ++this.questions;
    this.fabric.connectClient(this.index, this.fabric.data + this.sentinel, this.asked);
    this.ctx.engine.schedule(this.params.timeout, this.onAskTimeout, this.asked);
  }

  connected(question: number): void {
    if (question !== this.asked) return;
    const fabric = this.fabric;
    const id = fabric.pool.alloc(SentinelType.getAddr, -1, fabric.data + this.sentinel, GET_ADDR_BYTES);
    const m = fabric.pool.get(id);
    m.client = this.index;
    m.epoch = question;
    fabric.sendFromClient(id);
  }

  refused(question: number): void {
    if (question === this.asked) this.failed();
  }

  /** The current question failed: the next sentinel now, or after a wait once every sentinel has failed in turn. */
  private failed(): void {
    this.sentinel = (this.sentinel + 1) % this.fabric.sentinels;
    this.failures++;
    if (this.failures % this.fabric.sentinels !== 0) {
      this.ask();
      return;
    }
    this.asked = ++this.questions;
    this.ctx.engine.schedule(Math.min(ROUND_WAIT_NS * (this.failures / this.fabric.sentinels), MAX_ROUND_WAIT_NS), this.onRoundWait, this.asked);
  }

  addressed(question: number, master: number): void {
    if (question !== this.asked) return;
    this.asked = 0;
    this.failures = 0;
    this.master = master;
    while (this.waiting.length > 0) this.submit(this.waiting.shift());
  }

  killedBy(server: number): void {
    this.pools[server]!.closedByServer();
  }

  connectedTo(server: number): boolean {
    return this.used[server] === 1;
  }
}
