// Splitting a multi-key request (MGET, pipeline) into one part per destination and merging the
// parts' replies back, shared by every client and proxy that spreads keys over servers. A part is a
// row of its own (parent = the request, cmdOrigin = each command's index in the request); a part can
// be split again (after a MOVED): its commands then go to new parts of the same request. Parts are
// pipelines of the request's commands (a part of one command is sent as that command, without a
// pipeline object: request-cpu.ts); with `fragments`, the parts of an MGET or MSET are MGETs or
// MSETs of their keys (as twemproxy fragments them, and Lettuce and redis-py split them per slot).
// A write-back's parts stay write-backs (populate), and the one part of an EVAL a proxy forwards
// stays an EVAL with its script time. The request's reply is the parts' replies under one array
// header. Parts are sent in order of first appearance of their destination. No allocation per
// request: destinations are indexed through a growable typed array and a stack of scratch entries
// (a split may run inside another one's sends).

import { Op, Outcome } from '../signals.js';
import type { RequestFactory } from '../workload/request-factory.js';
import { arrayHeaderBytes, evalshaCommandBytes, msetCommandBytes, msetPairBytes } from '../workload/wire-sizes.js';
import type { RequestTable } from '../request/request-table.js';

export class RequestSplitter {
  /** Part row of each destination during a split, else −1. */
  private partOf = new Int32Array(64).fill(-1);
  private scratchPlace = new Int32Array(64);
  private scratchPart = new Int32Array(64);
  private scratchTop = 0;

  /** `fragments`: the parts of an MGET or MSET are MGETs or MSETs of their keys; else pipelines of GETs or SETs. */
  constructor(private readonly requests: RequestTable, private readonly factory: RequestFactory, private readonly fragments: boolean) {}

  /** True if the commands of `req` go to more than one destination. */
  spans(req: number, place: (key: number) => number): boolean {
    const t = this.requests;
    const base = req * t.stride;
    const first = place(t.cmdKey[base]!);
    for (let i = base + 1; i < base + t.commandCount[req]!; i++) if (place(t.cmdKey[i]!) !== first) return true;
    return false;
  }

  /** One part per destination `place(key)` (≥ 0); `send(destination, part)` for each. */
  split(req: number, place: (key: number) => number, send: (destination: number, part: number) => void): void {
    const t = this.requests;
    const f = this.factory;
    const top = t.parent[req]! >= 0 ? t.parent[req]! : req;
    const topOp = t.op[top]!;
    const fragmentOp = (this.fragments && (topOp === Op.mget || topOp === Op.mset)) || topOp === Op.populate || topOp === Op.eval ? topOp : Op.pipeline;
    const base = req * t.stride;
    const n = t.commandCount[req]!;
    const first = this.scratchTop;
    for (let i = 0; i < n; i++) {
      const key = t.cmdKey[base + i]!;
      const destination = place(key);
      if (destination >= this.partOf.length) this.growPlaces(destination);
      let part = this.partOf[destination]!;
      if (part < 0) {
        part = this.newPart(req, top, fragmentOp);
        this.partOf[destination] = part;
        this.push(destination, part);
      }
      const at = part * t.stride + t.commandCount[part]!;
      t.cmdOp[at] = t.cmdOp[base + i]!;
      t.cmdKey[at] = key;
      t.cmdValueBytes[at] = t.cmdValueBytes[base + i]!;
      t.cmdTtlNs[at] = t.cmdTtlNs[base + i]!;
      t.cmdHit[at] = 0;
      t.cmdOrigin[at] = req === top ? i : t.cmdOrigin[base + i]!;
      t.commandCount[part]!++;
      if (fragmentOp === Op.pipeline || fragmentOp === Op.populate) t.requestBytes[part]! += f.commandBytes(t.cmdOp[at]!, key);
      else if (fragmentOp === Op.mset) t.requestBytes[part]! += msetPairBytes(f.keyBytes, t.cmdValueBytes[at]!);
    }
    const last = this.scratchTop;
    for (let s = first; s < last; s++) {
      this.partOf[this.scratchPlace[s]!] = -1;
      const part = this.scratchPart[s]!;
      if (fragmentOp === Op.mget) t.requestBytes[part] = f.mgetBytes(t.commandCount[part]!);
      else if (fragmentOp === Op.eval) {
        t.requestBytes[part] = evalshaCommandBytes(t.commandCount[part]!, f.keyBytes);
        t.scriptNs[part] = t.scriptNs[top]!;
      }
      else if (fragmentOp === Op.mset) t.requestBytes[part] = msetCommandBytes(t.commandCount[part]!, t.requestBytes[part]!);
    }
    const parts = last - first;
    if (req === top) {
      t.hits[req] = 0;
      t.reads[req] = 0;
      t.stale[req] = 0;
      t.outcome[req] = Outcome.ok;
      t.replyBytes[req] = n > 1 ? arrayHeaderBytes(n) : 0;
      t.pendingParts[req] = parts;
    } else {
      t.pendingParts[top]! += parts - 1;
      t.release(req);
    }
    for (let s = first; s < last; s++) send(this.scratchPlace[s]!, this.scratchPart[s]!);
    this.scratchTop = first;
  }

  /**
   * Part `part` finished with `outcome`: merges it into its request (freeing the part's row when
   * `release`); returns the request if that was its last part, else −1.
   */
  partDone(part: number, outcome: number, release: boolean): number {
    const t = this.requests;
    const req = t.parent[part]!;
    const base = req * t.stride;
    const n = t.commandCount[part]!;
    for (let i = part * t.stride, end = i + n; i < end; i++) {
      t.cmdHit[base + t.cmdOrigin[i]!] = t.cmdHit[i]!;
      t.cmdVersion[base + t.cmdOrigin[i]!] = t.cmdVersion[i]!;
    }
    t.hits[req]! += t.hits[part]!;
    t.reads[req]! += t.reads[part]!;
    t.stale[req]! += t.stale[part]!;
    t.replyBytes[req]! += t.replyBytes[part]! - (n > 1 ? arrayHeaderBytes(n) : 0);
    if (t.attempts[part]! > t.attempts[req]!) t.attempts[req] = t.attempts[part]!;
    if (outcome !== Outcome.ok && t.outcome[req] === Outcome.ok) t.outcome[req] = outcome;
    if (release) t.release(part);
    return --t.pendingParts[req]! === 0 ? req : -1;
  }

  private newPart(req: number, top: number, op: number): number {
    const t = this.requests;
    const part = t.alloc();
    t.op[part] = op;
    t.commandCount[part] = 0;
    t.requestBytes[part] = 0;
    t.parent[part] = top;
    t.startNs[part] = t.startNs[req]!;
    t.owner[part] = -1;
    t.redirects[part] = t.redirects[req]!;
    return part;
  }

  private push(destination: number, part: number): void {
    if (this.scratchTop === this.scratchPlace.length) {
      this.scratchPlace = grow(this.scratchPlace, this.scratchTop * 2);
      this.scratchPart = grow(this.scratchPart, this.scratchTop * 2);
    }
    this.scratchPlace[this.scratchTop] = destination;
    this.scratchPart[this.scratchTop++] = part;
  }

  private growPlaces(destination: number): void {
    const next = new Int32Array(Math.max(destination + 1, this.partOf.length * 2)).fill(-1);
    next.set(this.partOf);
    this.partOf = next;
  }
}

function grow(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
