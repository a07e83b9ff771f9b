// Stampede protection of read-through GETs on one application host (origin.protection):
// - lock: a GET that misses sends `SET lock:{key} <token> NX PX ttl` to the cache tier (routed as its
//   key: the hash tag keeps it in the key's slot). The winner reads the origin, then writes the value
//   back and deletes the lock in one pipeline (SET key; DEL lock:{key}). A loser waits `poll`, GETs
//   the key again (a `poll` request) and is answered when it is there, or tries the lock again. A
//   lock or poll that fails (timeout, an error reply) fails open: the request reads the origin.
// - earlyRefresh: a GET that found its key may be due for an early refresh (early-refresh.ts); it
//   then reads the origin and writes the value back like a miss, behind the lock if there is one,
//   and serves the value it has if another host holds the lock.
// Lock and poll requests are reported as their own ops; the workload request's latency includes
// every wait. The lock keys themselves live on the servers (lock-table.ts).
// Abstracted: MGET and pipeline misses (they read the origin without a lock), lock renewal for a
// recompute longer than the TTL, serving values of keys Redis already expired.
// Parameters: lock.ttl, lock.poll (ns); earlyRefresh.beta.

import type { EventHandler } from '../../sim/engine/engine.js';
import type { EarlyRefresh } from '../origin/early-refresh.js';
import { Op, Outcome } from '../signals.js';
import { lockCommandBytes } from '../workload/wire-sizes.js';
import type { ClientContext } from './request-completion.js';

/** The run's stampede protection, shared by its hosts. */
export interface StampedeProtection {
  lock: { ttl: number; poll: number } | null;
  early: EarlyRefresh | null;
}

/** Commands per request row: the workload's most, and 2 with a lock (a write-back carries the SET and the lock's DEL). */
export function rowStride(workloadStride: number, protection: StampedeProtection | null): number {
  return Math.max(workloadStride, protection?.lock ? 2 : 1);
}

/** What the guard needs of its host's request completion. */
export interface GuardedCompletion {
  /** Sends a row through the host's client library. */
  submit(req: number): void;
  /** Sends GET `req`'s missed keys to the origin; its reply writes them back. */
  queryOrigin(req: number): void;
  finish(req: number, outcome: number): void;
}

export class StampedeGuard {
  /** Requests waiting for the lock that hold a value (early refresh): they serve it if they lose. */
  private readonly refreshing = new Set<number>();
  /** Requests whose host holds their key's lock, with the lock's token, and when each started reading the origin. */
  private readonly holding = new Map<number, number>();
  private tokens = 0;
  private readonly queriedAtNs = new Map<number, number>();
  private readonly onPoll: EventHandler = (req) => this.poll(req);

  constructor(
    private readonly ctx: ClientContext, private readonly protection: StampedeProtection, private readonly completion: GuardedCompletion, private readonly host: number,
  ) {}

  /** True if GET `req`, which found its key, should refresh it now. */
  refreshDue(req: number): boolean {
    const t = this.ctx.requests;
    const early = this.protection.early;
    return early !== null && t.op[req] === Op.get && t.hits[req] === 1 && early.due(t.cmdKey[req * t.stride]!, t.expireAtNs[req]!, this.ctx.engine.now);
  }

  /** GET `req` missed, or is refreshing the value it found (`hasValue`): lock, then read the origin. */
  missed(req: number, hasValue: boolean): void {
    const t = this.ctx.requests;
    t.cmdHit[req * t.stride] = 0;
    const lock = this.protection.lock;
    if (!lock) {
      this.fetch(req);
      return;
    }
    if (hasValue) this.refreshing.add(req);
    const row = this.followUp(req, Op.lock, Op.lock, lockCommandBytes(this.ctx.factory.keyBytes, Math.round(lock.ttl / 1e6)), lock.ttl);
    t.cmdValueBytes[row * t.stride] = this.token();
    this.completion.submit(row);
  }

  /** The reply to a lock or poll row is in: report it, then go on with the request it works for. */
  replied(row: number): void {
    const t = this.ctx.requests;
    const req = t.follows[row]!;
    const op = t.op[row]!;
    const outcome = t.outcome[row]!;
    const found = t.cmdHit[row * t.stride] === 1;
    const version = t.cmdVersion[row * t.stride]!;
    const token = t.cmdValueBytes[row * t.stride]!;
    this.completion.finish(row, outcome);
    if (outcome !== Outcome.ok) this.failOpen(req);
    else if (op === Op.poll) {
      if (found) this.serve(req, version);
      else this.missed(req, false);
    } else if (found) {
      this.refreshing.delete(req);
      this.holding.set(req, token);
      this.fetch(req);
    } else if (this.refreshing.delete(req)) this.serve(req, t.cmdVersion[req * t.stride]!);
    else this.ctx.engine.schedule(this.protection.lock!.poll, this.onPoll, req);
  }

  /** A lock or poll row failed on the client side (its late reply frees it; the pool frees one that was never sent). */
  failed(row: number): void {
    this.failOpen(this.ctx.requests.follows[row]!);
  }

  /** The origin answered `req`: the token of the lock its write-back must release, or −1. */
  fetched(req: number): number {
    const started = this.queriedAtNs.get(req);
    if (started !== undefined) {
      this.queriedAtNs.delete(req);
      const t = this.ctx.requests;
      const elapsed = this.ctx.engine.now - started;
      for (let i = req * t.stride, end = i + t.commandCount[req]!; i < end; i++) if (t.cmdHit[i] === 0) this.protection.early!.recomputed(t.cmdKey[i]!, elapsed);
    }
    const token = this.holding.get(req);
    this.holding.delete(req);
    return token ?? -1;
  }

  /** A token no other lock holds: this host and a counter in 32 bits. */
  private token(): number {
    this.tokens = (this.tokens + 1) & 0xfffff;
    return ((this.host & 0xfff) * 0x100000 + this.tokens) >>> 0;
  }

  private fetch(req: number): void {
    if (this.protection.early) this.queriedAtNs.set(req, this.ctx.engine.now);
    this.completion.queryOrigin(req);
  }

  private failOpen(req: number): void {
    const t = this.ctx.requests;
    if (this.refreshing.delete(req)) this.serve(req, t.cmdVersion[req * t.stride]!);
    else this.fetch(req);
  }

  /** Answers `req` with the value found in the cache (version `version`). */
  private serve(req: number, version: number): void {
    const t = this.ctx.requests;
    t.cmdHit[req * t.stride] = 1;
    t.cmdVersion[req * t.stride] = version;
    this.completion.finish(req, Outcome.ok);
  }

  private poll(req: number): void {
    const t = this.ctx.requests;
    this.completion.submit(this.followUp(req, Op.poll, Op.get, this.ctx.factory.commandBytes(Op.get, t.cmdKey[req * t.stride]!), 0));
  }

  /** A one-command row (`op` request of command `cmdOp` on `req`'s key) that works for `req`. */
  private followUp(req: number, op: number, cmdOp: number, bytes: number, ttlNs: number): number {
    const t = this.ctx.requests;
    const row = t.alloc();
    const at = row * t.stride;
    t.op[row] = op;
    t.commandCount[row] = 1;
    t.cmdOp[at] = cmdOp;
    t.cmdKey[at] = t.cmdKey[req * t.stride]!;
    t.cmdTtlNs[at] = ttlNs;
    t.cmdValueBytes[at] = 0;
    t.requestBytes[row] = bytes;
    t.startNs[row] = this.ctx.engine.now;
    t.owner[row] = -1;
    t.follows[row] = req;
    return row;
  }
}
