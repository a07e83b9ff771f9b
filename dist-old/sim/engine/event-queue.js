// The future event set: a 4-ary min-heap keyed by (timeNs, seq).
// NOTE: entries live in struct-of-arrays slots (typed arrays + one array of handlers); the heap holds
// each event's time and seq beside its slot index (the comparisons read contiguous arrays, not the
// slots), so scheduling allocates nothing once the arrays have grown. Ties are broken by
// seq, a counter incremented on every insert, so simultaneous events run in the order they were
// scheduled. Cancellation is lazy: a cancelled slot keeps its place and is skipped when popped.
// An id is generation · 2^24 + slot; generations wrap at 2^29 so ids stay exact doubles (< 2^53).
const SLOT_BITS = 2 ** 24;
const GENERATION_MASK = 2 ** 29 - 1;
export class EventQueue {
    times = new Float64Array(1024);
    heapTimes = new Float64Array(1024);
    heapSeqs = new Float64Array(1024);
    datas = new Float64Array(1024);
    gens = new Uint32Array(1024);
    handlers = new Array(1024).fill(null);
    heap = new Int32Array(1024);
    freeSlots = new Int32Array(1024);
    freeCount = 0;
    slotCount = 0;
    size = 0;
    nextSeq = 0;
    liveCount = 0;
    /** Number of live (not cancelled) events. */
    get length() {
        return this.liveCount;
    }
    /** Inserts an event; returns an id for `cancel`. */
    push(timeNs, handler, data) {
        const slot = this.allocSlot();
        this.times[slot] = timeNs;
        this.datas[slot] = data;
        this.handlers[slot] = handler;
        this.liveCount++;
        this.siftUp(this.size++, timeNs, this.nextSeq++, slot);
        return this.gens[slot] * SLOT_BITS + slot;
    }
    /** Marks an event dead; returns false if it already ran or was cancelled. */
    cancel(id) {
        const slot = id % SLOT_BITS;
        if (slot >= this.slotCount || this.gens[slot] !== Math.floor(id / SLOT_BITS) || this.handlers[slot] === null)
            return false;
        this.handlers[slot] = null;
        this.liveCount--;
        return true;
    }
    /** Time of the earliest live event, or Infinity. Drops cancelled events from the top. */
    peekTime() {
        while (this.size > 0) {
            if (this.handlers[this.heap[0]] !== null)
                return this.heapTimes[0];
            this.removeTop();
        }
        return Infinity;
    }
    /** Removes the earliest live event, returning its slot; read it with handlerOf/dataOf before the next push. */
    popSlot() {
        const top = this.heap[0];
        this.removeTop();
        this.liveCount--;
        return top;
    }
    timeOf(slot) {
        return this.times[slot];
    }
    handlerOf(slot) {
        return this.handlers[slot];
    }
    dataOf(slot) {
        return this.datas[slot];
    }
    /** Releases a popped slot for reuse (after its handler has been read). */
    release(slot) {
        this.handlers[slot] = null;
        this.gens[slot] = (this.gens[slot] + 1) & GENERATION_MASK;
        this.freeSlots[this.freeCount++] = slot;
    }
    removeTop() {
        const top = this.heap[0];
        const last = --this.size;
        if (last > 0)
            this.siftDown(this.heapTimes[last], this.heapSeqs[last], this.heap[last]);
        if (this.handlers[top] === null)
            this.release(top);
    }
    allocSlot() {
        if (this.freeCount > 0)
            return this.freeSlots[--this.freeCount];
        if (this.slotCount === this.times.length)
            this.grow();
        return this.slotCount++;
    }
    grow() {
        const n = this.times.length * 2;
        if (n > SLOT_BITS)
            throw new Error(`event queue overflow: more than ${SLOT_BITS} pending events`);
        this.times = copyInto(new Float64Array(n), this.times);
        this.heapTimes = copyInto(new Float64Array(n), this.heapTimes);
        this.heapSeqs = copyInto(new Float64Array(n), this.heapSeqs);
        this.datas = copyInto(new Float64Array(n), this.datas);
        this.gens = copyInto(new Uint32Array(n), this.gens);
        this.heap = copyInto(new Int32Array(n), this.heap);
        this.freeSlots = copyInto(new Int32Array(n), this.freeSlots);
        for (let i = this.handlers.length; i < n; i++)
            this.handlers.push(null);
    }
    siftUp(hole, timeNs, seq, slot) {
        const heap = this.heap;
        const times = this.heapTimes;
        const seqs = this.heapSeqs;
        while (hole > 0) {
            const parent = (hole - 1) >> 2;
            const pt = times[parent];
            if (pt < timeNs || (pt === timeNs && seqs[parent] < seq))
                break;
            heap[hole] = heap[parent];
            times[hole] = pt;
            seqs[hole] = seqs[parent];
            hole = parent;
        }
        heap[hole] = slot;
        times[hole] = timeNs;
        seqs[hole] = seq;
    }
    /** Places (timeNs, seq, slot), the former last entry, from the root down. */
    siftDown(timeNs, seq, slot) {
        const heap = this.heap;
        const times = this.heapTimes;
        const seqs = this.heapSeqs;
        const size = this.size;
        let hole = 0;
        for (;;) {
            const first = 4 * hole + 1;
            if (first >= size)
                break;
            let best = first;
            let bt = times[first];
            const end = Math.min(first + 4, size);
            for (let c = first + 1; c < end; c++) {
                const ct = times[c];
                if (ct < bt || (ct === bt && seqs[c] < seqs[best])) {
                    best = c;
                    bt = ct;
                }
            }
            if (timeNs < bt || (timeNs === bt && seq < seqs[best]))
                break;
            heap[hole] = heap[best];
            times[hole] = bt;
            seqs[hole] = seqs[best];
            hole = best;
        }
        heap[hole] = slot;
        times[hole] = timeNs;
        seqs[hole] = seq;
    }
}
function copyInto(target, source) {
    target.set(source);
    return target;
}
//# sourceMappingURL=event-queue.js.map