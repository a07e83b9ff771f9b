// All requests of a run in one struct-of-arrays table (no object per request). A request is a
// message's content: the client fills it, the server reads it and writes its results, the client
// reads those. `stride` is the most commands one request can carry (MGET keys, pipeline depth).

import type { EventHandler } from '../../sim/engine/engine.js';
import type { Channel } from '../network/network.js';
import { Op } from '../signals.js';

export class RequestTable {
  op = new Uint8Array(0);
  outcome = new Uint8Array(0);
  attempts = new Uint8Array(0);
  /** 1 once the client gave up on this attempt (timeout): a late reply only frees the row. */
  abandoned = new Uint8Array(0);
  commandCount = new Uint16Array(0);
  hits = new Uint16Array(0);
  reads = new Uint16Array(0);
  /** Keys read that returned a value older than the latest acknowledged write. */
  stale = new Uint16Array(0);
  /** Keys answered by the application's in-process L1 cache. */
  l1Hits = new Uint16Array(0);
  /** 1 when the request may be served by a replica (sent on a READONLY connection). */
  readonly = new Uint8Array(0);
  startNs = new Float64Array(0);
  sentNs = new Float64Array(0);
  requestBytes = new Float64Array(0);
  replyBytes = new Float64Array(0);
  owner = new Int32Array(0);
  /** For a part of a split multi-key request: the row it belongs to, else −1; and parts still out. */
  parent = new Int32Array(0);
  pendingParts = new Uint16Array(0);
  /** Node a MOVED/ASK reply points to; 1 when the request must be preceded by ASKING. */
  redirectNode = new Int32Array(0);
  redirectSlot = new Int32Array(0);
  asking = new Uint8Array(0);
  redirects = new Uint8Array(0);
  connection = new Int32Array(0);
  /** The run-wide number of the client connection the request last went out on (client-connections.ts). */
  clientConnection = new Int32Array(0);
  clientHost = new Int32Array(0);
  cmdOp = new Uint8Array(0);
  cmdKey = new Int32Array(0);
  cmdHit = new Uint8Array(0);
  /** The version of the value a read returned (0 when versions are not tracked). */
  cmdVersion = new Uint32Array(0);
  cmdValueBytes = new Uint32Array(0);
  cmdTtlNs = new Float64Array(0);
  /** For a part: the index of each command in the parent row. */
  cmdOrigin = new Uint16Array(0);
  /** For a lock or poll row (stampede protection): the workload request it works for, else −1. */
  follows = new Int32Array(0);
  /** An EVAL's script run time on the server beyond its key accesses, ns. */
  scriptNs = new Float64Array(0);
  /** The expiry of the key a GET found (ns; 0: none), which an early refresh reads. */
  expireAtNs = new Float64Array(0);
  replyHandler: (EventHandler | null)[] = [];
  replyChannel: (Channel | null)[] = [];
  private free: number[] = [];
  private capacity = 0;
  private live = 0;

  constructor(readonly stride: number) {
    if (!(stride >= 1)) throw new RangeError('a request carries at least one command');
    this.grow(256);
  }

  /** Requests allocated and not yet released. */
  get inUse(): number {
    return this.live;
  }

  /** Commands row `req` dispatches: one for an MGET, MSET or EVALSHA whatever its keys, one per key otherwise (a pipeline, a transaction's queued commands, a split MGET's GETs). */
  commandsOf(req: number): number {
    const op = this.op[req]!;
    return op === Op.mget || op === Op.mset || op === Op.eval ? 1 : this.commandCount[req]!;
  }

  /** True if every command of row `req` is a GET (a replica may serve it; an EVAL is sent to primaries, as a script may write). */
  readsOnly(req: number): boolean {
    for (let i = req * this.stride, end = i + this.commandCount[req]!; i < end; i++) if (this.cmdOp[i] !== Op.get) return false;
    return true;
  }

