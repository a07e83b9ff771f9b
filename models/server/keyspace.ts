// A Redis instance's keyspace over the workload's N key ids, in typed arrays (no object per key).
// The keys present are entries 0 … size−1 of struct-of-arrays columns (key id, value size, optional
// expiry time and version, and one 32-bit word the eviction policy keeps per key); deleting a key
// moves the last entry into its place, so random sampling (as Redis's dictGetSomeKeys /
// dictGetRandomKey do) and deletion are O(1). A key id finds its entry through an index: a direct
// array over all N ids when the server is expected to hold a large share of them (a single node, a
// primary's replicas), else an open-addressing hash table that grows with the keys held (a node of a
// 100-node cluster holds 1 % of them: memory follows what it holds, not N).
// Memory accounting: each present key costs its value bytes + a fixed per-key overhead (dict
// entry, key object, key name). Abstracted away: allocator fragmentation, encodings.

/** Below this expected share of the key ids, the index is a hash table (8 bytes a slot, at most half full) rather than 4 bytes per id. */
const DIRECT_INDEX_MIN_SHARE = 1 / 4;

/** Key id → entry index (−1 when absent). */
interface KeyIndex {
  get(key: number): number;
  set(key: number, entry: number): void;
  delete(key: number): void;
}

class DirectIndex implements KeyIndex {
  private readonly entry: Int32Array;

  constructor(keyCount: number) {
    this.entry = new Int32Array(keyCount).fill(-1);
  }

  get(key: number): number {
    return this.entry[key]!;
  }

  set(key: number, entry: number): void {
    this.entry[key] = entry;
  }

  delete(key: number): void {
    this.entry[key] = -1;
  }
}

/** Linear probing over a power-of-two table of (key, entry) pairs, at most half full; deletion by backward shift (no tombstones). */
class HashIndex implements KeyIndex {
  private keys: Int32Array;
  private entries: Int32Array;
  private mask: number;
  private used = 0;

  constructor(expected: number) {
    let size = 16;
    while (size < 2 * expected) size *= 2;
    this.keys = new Int32Array(size).fill(-1);
    this.entries = new Int32Array(size);
    this.mask = size - 1;
  }

  private home(key: number): number {
    return (Math.imul(key, 0x9e3779b1) >>> 0) & this.mask;
  }

  get(key: number): number {
    for (let i = this.home(key); ; i = (i + 1) & this.mask) {
      const k = this.keys[i]!;
      if (k === key) return this.entries[i]!;
      if (k === -1) return -1;
    }
  }

  set(key: number, entry: number): void {
    let i = this.home(key);
    for (; ; i = (i + 1) & this.mask) {
      const k = this.keys[i]!;
      if (k === key) {
        this.entries[i] = entry;
        return;
      }
      if (k === -1) break;
    }
    this.keys[i] = key;
    this.entries[i] = entry;
    if (++this.used * 2 > this.keys.length) this.grow();
  }

  delete(key: number): void {
    let i = this.home(key);
    while (this.keys[i] !== key) {
      if (this.keys[i] === -1) return;
      i = (i + 1) & this.mask;
    }
    this.used--;
    // Backward shift: a later pair of the run moves into the hole when its home is not between them.
    for (let j = (i + 1) & this.mask; this.keys[j] !== -1; j = (j + 1) & this.mask) {
      const home = this.home(this.keys[j]!);
      if (((j - home) & this.mask) >= ((j - i) & this.mask)) {
        this.keys[i] = this.keys[j]!;
        this.entries[i] = this.entries[j]!;
        i = j;
      }
    }
    this.keys[i] = -1;
  }

  private grow(): void {
    const keys = this.keys;
    const entries = this.entries;
    this.keys = new Int32Array(keys.length * 2).fill(-1);
    this.entries = new Int32Array(keys.length * 2);
    this.mask = this.keys.length - 1;
    this.used = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== -1) this.set(keys[i]!, entries[i]!);
  }
}

export class Keyspace {
  private readonly index: KeyIndex;
  private entryKey: Int32Array;
  private entryBytes: Uint32Array;
  private entryExpireNs: Float64Array | null;
  private entryVersion: Uint32Array | null;
  private entryMeta: Uint32Array;
  private present = 0;
  private bytes = 0;

