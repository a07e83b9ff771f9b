// A Redis instance's keyspace over the workload's N key ids, in typed arrays (no object per key).
// The keys present are entries 0 … size−1 of one record array, four 32-bit words per entry (key id,
// value size, version, and a word the eviction policy keeps per key: one cache line serves a command),
// plus an optional column of expiry times; deleting a key
// moves the last entry into its place, so random sampling (as Redis's dictGetSomeKeys /
// dictGetRandomKey do) and deletion are O(1). A key id finds its entry through an index: a direct
// array over all N ids when the server is expected to hold a large share of them (a single node, a
// primary's replicas), else an open-addressing hash table that grows with the keys held (a node of a
// 100-node cluster holds 1 % of them: memory follows what it holds, not N).
// Memory accounting: each present key costs its value bytes + a fixed per-key overhead (dict
// entry, key object, key name). Abstracted away: allocator fragmentation, encodings.

import { idIndex, type IdIndex } from '../../sim/collections/id-index.js';

const STRIDE = 4;
const KEY = 0;
const BYTES = 1;
const VERSION = 2;
const META = 3;

export class Keyspace {
  private readonly index: IdIndex;
  /** Entry e's words: [KEY + e·STRIDE] key id, [BYTES + …] value size, [VERSION + …] version, [META + …] the policy's word. */
  private rec: Uint32Array;
  private expireNs: Float64Array | null;
  private readonly withVersions: boolean;
  private present = 0;
  private bytes = 0;

  /**
   * `keyCount`: key ids are 0 … keyCount−1; `expectedShare`: the fraction of them this server is
   * expected to hold (chooses the index and sizes the first allocation; more keys are always accepted).
   */
  constructor(readonly keyCount: number, readonly perKeyOverheadBytes: number, withExpiry: boolean, withVersions = false, expectedShare = 1) {
    const expected = Math.min(keyCount, Math.ceil(keyCount * expectedShare * 1.05) + 16);
    this.index = idIndex(keyCount, expectedShare);
    this.rec = new Uint32Array(expected * STRIDE);
    this.expireNs = withExpiry ? new Float64Array(expected) : null;
    this.withVersions = withVersions;
  }

  /** Keys present. */
  get size(): number {
    return this.present;
  }

  /** Bytes used by present keys (values + per-key overhead). */
  get usedBytes(): number {
    return this.bytes;
  }

  /** Whether versions are kept (see write-ledger.ts). */
  get tracksVersions(): boolean {
    return this.withVersions;
  }

  has(key: number): boolean {
    return this.index.get(key) >= 0;
  }

  /**
   * The entry holding `key`, or −1: what the accessors below take. An entry stays valid until the next
   * insertion of a new key or deletion (a deletion moves the last entry into the hole).
   */
  entryOf(key: number): number {
    return this.index.get(key);
  }

  keyAt(entry: number): number {
    return this.rec[entry * STRIDE + KEY]!;
  }

  valueBytesAt(entry: number): number {
    return this.rec[entry * STRIDE + BYTES]!;
  }

  /** The version of the value at `entry` (0 when versions are not kept). */
  versionAt(entry: number): number {
    return this.rec[entry * STRIDE + VERSION]!;
  }

  setVersionAt(entry: number, version: number): void {
    if (this.withVersions) this.rec[entry * STRIDE + VERSION] = version;
  }

  /** The eviction policy's word for the key at `entry`. */
  metaAt(entry: number): number {
    return this.rec[entry * STRIDE + META]!;
  }

  setMetaAt(entry: number, word: number): void {
    this.rec[entry * STRIDE + META] = word;
  }

  /** True if the key at `entry` has an expiry at or before `nowNs`. */
  expiredAt(entry: number, nowNs: number): boolean {
    const expire = this.expireNs;
    return expire !== null && expire[entry]! !== 0 && expire[entry]! <= nowNs;
  }

  /** The value size of `key`, 0 when absent. */
  valueBytesOf(key: number): number {
    const e = this.index.get(key);
    return e < 0 ? 0 : this.valueBytesAt(e);
  }

  /** The version of the value at `key` (0 when absent or when versions are not kept). */
  versionOf(key: number): number {
    const e = this.index.get(key);
    return e < 0 ? 0 : this.versionAt(e);
  }

  /** True if `key` is present with an expiry at or before `nowNs`. */
  isExpired(key: number, nowNs: number): boolean {
    const e = this.index.get(key);
    return e >= 0 && this.expiredAt(e, nowNs);
  }

  /** Stores `valueBytes` at `key` with an absolute expiry (0 = none); returns its entry. */
  set(key: number, valueBytes: number, expireAtNs: number): number {
    if (this.expireNs === null && expireAtNs !== 0) throw new RangeError('an expiry on a keyspace created without expiry times');
    let e = this.index.get(key);
    const rec = this.present * STRIDE === this.rec.length && e < 0 ? this.grow() : this.rec;
    if (e < 0) {
      e = this.present++;
      this.index.set(key, e);
      const r = e * STRIDE;
      rec[r + KEY] = key;
      rec[r + BYTES] = 0;
      rec[r + VERSION] = 0;
      rec[r + META] = 0;
      this.bytes += this.perKeyOverheadBytes;
    }
    const r = e * STRIDE;
    this.bytes += valueBytes - rec[r + BYTES]!;
    rec[r + BYTES] = valueBytes;
    if (this.expireNs) this.expireNs[e] = expireAtNs;
    return e;
  }

  /** Removes `key`; returns false if it was absent. */
  delete(key: number): boolean {
    const e = this.index.get(key);
    if (e < 0) return false;
    const rec = this.rec;
    this.bytes -= rec[e * STRIDE + BYTES]! + this.perKeyOverheadBytes;
    const last = --this.present;
    if (e !== last) {
      rec.copyWithin(e * STRIDE, last * STRIDE, last * STRIDE + STRIDE);
      if (this.expireNs) this.expireNs[e] = this.expireNs[last]!;
      this.index.set(rec[e * STRIDE + KEY]!, e);
    }
    this.index.delete(key);
    return true;
  }

  /** Removes every key (a restart without persistence). */
  clear(): void {
    while (this.present > 0) this.delete(this.keyAt(this.present - 1));
  }

  /** The present keys (a snapshot's list). */
  presentKeys(): Int32Array {
    return Int32Array.from({ length: this.present }, (_, e) => this.keyAt(e));
  }

  /** The entry of a uniformly random present key for a uniform u in [0, 1), or −1 if empty. */
  randomEntry(u: number): number {
    return this.present === 0 ? -1 : Math.floor(u * this.present);
  }

  private grow(): Uint32Array {
    const size = Math.min(this.keyCount, Math.max(16, Math.ceil((this.rec.length / STRIDE) * 1.5)));
    const rec = new Uint32Array(size * STRIDE);
    rec.set(this.rec);
    this.rec = rec;
    if (this.expireNs) {
      const expire = new Float64Array(size);
      expire.set(this.expireNs);
      this.expireNs = expire;
    }
    return rec;
  }
}
