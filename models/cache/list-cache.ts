// LRU and FIFO: entries on one recency list; when full, the entry at the back is evicted. Under
// LRU a use moves the entry to the front (the back is the least recently used); under FIFO uses
// change nothing (the back is the one inserted longest ago).

import { RecencyList } from './recency-list.js';
import { SlotCache } from './slot-cache.js';

export class ListCache extends SlotCache {
  private readonly list: RecencyList;

  constructor(capacity: number, private readonly moveOnUse: boolean) {
    super(capacity);
    this.list = new RecencyList(capacity);
  }

  protected touch(slot: number): void {
    if (!this.moveOnUse) return;
    this.list.unlink(slot);
    this.list.pushFront(slot);
  }

  protected link(slot: number): void {
    this.list.pushFront(slot);
  }

  protected unlink(slot: number): void {
    this.list.unlink(slot);
  }

  protected victim(): number {
    return this.list.back;
  }
}
