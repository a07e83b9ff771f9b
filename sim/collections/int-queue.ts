// A growable FIFO ring of numbers (ids), with no allocation per push once grown.

export class IntQueue {
  private ring = new Float64Array(16);
  private head = 0;
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(value: number): void {
    if (this.count === this.ring.length) this.grow();
    this.ring[(this.head + this.count) % this.ring.length] = value;
    this.count++;
  }

  /** Puts `value` in front of every other (it is the next shifted). */
  unshift(value: number): void {
    if (this.count === this.ring.length) this.grow();
    this.head = (this.head + this.ring.length - 1) % this.ring.length;
    this.ring[this.head] = value;
    this.count++;
  }

  /** The oldest value, left in place; the queue must not be empty. */
  peek(): number {
    if (this.count === 0) throw new RangeError('peek into an empty queue');
    return this.ring[this.head]!;
  }

  /** The value `i` places behind the oldest (0: the oldest); `i` must be below the length. */
  at(i: number): number {
    if (!(i >= 0 && i < this.count)) throw new RangeError(`no value at ${i} in a queue of ${this.count}`);
    return this.ring[(this.head + i) % this.ring.length]!;
  }

  /** Keeps the oldest `length` values and drops the rest. */
  truncate(length: number): void {
    this.count = Math.max(0, Math.min(this.count, length));
  }

  /** Removes and returns the oldest value; the queue must not be empty. */
  shift(): number {
    if (this.count === 0) throw new RangeError('shift from an empty queue');
    const value = this.ring[this.head]!;
    this.head = (this.head + 1) % this.ring.length;
    this.count--;
    return value;
  }

  private grow(): void {
    const next = new Float64Array(this.ring.length * 2);
    for (let i = 0; i < this.count; i++) next[i] = this.ring[(this.head + i) % this.ring.length]!;
    this.ring = next;
    this.head = 0;
  }
}
