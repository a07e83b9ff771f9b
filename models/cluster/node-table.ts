// What one cluster node knows about every other node (Redis's clusterNode records in its node
// table): ping and pong times, data received, PFAIL/FAIL flags, epochs, roles, replication offsets
// and slot-claim versions as their headers last said, link age, failure reports, and which nodes it
// knows at all (MEET, gossip, FORGET). Arrays indexed by node, so a cron over 1,000 peers stays cheap.
// What every gossip entry reads on both sides (is the peer known, its PFAIL/FAIL flags, is a ping to
// it outstanding, its pong time in whole seconds, which is what gossip carries, and whether a gossiped
// pong time is newer) is one 32-bit word per peer (`state`), so that an entry touches one cache line of
// the table instead of four: at 1,000 nodes and more, the gossip loops' cost is their cache misses.

import { FAIL, PFAIL } from './bus-message.js';

/** `state` bits beyond the flags (PFAIL, FAIL): a ping to the peer is outstanding (pingSent ≠ 0); the peer is in the table. */
export const PING_OUT = 4;
export const KNOWN = 8;
const FLAG_BITS = PFAIL | FAIL;
/** `state` bit: floor(pongReceived / 1 s), as floating point computes it, rounded up to a whole second the pong time is just below. */
const ROUNDED_UP = 16;
const PEER_BITS = FLAG_BITS | PING_OUT | KNOWN;
/** `state` above its five bits: floor(pongReceived / 1 s) + PONG_SECONDS_OFFSET (pong times start up to T/2 before 0). */
const PONG_SECONDS_UNIT = 32;
const PONG_SECONDS_OFFSET = 2 ** 20;
const PONG_SECONDS_LIMIT = 2 ** 27;

/** The whole seconds of a pong time in a `state` word (what pongSecondsOf returns). */
function pongSecondsOfWord(word: number): number {
  return (word >>> 5) - PONG_SECONDS_OFFSET;
}

/**
 * Whether a gossiped pong time (whole seconds) is newer than the one a `state` word holds, from the
 * word alone. Its seconds, s = floor(ours / 1 s) as floating point computes it, are the true floor,
 * or one more when the quotient rounded up to a whole number (ROUNDED_UP). More seconds than s is
 * newer, fewer is not, and s itself is newer only when ours lies just below s whole seconds.
 */
export function isNewerPong(word: number, seconds: number): boolean {
  const mine = pongSecondsOfWord(word);
  return seconds > mine || (seconds === mine && (word & ROUNDED_UP) !== 0);
}

export class NodeTable {
  /** When the outstanding ping to each peer was sent, ns (0: none); written through setPingSent, which keeps `state` in step. */
  readonly pingSent: Float64Array;
  /** When each peer's last pong arrived (or, from gossip, its whole second), ns; written through setPong, which keeps `state` in step. */
  readonly pongReceived: Float64Array;
  readonly dataReceived: Float64Array;
  /** Per peer: its flags (PFAIL, FAIL) | PING_OUT | KNOWN, and above them its pong time's whole seconds (pongSecondsOfWord). Written only through this class. */
  readonly state: Uint32Array;
  readonly failTime: Float64Array;
  readonly configEpoch: Float64Array;
  readonly replOffset: Float64Array;
  /** Each peer's primary as its headers last said (−1: a primary). */
  readonly primaryOf: Int16Array;
  readonly slotsVersion: Float64Array;
  /** When the link to each peer was (re)connected, ns. */
  readonly linkCreated: Float64Array;
  private readonly forgottenUntil: Float64Array;
  /** Failure reports: target → (reporter → time received, ns). */
  private readonly reports = new Map<number, Map<number, number>>();
  private knownNodes = 0;
  private pfails = 0;
  /**
   * The cron's scan of the table may be skipped while the time is before this (ns): no peer's ping,
   * reconnect or PFAIL condition can hold earlier. Computed by the scan; lowered by every change that
   * can bring a condition earlier (a ping sent, flags changed, a peer learned, a restart).
   */
  scanDueNs = -Infinity;
  /** Counts the calls of setFlags (what the cluster state depends on, with the slot owners). */
  flagChanges = 0;

  constructor(n: number, self: number, members: readonly boolean[], configEpochs: ArrayLike<number>, roles: ArrayLike<number>) {
    // One buffer for the table's columns: nine of 8 bytes per peer, then `state` (4) and `primaryOf` (2).
    const buffer = new ArrayBuffer(78 * n);
    let column = 0;
    const float64 = () => new Float64Array(buffer, 8 * n * column++, n);
    this.pingSent = float64();
    this.pongReceived = float64();
    this.dataReceived = float64();
    this.failTime = float64();
    this.configEpoch = float64();
    this.replOffset = float64();
    this.slotsVersion = float64();
    this.linkCreated = float64();
    this.forgottenUntil = float64();
    this.state = new Uint32Array(buffer, 72 * n, n);
    this.primaryOf = new Int16Array(buffer, 76 * n, n);
    this.configEpoch.set(configEpochs);
    this.primaryOf.set(roles);
    this.slotsVersion.fill(-1);
    for (let j = 0; j < n; j++) {
      this.setPong(j, 0);
      if (j === self || (members[self] && members[j])) {
        this.state[j] = this.state[j]! | KNOWN;
        this.knownNodes++;
      }
    }
  }

