// A Redis instance's keyspace over the workload's N key ids, in typed arrays (no object per key):
// value sizes, optional expiry times, and a dense array of present keys so that random sampling
// (as Redis's dictGetSomeKeys / dictGetRandomKey do) and deletion are O(1).
// Memory accounting: each present key costs its value bytes + a fixed per-key overhead (dict
// entry, key object, key name). Abstracted away: allocator fragmentation, encodings.

export class Keyspace {
  readonly valueBytes: Uint32Array;
  readonly expireAtNs: Float64Array | null;
  /** Version of each key's value (see write-ledger.ts), when versions are tracked. */
  readonly version: Uint32Array | null;
  private readonly position: Int32Array;
  private readonly dense: Int32Array;
  private present = 0;
  private bytes = 0;

  constructor(readonly keyCount: number, readonly perKeyOverheadBytes: number, withExpiry: boolean, withVersions = false) {
    this.valueBytes = new Uint32Array(keyCount);
    this.expireAtNs = withExpiry ? new Float64Array(keyCount) : null;
    this.version = withVersions ? new Uint32Array(keyCount) : null;
    this.position = new Int32Array(keyCount).fill(-1);
    this.dense = new Int32Array(keyCount);
  }

  /** Keys present. */
  get size(): number {
    return this.present;
  }

  /** Bytes used by present keys (values + per-key overhead). */
  get usedBytes(): number {
    return this.bytes;
  }

  has(key: number): boolean {
    return this.position[key]! >= 0;
  }

  /** True if `key` is present with an expiry at or before `nowNs`. */
  isExpired(key: number, nowNs: number): boolean {
    const expire = this.expireAtNs;
    return expire !== null && this.position[key]! >= 0 && expire[key]! !== 0 && expire[key]! <= nowNs;
  }

  /** Stores `valueBytes` at `key` with an absolute expiry (0 = none); returns the change in used bytes. */
  set(key: number, valueBytes: number, expireAtNs: number): number {
    let delta: number;
    if (this.position[key]! < 0) {
      this.position[key] = this.present;
      this.dense[this.present++] = key;
      delta = valueBytes + this.perKeyOverheadBytes;
    } else {
      delta = valueBytes - this.valueBytes[key]!;
    }
    this.valueBytes[key] = valueBytes;
    if (this.expireAtNs) this.expireAtNs[key] = expireAtNs;
    else if (expireAtNs !== 0) throw new RangeError('an expiry on a keyspace created without expiry times');
    this.bytes += delta;
    return delta;
  }

  /** Removes `key`; returns false if it was absent. */
  delete(key: number): boolean {
    const at = this.position[key]!;
    if (at < 0) return false;
    const last = this.dense[--this.present]!;
    this.dense[at] = last;
    this.position[last] = at;
    this.position[key] = -1;
    this.bytes -= this.valueBytes[key]! + this.perKeyOverheadBytes;
    this.valueBytes[key] = 0;
    return true;
  }

  /** Removes every key (a restart without persistence). */
  clear(): void {
    while (this.present > 0) this.delete(this.dense[this.present - 1]!);
  }

  /** The present keys (a snapshot's list). */
  presentKeys(): Int32Array {
    return this.dense.slice(0, this.present);
  }

  /** A uniformly random present key for a uniform u in [0, 1), or -1 if empty. */
  randomKey(u: number): number {
    return this.present === 0 ? -1 : this.dense[Math.floor(u * this.present)]!;
  }
}
