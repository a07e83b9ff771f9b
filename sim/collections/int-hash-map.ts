// A hash map from non-negative 32-bit integers (ids) to 32-bit integers, in one typed array of
// (key, value) pairs (a look-up touches one cache line): open addressing with linear probing over a
// power-of-two table kept at most half full, Fibonacci hashing (the product's top bits), deletion by
// backward shift (no tombstones), growth by doubling. No allocation per operation; a JS
// Map<number, number> hashes and boxes on every call.

export class IntHashMap {
  /** Slot i holds its key at 2i (−1: empty) and its value at 2i + 1. */
  private pairs: Int32Array;
  private shift: number;
  private mask: number;
  private used = 0;

  /** Room for `expected` entries before the first growth. */
  constructor(expected: number) {
    let bits = 4;
    while (1 << bits < 2 * expected) bits++;
    this.pairs = emptyPairs(1 << bits);
    this.shift = 32 - bits;
    this.mask = (1 << bits) - 1;
  }

  get size(): number {
    return this.used;
  }

  private home(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> this.shift;
  }

  /** The value of `key`, or −1. */
  get(key: number): number {
    const pairs = this.pairs;
    for (let i = this.home(key); ; i = (i + 1) & this.mask) {
      const k = pairs[2 * i]!;
      if (k === key) return pairs[2 * i + 1]!;
      if (k === -1) return -1;
    }
  }

  set(key: number, value: number): void {
    const pairs = this.pairs;
    let i = this.home(key);
    for (; ; i = (i + 1) & this.mask) {
      const k = pairs[2 * i]!;
      if (k === key) {
        pairs[2 * i + 1] = value;
        return;
      }
      if (k === -1) break;
    }
    pairs[2 * i] = key;
    pairs[2 * i + 1] = value;
    if (++this.used * 4 > pairs.length) this.grow();
  }

  delete(key: number): void {
    const pairs = this.pairs;
    const mask = this.mask;
    let i = this.home(key);
    while (pairs[2 * i] !== key) {
      if (pairs[2 * i] === -1) return;
      i = (i + 1) & mask;
    }
    this.used--;
    // Backward shift: a later pair of the run moves into the hole unless its home lies after the hole.
    for (let j = (i + 1) & mask; pairs[2 * j] !== -1; j = (j + 1) & mask) {
      if (((j - this.home(pairs[2 * j]!)) & mask) >= ((j - i) & mask)) {
        pairs[2 * i] = pairs[2 * j]!;
        pairs[2 * i + 1] = pairs[2 * j + 1]!;
        i = j;
      }
    }
    pairs[2 * i] = -1;
  }

  private grow(): void {
    const pairs = this.pairs;
    this.pairs = emptyPairs(pairs.length);
    this.shift--;
    this.mask = pairs.length - 1;
    this.used = 0;
    for (let i = 0; i < pairs.length; i += 2) if (pairs[i] !== -1) this.set(pairs[i]!, pairs[i + 1]!);
  }
}

/** A table of `slots` empty pairs (an empty slot's value is never read). */
function emptyPairs(slots: number): Int32Array {
  return new Int32Array(2 * slots).fill(-1);
}
