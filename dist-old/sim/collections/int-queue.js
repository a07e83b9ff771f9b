// A growable FIFO ring of numbers (ids), with no allocation per push once grown.
export class IntQueue {
    ring = new Float64Array(16);
    head = 0;
    count = 0;
    get length() {
        return this.count;
    }
    push(value) {
        if (this.count === this.ring.length) {
            const next = new Float64Array(this.ring.length * 2);
            for (let i = 0; i < this.count; i++)
                next[i] = this.ring[(this.head + i) % this.ring.length];
            this.ring = next;
            this.head = 0;
        }
        this.ring[(this.head + this.count) % this.ring.length] = value;
        this.count++;
    }
    /** The oldest value, left in place; the queue must not be empty. */
    peek() {
        if (this.count === 0)
            throw new RangeError('peek into an empty queue');
        return this.ring[this.head];
    }
    /** Removes and returns the oldest value; the queue must not be empty. */
    shift() {
        if (this.count === 0)
            throw new RangeError('shift from an empty queue');
        const value = this.ring[this.head];
        this.head = (this.head + 1) % this.ring.length;
        this.count--;
        return value;
    }
}
//# sourceMappingURL=int-queue.js.map