// The operations every policy shares, written once (libCacheSim's habit): look the key up, on a use
// let the policy touch it, on insertion evict the policy's victim when full, and link the new entry.
// A policy supplies four primitives over slots.
import { SlotIndex } from './slot-index.js';
export class SlotCache {
    capacity;
    slots;
    constructor(capacity) {
        this.capacity = capacity;
        this.slots = new SlotIndex(capacity);
    }
    get size() {
        return this.slots.size;
    }
    has(key) {
        return this.slots.slotOf(key) >= 0;
    }
    slotOf(key) {
        return this.slots.slotOf(key);
    }
    get(key) {
        const slot = this.slots.slotOf(key);
        if (slot < 0)
            return false;
        this.touch(slot);
        return true;
    }
    insert(key) {
        if (this.has(key))
            return -1;
        let evicted = -1;
        if (this.slots.full) {
            const victim = this.victim();
            evicted = this.slots.keys[victim];
            this.unlink(victim);
            this.slots.release(victim);
        }
        this.link(this.slots.add(key));
        return evicted;
    }
    peekVictim() {
        return this.slots.size === 0 ? -1 : this.slots.keys[this.victim()];
    }
    remove(key) {
        const slot = this.slots.slotOf(key);
        if (slot < 0)
            return false;
        this.unlink(slot);
        this.slots.release(slot);
        return true;
    }
}
//# sourceMappingURL=slot-cache.js.map