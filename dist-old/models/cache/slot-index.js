// Key → slot index for the caches: an integer hash map (key ids are below 2^31), plus a free list
// of slots, so per-entry state lives in typed arrays indexed by slot.
import { IntHashMap } from '../../sim/collections/int-hash-map.js';
export class SlotIndex {
    capacity;
    index;
    keys;
    free;
    freeCount;
    constructor(capacity) {
        this.capacity = capacity;
        if (!(Number.isInteger(capacity) && capacity >= 1))
            throw new RangeError(`a cache needs a capacity ≥ 1 entry, got ${capacity}`);
        this.index = new IntHashMap(capacity);
        this.keys = new Float64Array(capacity);
        this.free = Int32Array.from({ length: capacity }, (_, i) => capacity - 1 - i);
        this.freeCount = capacity;
    }
    get size() {
        return this.capacity - this.freeCount;
    }
    get full() {
        return this.freeCount === 0;
    }
    slotOf(key) {
        return this.index.get(key);
    }
    /** A free slot now holding `key`; the caller made room first. */
    add(key) {
        const slot = this.free[--this.freeCount];
        this.keys[slot] = key;
        this.index.set(key, slot);
        return slot;
    }
    release(slot) {
        this.index.delete(this.keys[slot]);
        this.free[this.freeCount++] = slot;
    }
}
//# sourceMappingURL=slot-index.js.map