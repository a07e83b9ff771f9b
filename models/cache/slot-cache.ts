// The operations every policy shares, written once (libCacheSim's habit): look the key up, on a use
// let the policy touch it, on insertion evict the policy's victim when full, and link the new entry.
// A policy supplies four primitives over slots.

import type { CachePolicy } from './cache-policy.js';
import { SlotIndex } from './slot-index.js';

export abstract class SlotCache implements CachePolicy {
  protected readonly slots: SlotIndex;

  constructor(readonly capacity: number) {
    this.slots = new SlotIndex(capacity);
  }

  /** A use of the entry in `slot`. */
  protected abstract touch(slot: number): void;
  /** The entry in `slot` was just inserted. */
  protected abstract link(slot: number): void;
  /** The entry in `slot` is leaving. */
  protected abstract unlink(slot: number): void;
  /** The slot to evict when full. */
  protected abstract victim(): number;

  get size(): number {
    return this.slots.size;
  }

  has(key: number): boolean {
    return this.slots.slotOf(key) >= 0;
  }

  slotOf(key: number): number {
    return this.slots.slotOf(key);
  }

  get(key: number): boolean {
    const slot = this.slots.slotOf(key);
    if (slot < 0) return false;
    this.touch(slot);
    return true;
  }

  insert(key: number): number {
    if (this.has(key)) return -1;
    let evicted = -1;
    if (this.slots.full) {
      const victim = this.victim();
      evicted = this.slots.keys[victim]!;
      this.unlink(victim);
      this.slots.release(victim);
    }
    this.link(this.slots.add(key));
    return evicted;
  }

  peekVictim(): number {
    return this.slots.size === 0 ? -1 : this.slots.keys[this.victim()]!;
  }

  remove(key: number): boolean {
    const slot = this.slots.slotOf(key);
    if (slot < 0) return false;
    this.unlink(slot);
    this.slots.release(slot);
    return true;
  }
}