  alloc(): number {
    if (this.free.length === 0) this.grow(this.capacity * 2);
    this.live++;
    const id = this.free.pop()!;
    this.outcome[id] = 0;
    this.attempts[id] = 0;
    this.abandoned[id] = 0;
    this.hits[id] = 0;
    this.reads[id] = 0;
    this.stale[id] = 0;
    this.l1Hits[id] = 0;
    this.readonly[id] = 0;
    this.connection[id] = -1;
    this.clientConnection[id] = -1;
    this.parent[id] = -1;
    this.follows[id] = -1;
    this.pendingParts[id] = 0;
    this.asking[id] = 0;
    this.redirects[id] = 0;
    return id;
  }

  /** A new row with the same commands, start time and attempt count as `id` (for a retry). */
  copy(id: number): number {
    const c = this.alloc();
    this.op[c] = this.op[id]!;
    this.attempts[c] = this.attempts[id]!;
    this.commandCount[c] = this.commandCount[id]!;
    this.startNs[c] = this.startNs[id]!;
    this.requestBytes[c] = this.requestBytes[id]!;
    this.owner[c] = this.owner[id]!;
    this.parent[c] = this.parent[id]!;
    this.follows[c] = this.follows[id]!;
    this.scriptNs[c] = this.scriptNs[id]!;
    this.asking[c] = this.asking[id]!;
    this.redirects[c] = this.redirects[id]!;
    this.clientHost[c] = this.clientHost[id]!;
    const s = this.stride;
    this.cmdOp.copyWithin(c * s, id * s, id * s + s);
    this.cmdKey.copyWithin(c * s, id * s, id * s + s);
    this.cmdValueBytes.copyWithin(c * s, id * s, id * s + s);
    this.cmdTtlNs.copyWithin(c * s, id * s, id * s + s);
    this.cmdOrigin.copyWithin(c * s, id * s, id * s + s);
    return c;
  }

  release(id: number): void {
    this.replyHandler[id] = null;
    this.replyChannel[id] = null;
    this.live--;
    this.free.push(id);
  }

  private grow(capacity: number): void {
    const old = this.capacity;
    const s = this.stride;
    this.op = resize(this.op, capacity);
    this.outcome = resize(this.outcome, capacity);
    this.attempts = resize(this.attempts, capacity);
    this.abandoned = resize(this.abandoned, capacity);
    this.commandCount = resize(this.commandCount, capacity);
    this.hits = resize(this.hits, capacity);
    this.reads = resize(this.reads, capacity);
    this.stale = resize(this.stale, capacity);
    this.l1Hits = resize(this.l1Hits, capacity);
    this.readonly = resize(this.readonly, capacity);
    this.startNs = resize(this.startNs, capacity);
    this.sentNs = resize(this.sentNs, capacity);
    this.requestBytes = resize(this.requestBytes, capacity);
    this.replyBytes = resize(this.replyBytes, capacity);
    this.owner = resize(this.owner, capacity);
    this.parent = resize(this.parent, capacity);
    this.pendingParts = resize(this.pendingParts, capacity);
    this.redirectNode = resize(this.redirectNode, capacity);
    this.redirectSlot = resize(this.redirectSlot, capacity);
    this.asking = resize(this.asking, capacity);
    this.redirects = resize(this.redirects, capacity);
    this.connection = resize(this.connection, capacity);
    this.clientConnection = resize(this.clientConnection, capacity);
    this.clientHost = resize(this.clientHost, capacity);
    this.cmdOp = resize(this.cmdOp, capacity * s);
    this.cmdKey = resize(this.cmdKey, capacity * s);
    this.cmdHit = resize(this.cmdHit, capacity * s);
    this.cmdVersion = resize(this.cmdVersion, capacity * s);
    this.cmdValueBytes = resize(this.cmdValueBytes, capacity * s);
    this.cmdTtlNs = resize(this.cmdTtlNs, capacity * s);
    this.cmdOrigin = resize(this.cmdOrigin, capacity * s);
    this.follows = resize(this.follows, capacity);
    this.expireAtNs = resize(this.expireAtNs, capacity);
    this.scriptNs = resize(this.scriptNs, capacity);
    for (let i = old; i < capacity; i++) {
      this.replyHandler.push(null);
      this.replyChannel.push(null);
    }
    for (let i = capacity - 1; i >= old; i--) this.free.push(i);
    this.capacity = capacity;
  }
}

type Typed = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;

function resize<T extends Typed>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}
