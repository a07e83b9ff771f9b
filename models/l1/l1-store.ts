// The entries of one host's L1 cache: an exact replacement policy (LRU, FIFO or LFU, shared with
// `cachetopo replay`) bounded in entries and/or bytes, with per-entry value size, version and
// insertion time in typed arrays indexed by the policy's slot. An entry older than `ttlNs` is a miss
// and leaves when looked up (lazy expiry, as in-process caches such as Caffeine do).
// Parameters: slot count (entries), byte limit (bytes), entry overhead (bytes), ttlNs.

import type { CachePolicy } from '../cache/cache-policy.js';

export class L1Store {
  private readonly valueBytes: Float64Array;
  private readonly version: Uint32Array;
  private readonly insertedNs: Float64Array;
  private bytes = 0;

  constructor(
    private readonly policy: CachePolicy,
    private readonly byteLimit: number,
    private readonly entryOverheadBytes: number,
    private readonly ttlNs: number,
  ) {
    this.valueBytes = new Float64Array(policy.capacity);
    this.version = new Uint32Array(policy.capacity);
    this.insertedNs = new Float64Array(policy.capacity);
  }

  get entries(): number {
    return this.policy.size;
  }

  get usedBytes(): number {
    return this.bytes;
  }

  /** A use of `key` at `nowNs`: its slot if held and fresh, else −1 (an expired entry is dropped). */
  lookup(key: number, nowNs: number): number {
    const slot = this.policy.slotOf(key);
    if (slot < 0) return -1;
    if (nowNs - this.insertedNs[slot]! >= this.ttlNs) {
      this.remove(key);
      return -1;
    }
    this.policy.get(key);
    return slot;
  }

  /** The slot of `key` if held (fresh or not), without counting a use; else −1. */
  slotOf(key: number): number {
    return this.policy.slotOf(key);
  }

  versionAt(slot: number): number {
    return this.version[slot]!;
  }

  /** Stores `key` (replacing what was held) with its value size and version, evicting as needed; a value larger than the whole limit is not kept. */
  insert(key: number, valueBytes: number, version: number, nowNs: number): void {
    const size = valueBytes + this.entryOverheadBytes;
    this.remove(key);
    if (size > this.byteLimit) return;
    while (this.policy.size === this.policy.capacity || this.bytes + size > this.byteLimit) this.remove(this.policy.peekVictim());
    this.policy.insert(key);
    const slot = this.policy.slotOf(key);
    this.valueBytes[slot] = size;
    this.version[slot] = version;
    this.insertedNs[slot] = nowNs;
    this.bytes += size;
  }

  /** Drops every entry. */
  flush(): void {
    while (this.policy.size > 0) this.remove(this.policy.peekVictim());
  }

  /** Drops `key` (evicted, invalidated or written locally); false if it was not held. */
  remove(key: number): boolean {
    const slot = this.policy.slotOf(key);
    if (slot < 0) return false;
    this.bytes -= this.valueBytes[slot]!;
    return this.policy.remove(key);
  }
}
