// A Redis instance's keyspace over the workload's N key ids, in typed arrays (no object per key).
// Each key held has a record of 32-bit words (where the key is in the list of keys held, its value
// size, and when needed a word the eviction policy keeps per key (LRU clock, LFU counter) and the
// version of its value), so one cache line serves a command, plus an optional column of expiry times. The keys held are also a dense list 0 … size−1; deleting
// a key moves the last one into its place, so random sampling (as Redis's dictGetSomeKeys /
// dictGetRandomKey do) and deletion are O(1). Two layouts, by the share of the N ids the server is
// expected to hold:
// - direct (a single node, a shard of a few): records indexed by key id, so a key's record is found
//   without an index (an entry is the key id);
// - compact (a node of a large cluster holds 1 % of them): records in the order of the dense list
//   (an entry is a position in it), found through an integer hash map that grows with the keys
//   held, so memory follows what the node holds, not N.
// Sampling picks the same position of the dense list in both layouts. With expiry times, the keys
// that have one are also a list of their own (Redis's expires table), which active expiry walks.
// Memory accounting: each present key costs its value bytes + a fixed per-key overhead (dict
// entry, key object, key name). The high-water mark is the most bytes held since the process
// started: the allocator keeps the pages of what was freed for reuse, so only growth above the mark
// takes fresh pages from the kernel (what server.cost.freshMemoryPerKB charges). Abstracted away:
// allocator fragmentation, encodings, jemalloc's return of unused pages to the kernel after its
// decay time (the mark never comes down while the process lives).

import { DIRECT_INDEX_MIN_SHARE } from '../../sim/collections/id-index.js';
import { IdSet } from '../../sim/collections/id-set.js';
import { IntHashMap } from '../../sim/collections/int-hash-map.js';

/** Direct layout: 1 + the key's position in the dense list (0: absent). Compact layout: the key id. */
const KEY_OR_POSITION = 0;
const BYTES = 1;

export interface KeyspaceOptions {
  withExpiry: boolean;
  /** Keep each value's version (see write-ledger.ts). */
  withVersions?: boolean;
  /** Keep a word per key for the eviction policy (LRU, LFU). */
  withPolicyWord?: boolean;
  /** The fraction of the key ids this server is expected to hold: chooses the layout and sizes the first allocation (more keys are always accepted). */
  expectedShare?: number;
}

/** A keyspace's content at one moment (Keyspace.snapshot). */
export interface KeyspaceSnapshot {
  keys: Int32Array;
  valueBytes: Uint32Array;
  expireAtNs: Float64Array;
  versions: Uint32Array;
}

export class Keyspace {
  /** Compact layout only: key id → entry. */
  private readonly index: IntHashMap | null;
  /** Direct layout only: the dense list of keys held. */
  private dense: Int32Array | null;
  private rec: Uint32Array;
  /** Words per record, and the offsets of the optional words (−1: not kept). */
  private readonly stride: number;
  private readonly meta: number;
  private readonly version: number;
  private expireNs: Float64Array | null;
  private present = 0;
  /** With expiry times: the present keys with an expiry (Redis's expires table, which active expiry walks). */
  private readonly volatileKeys: IdSet | null;
  private bytes = 0;
  private highWater = 0;

  /** `keyCount`: key ids are 0 … keyCount−1. */
  constructor(readonly keyCount: number, readonly perKeyOverheadBytes: number, options: KeyspaceOptions) {
    const share = options.expectedShare ?? 1;
    const direct = share >= DIRECT_INDEX_MIN_SHARE;
    const expected = Math.min(keyCount, Math.ceil(keyCount * share * 1.05) + 16);
    const records = direct ? keyCount : expected;
    this.meta = options.withPolicyWord ? 2 : -1;
    this.version = options.withVersions ? (options.withPolicyWord ? 3 : 2) : -1;
    this.stride = 2 + (options.withPolicyWord ? 1 : 0) + (options.withVersions ? 1 : 0);
    this.index = direct ? null : new IntHashMap(expected);
    this.dense = direct ? new Int32Array(expected) : null;
    this.rec = new Uint32Array(records * this.stride);
    this.expireNs = options.withExpiry ? new Float64Array(records) : null;
    this.volatileKeys = options.withExpiry ? new IdSet(keyCount, share) : null;
  }

  /** Keys present. */
  get size(): number {
    return this.present;
  }

