// LRU and FIFO: entries on one recency list; when full, the entry at the back is evicted. Under
// LRU a use moves the entry to the front (the back is the least recently used); under FIFO uses
// change nothing (the back is the one inserted longest ago).
import { RecencyList } from './recency-list.js';
import { SlotCache } from './slot-cache.js';
export class ListCache extends SlotCache {
    moveOnUse;
    list;
    constructor(capacity, moveOnUse) {
        super(capacity);
        this.moveOnUse = moveOnUse;
        this.list = new RecencyList(capacity);
    }
    touch(slot) {
        if (!this.moveOnUse)
            return;
        this.list.unlink(slot);
        this.list.pushFront(slot);
    }
    link(slot) {
        this.list.pushFront(slot);
    }
    unlink(slot) {
        this.list.unlink(slot);
    }
    victim() {
        return this.list.back;
    }
}
//# sourceMappingURL=list-cache.js.map