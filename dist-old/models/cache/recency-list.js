// An intrusive doubly-linked list over slots (typed arrays prev/next): O(1) push to the front,
// unlink and take from the back. LRU and FIFO are this list with different rules for hits.
export class RecencyList {
    prev;
    next;
    head = -1;
    tail = -1;
    constructor(capacity) {
        this.prev = new Int32Array(capacity);
        this.next = new Int32Array(capacity);
    }
    pushFront(slot) {
        this.prev[slot] = -1;
        this.next[slot] = this.head;
        if (this.head >= 0)
            this.prev[this.head] = slot;
        else
            this.tail = slot;
        this.head = slot;
    }
    unlink(slot) {
        const p = this.prev[slot];
        const n = this.next[slot];
        if (p >= 0)
            this.next[p] = n;
        else
            this.head = n;
        if (n >= 0)
            this.prev[n] = p;
        else
            this.tail = p;
    }
    /** The slot at the back (least recently pushed), or −1. */
    get back() {
        return this.tail;
    }
}
//# sourceMappingURL=recency-list.js.map