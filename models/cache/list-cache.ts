// LRU and FIFO: entries on one recency list; when full, the entry at the back is evicted. Under
// LRU a hit moves the entry to the front (the back is the least recently used); under FIFO hits
// change nothing (the back is the one inserted longest ago).

import type { CachePolicy } from './cache-policy.js';
import { RecencyList } from './recency-list.js';
import { SlotIndex } from './slot-index.js';

export class ListCache implements CachePolicy {
  private readonly slots: SlotIndex;
  private readonly list: RecencyList;

  constructor(readonly capacity: number, private readonly moveOnHit: boolean) {
    this.slots = new SlotIndex(capacity);
    this.list = new RecencyList(capacity);
  }

  get size(): number {
    return this.slots.size;
  }

  has(key: number): boolean {
    return this.slots.slotOf(key) >= 0;
  }

  get(key: number): boolean {
    const slot = this.slots.slotOf(key);
    if (slot < 0) return false;
    if (this.moveOnHit) {
      this.list.unlink(slot);
      this.list.pushFront(slot);
    }
    return true;
  }

  insert(key: number): number {
    if (this.has(key)) return -1;
    let evicted = -1;
    if (this.slots.full) {
      const victim = this.list.back;
      evicted = this.slots.keys[victim]!;
      this.list.unlink(victim);
      this.slots.release(victim);
    }
    this.list.pushFront(this.slots.add(key));
    return evicted;
  }

  remove(key: number): boolean {
    const slot = this.slots.slotOf(key);
    if (slot < 0) return false;
    this.list.unlink(slot);
    this.slots.release(slot);
    return true;
  }
}