  /**
   * `keyCount`: key ids are 0 … keyCount−1; `expectedShare`: the fraction of them this server is
   * expected to hold (chooses the index and sizes the first allocation; more keys are always accepted).
   */
  constructor(readonly keyCount: number, readonly perKeyOverheadBytes: number, withExpiry: boolean, withVersions = false, expectedShare = 1) {
    const expected = Math.min(keyCount, Math.ceil(keyCount * expectedShare * 1.05) + 16);
    this.index = expectedShare >= DIRECT_INDEX_MIN_SHARE ? new DirectIndex(keyCount) : new HashIndex(expected);
    this.entryKey = new Int32Array(expected);
    this.entryBytes = new Uint32Array(expected);
    this.entryExpireNs = withExpiry ? new Float64Array(expected) : null;
    this.entryVersion = withVersions ? new Uint32Array(expected) : null;
    this.entryMeta = new Uint32Array(expected);
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
    return this.entryVersion !== null;
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
    return this.entryKey[entry]!;
  }

  valueBytesAt(entry: number): number {
    return this.entryBytes[entry]!;
  }

  /** The version of the value at `entry` (0 when versions are not kept). */
  versionAt(entry: number): number {
    return this.entryVersion === null ? 0 : this.entryVersion[entry]!;
  }

  setVersionAt(entry: number, version: number): void {
    if (this.entryVersion !== null) this.entryVersion[entry] = version;
  }

  /** The eviction policy's word for the key at `entry`. */
  metaAt(entry: number): number {
    return this.entryMeta[entry]!;
  }

  setMetaAt(entry: number, word: number): void {
    this.entryMeta[entry] = word;
  }

  /** True if the key at `entry` has an expiry at or before `nowNs`. */
  expiredAt(entry: number, nowNs: number): boolean {
    const expire = this.entryExpireNs;
    return expire !== null && expire[entry]! !== 0 && expire[entry]! <= nowNs;
  }

  /** The value size of `key`, 0 when absent. */
  valueBytesOf(key: number): number {
    const e = this.index.get(key);
    return e < 0 ? 0 : this.entryBytes[e]!;
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
    if (this.entryExpireNs === null && expireAtNs !== 0) throw new RangeError('an expiry on a keyspace created without expiry times');
    let e = this.index.get(key);
    if (e < 0) {
      if (this.present === this.entryKey.length) this.grow();
      e = this.present++;
      this.index.set(key, e);
      this.entryKey[e] = key;
      this.entryBytes[e] = 0;
      this.entryMeta[e] = 0;
      if (this.entryVersion) this.entryVersion[e] = 0;
      this.bytes += this.perKeyOverheadBytes;
    }
    this.bytes += valueBytes - this.entryBytes[e]!;
    this.entryBytes[e] = valueBytes;
    if (this.entryExpireNs) this.entryExpireNs[e] = expireAtNs;
    return e;
  }

  /** Removes `key`; returns false if it was absent. */
  delete(key: number): boolean {
    const e = this.index.get(key);
    if (e < 0) return false;
    this.bytes -= this.entryBytes[e]! + this.perKeyOverheadBytes;
    const last = --this.present;
    if (e !== last) {
      const moved = this.entryKey[last]!;
      this.entryKey[e] = moved;
      this.entryBytes[e] = this.entryBytes[last]!;
      this.entryMeta[e] = this.entryMeta[last]!;
      if (this.entryExpireNs) this.entryExpireNs[e] = this.entryExpireNs[last]!;
      if (this.entryVersion) this.entryVersion[e] = this.entryVersion[last]!;
      this.index.set(moved, e);
    }
    this.index.delete(key);
    return true;
  }

  /** Removes every key (a restart without persistence). */
  clear(): void {
    while (this.present > 0) this.delete(this.entryKey[this.present - 1]!);
  }

  /** The present keys (a snapshot's list). */
  presentKeys(): Int32Array {
    return this.entryKey.slice(0, this.present);
  }

  /** The entry of a uniformly random present key for a uniform u in [0, 1), or −1 if empty. */
  randomEntry(u: number): number {
    return this.present === 0 ? -1 : Math.floor(u * this.present);
  }

  private grow(): void {
    const size = Math.min(this.keyCount, Math.max(16, Math.ceil(this.entryKey.length * 1.5)));
    const widen = <T extends Int32Array | Uint32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.entryKey = widen(this.entryKey, (n) => new Int32Array(n));
    this.entryBytes = widen(this.entryBytes, (n) => new Uint32Array(n));
    this.entryMeta = widen(this.entryMeta, (n) => new Uint32Array(n));
    if (this.entryExpireNs) this.entryExpireNs = widen(this.entryExpireNs, (n) => new Float64Array(n));
    if (this.entryVersion) this.entryVersion = widen(this.entryVersion, (n) => new Uint32Array(n));
  }
}