  /** Keys present with an expiry (Redis's expires table). */
  get volatileSize(): number {
    return this.volatileKeys?.size ?? 0;
  }

  /** The key at `place` (0 … volatileSize − 1) of the keys with an expiry; a deletion moves the last one to its place. */
  volatileKeyAt(place: number): number {
    return this.volatileKeys!.at(place);
  }

  /** Bytes used by present keys (values + per-key overhead). */
  get usedBytes(): number {
    return this.bytes;
  }

  /** The most bytes held since the process started (see the header). */
  get highWaterBytes(): number {
    return this.highWater;
  }

  /** How far the high-water mark would rise if the keys held changed by `changeBytes`. */
  growthBytesOf(changeBytes: number): number {
    return Math.max(0, this.bytes + changeBytes - this.highWater);
  }

  /** How many bytes storing `valueBytes` at `key` would add (negative: free). */
  changeBytesOfSet(key: number, valueBytes: number): number {
    const e = this.entryOf(key);
    return e < 0 ? valueBytes + this.perKeyOverheadBytes : valueBytes - this.valueBytesAt(e);
  }

  /** The process started again: its memory went back to the kernel, and what it holds now is all it has touched. */
  processStarted(): void {
    this.highWater = this.bytes;
  }

  /** Whether a word per key is kept for the eviction policy. */
  get keepsPolicyWord(): boolean {
    return this.meta >= 0;
  }

  has(key: number): boolean {
    return this.entryOf(key) >= 0;
  }

  /**
   * The entry holding `key`, or −1: what the accessors below take. An entry stays valid until the next
   * insertion of a new key or deletion (a deletion may move another key's entry).
   */
  entryOf(key: number): number {
    if (this.index === null) return this.rec[key * this.stride + KEY_OR_POSITION] === 0 ? -1 : key;
    return this.index.get(key);
  }

  keyAt(entry: number): number {
    return this.index === null ? entry : this.rec[entry * this.stride + KEY_OR_POSITION]!;
  }

  valueBytesAt(entry: number): number {
    return this.rec[entry * this.stride + BYTES]!;
  }

  /** The version of the value at `entry` (0 when versions are not kept). */
  versionAt(entry: number): number {
    return this.version < 0 ? 0 : this.rec[entry * this.stride + this.version]!;
  }

  setVersionAt(entry: number, version: number): void {
    if (this.version >= 0) this.rec[entry * this.stride + this.version] = version;
  }

  /** The eviction policy's word for the key at `entry` (a keyspace made withPolicyWord). */
  metaAt(entry: number): number {
    return this.rec[entry * this.stride + this.meta]!;
  }

  setMetaAt(entry: number, word: number): void {
    this.rec[entry * this.stride + this.meta] = word;
  }

  /** True if the key at `entry` has an expiry at or before `nowNs`. */
  expiredAt(entry: number, nowNs: number): boolean {
    const expire = this.expireNs;
    return expire !== null && expire[entry]! !== 0 && expire[entry]! <= nowNs;
  }

  /** The absolute expiry of the key at `entry` (ns; 0: none). */
  expireAtOf(entry: number): number {
    return this.expireNs === null ? 0 : this.expireNs[entry]!;
  }

  /** The value size of `key`, 0 when absent. */
  valueBytesOf(key: number): number {
    const e = this.entryOf(key);
    return e < 0 ? 0 : this.valueBytesAt(e);
  }

  /** The version of the value at `key` (0 when absent or when versions are not kept). */
  versionOf(key: number): number {
    const e = this.entryOf(key);
    return e < 0 ? 0 : this.versionAt(e);
  }

  /** True if `key` is present with an expiry at or before `nowNs`. */
  isExpired(key: number, nowNs: number): boolean {
    const e = this.entryOf(key);
    return e >= 0 && this.expiredAt(e, nowNs);
  }

  /** Stores `valueBytes` at `key` with an absolute expiry (0 = none); returns its entry. */
  set(key: number, valueBytes: number, expireAtNs: number): number {
    if (this.expireNs === null && expireAtNs !== 0) throw new RangeError('an expiry on a keyspace created without expiry times');
    let e = this.entryOf(key);
    const wasVolatile = e >= 0 && this.expireNs !== null && this.expireNs[e] !== 0;
    if (e < 0) e = this.insert(key);
    const rec = this.rec;
    const r = e * this.stride;
    this.bytes += valueBytes - rec[r + BYTES]!;
    if (this.bytes > this.highWater) this.highWater = this.bytes;
    rec[r + BYTES] = valueBytes;
    if (this.expireNs) {
      this.expireNs[e] = expireAtNs;
      if (expireAtNs !== 0 && !wasVolatile) this.volatileKeys!.add(key);
      else if (expireAtNs === 0 && wasVolatile) this.volatileKeys!.remove(key);
    }
    return e;
  }