  /** Nodes in the table, this node included (dictSize in Redis). */
  get knownCount(): number {
    return this.knownNodes;
  }

  /** Peers flagged PFAIL (kept so heartbeats need not scan all flags). */
  get pfailCount(): number {
    return this.pfails;
  }

  knows(j: number): boolean {
    return (this.state[j]! & KNOWN) !== 0;
  }

  /** The peer's flags: PFAIL, FAIL. */
  flagsOf(j: number): number {
    return this.state[j]! & FLAG_BITS;
  }

  /** Records the outstanding ping to `j` (its send time, ns; 0: none). */
  setPingSent(j: number, ns: number): void {
    this.pingSent[j] = ns;
    this.state[j] = ns !== 0 ? this.state[j]! | PING_OUT : this.state[j]! & ~PING_OUT;
  }

  /** floor(pongReceived[j] / 1 s): the pong time gossip about `j` carries. */
  pongSecondsOf(j: number): number {
    return pongSecondsOfWord(this.state[j]!);
  }

  setPong(j: number, ns: number): void {
    const floor = Math.floor(ns / 1e9);
    const seconds = floor + PONG_SECONDS_OFFSET;
    if (seconds < 0 || seconds >= PONG_SECONDS_LIMIT) throw new RangeError(`a pong time of ${ns} ns is outside the node table's range`);
    this.pongReceived[j] = ns;
    this.state[j] = (this.state[j]! & PEER_BITS) + (floor * 1e9 > ns ? ROUNDED_UP : 0) + seconds * PONG_SECONDS_UNIT;
  }

  /** No ping outstanding to any peer (a restart's new links). */
  clearPings(): void {
    this.pingSent.fill(0);
    for (let j = 0; j < this.state.length; j++) this.state[j] = this.state[j]! & ~PING_OUT;
  }

  /** True while gossip about `j` is ignored after a FORGET. */
  isForgotten(j: number, nowNs: number): boolean {
    return nowNs < this.forgottenUntil[j]!;
  }

  /** Adds `j` to the table, as after a completed handshake. */
  learn(j: number, nowNs: number): void {
    if (this.knows(j)) return;
    this.state[j] = this.state[j]! | KNOWN;
    this.knownNodes++;
    this.setPingSent(j, 0);
    this.setPong(j, nowNs);
    this.dataReceived[j] = nowNs;
    this.linkCreated[j] = nowNs;
    this.setFlags(j, 0);
  }

  /** Drops `j` (CLUSTER FORGET) and ignores gossip about it for 60 s. */
  forget(j: number, nowNs: number): void {
    if (!this.knows(j)) return;
    this.state[j] = this.state[j]! & ~KNOWN;
    this.knownNodes--;
    this.setFlags(j, 0);
    this.reports.delete(j);
    this.forgottenUntil[j] = nowNs + 60e9;
  }

  /** Every change of a peer's flags goes through here, to keep the PFAIL count. */
  setFlags(j: number, flags: number): void {
    this.pfails += (flags & PFAIL ? 1 : 0) - (this.state[j]! & PFAIL ? 1 : 0);
    this.state[j] = (this.state[j]! & ~FLAG_BITS) | flags;
    this.scanDueNs = -Infinity;
    this.flagChanges++;
  }

  /** Whether the cron must scan the table at `nowNs` (1 ns of margin for rounding in the conditions' arithmetic). */
  scanDue(nowNs: number): boolean {
    return nowNs >= this.scanDueNs - 1;
  }

  get hasReports(): boolean {
    return this.reports.size > 0;
  }

  addReport(target: number, reporter: number, nowNs: number): void {
    let r = this.reports.get(target);
    if (!r) {
      r = new Map();
      this.reports.set(target, r);
    }
    r.set(reporter, nowNs);
  }

  deleteReport(target: number, reporter: number): void {
    this.reports.get(target)?.delete(reporter);
  }

  /** Failure reports about `target` younger than `validityNs` (older ones are dropped). */
  validReports(target: number, nowNs: number, validityNs: number): number {
    const r = this.reports.get(target);
    if (!r) return 0;
    for (const [reporter, t] of r) if (t < nowNs - validityNs) r.delete(reporter);
    return r.size;
  }
}