  /** A new key's entry, its words zeroed but for its place. */
  private insert(key: number): number {
    const position = this.present++;
    this.bytes += this.perKeyOverheadBytes;
    if (this.index === null) {
      if (position === this.dense!.length) this.dense = copied(this.dense!, new Int32Array(grownLength(position, this.keyCount)));
      this.dense![position] = key;
      this.newRecord(key, position + 1);
      return key;
    }
    if (position * this.stride === this.rec.length) this.growCompact();
    this.index.set(key, position);
    this.newRecord(position, key);
    return position;
  }

  /** Record `entry` with `first` in its first word and every other word 0. */
  private newRecord(entry: number, first: number): void {
    const r = entry * this.stride;
    this.rec[r + KEY_OR_POSITION] = first;
    for (let w = 1; w < this.stride; w++) this.rec[r + w] = 0;
  }

  /** Removes `key`; returns false if it was absent. */
  delete(key: number): boolean {
    const e = this.entryOf(key);
    if (e < 0) return false;
    if (this.expireNs !== null && this.expireNs[e] !== 0) this.volatileKeys!.remove(key);
    const rec = this.rec;
    this.bytes -= rec[e * this.stride + BYTES]! + this.perKeyOverheadBytes;
    const last = --this.present;
    if (this.index === null) {
      const position = rec[key * this.stride + KEY_OR_POSITION]! - 1;
      const moved = this.dense![last]!;
      this.dense![position] = moved;
      rec[moved * this.stride + KEY_OR_POSITION] = position + 1;
      rec[key * this.stride + KEY_OR_POSITION] = 0;
      return true;
    }
    if (e !== last) {
      rec.copyWithin(e * this.stride, last * this.stride, last * this.stride + this.stride);
      if (this.expireNs) this.expireNs[e] = this.expireNs[last]!;
      this.index.set(rec[e * this.stride + KEY_OR_POSITION]!, e);
    }
    this.index.delete(key);
    return true;
  }

  /** Removes every key (a restart without persistence). */
  clear(): void {
    while (this.present > 0) this.delete(this.keyAt(this.entryAtPosition(this.present - 1)));
  }

  /** The dataset as an RDB file holds it: the present keys with their value sizes, expiries (0: none) and versions (0 when not kept). */
  snapshot(): KeyspaceSnapshot {
    const entries = Array.from({ length: this.present }, (_, p) => this.entryAtPosition(p));
    return {
      keys: Int32Array.from(entries, (e) => this.keyAt(e)),
      valueBytes: Uint32Array.from(entries, (e) => this.valueBytesAt(e)),
      expireAtNs: Float64Array.from(entries, (e) => this.expireAtOf(e)),
      versions: Uint32Array.from(entries, (e) => this.versionAt(e)),
    };
  }

  /** The present keys (a snapshot's list), in the order of the dense list. */
  presentKeys(): Int32Array {
    return Int32Array.from({ length: this.present }, (_, p) => this.keyAt(this.entryAtPosition(p)));
  }

  /** The entry of a uniformly random present key for a uniform u in [0, 1), or −1 if empty. */
  randomEntry(u: number): number {
    return this.present === 0 ? -1 : this.entryAtPosition(Math.floor(u * this.present));
  }

  private entryAtPosition(position: number): number {
    return this.index === null ? this.dense![position]! : position;
  }

  private growCompact(): void {
    const size = grownLength(this.rec.length / this.stride, this.keyCount);
    this.rec = copied(this.rec, new Uint32Array(size * this.stride));
    if (this.expireNs) this.expireNs = copied(this.expireNs, new Float64Array(size));
  }
}

/** 1.5 × `length` (at least 16), at most `limit`. */
function grownLength(length: number, limit: number): number {
  return Math.min(limit, Math.max(16, Math.ceil(length * 1.5)));
}

function copied<T extends Int32Array | Uint32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
