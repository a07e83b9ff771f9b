// A hash map from non-negative 32-bit integers (ids) to 32-bit integers, in two typed arrays: open
// addressing with linear probing over a power-of-two table kept at most half full, Fibonacci
// hashing (the product's top bits), deletion by backward shift (no tombstones), growth by doubling.
// No allocation per operation; a JS Map<number, number> hashes and boxes on every call.

export class IntHashMap {
  private keys: Int32Array;
  private values: Int32Array;
  private shift: number;
  private mask: number;
  private used = 0;

  /** Room for `expected` entries before the first growth. */
  constructor(expected: number) {
    let bits = 4;
    while (1 << bits < 2 * expected) bits++;
    this.keys = new Int32Array(1 << bits).fill(-1);
    this.values = new Int32Array(1 << bits);
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
    const keys = this.keys;
    for (let i = this.home(key); ; i = (i + 1) & this.mask) {
      const k = keys[i]!;
      if (k === key) return this.values[i]!;
      if (k === -1) return -1;
    }
  }

  set(key: number, value: number): void {
    const keys = this.keys;
    let i = this.home(key);
    for (; ; i = (i + 1) & this.mask) {
      const k = keys[i]!;
      if (k === key) {
        this.values[i] = value;
        return;
      }
      if (k === -1) break;
    }
    keys[i] = key;
    this.values[i] = value;
    if (++this.used * 2 > keys.length) this.grow();
  }

  delete(key: number): void {
    const keys = this.keys;
    const mask = this.mask;
    let i = this.home(key);
    while (keys[i] !== key) {
      if (keys[i] === -1) return;
      i = (i + 1) & mask;
    }
    this.used--;
    // Backward shift: a later pair of the run moves into the hole unless its home lies after the hole.
    for (let j = (i + 1) & mask; keys[j] !== -1; j = (j + 1) & mask) {
      if (((j - this.home(keys[j]!)) & mask) >= ((j - i) & mask)) {
        keys[i] = keys[j]!;
        this.values[i] = this.values[j]!;
        i = j;
      }
    }
    keys[i] = -1;
  }

  private grow(): void {
    const keys = this.keys;
    const values = this.values;
    this.keys = new Int32Array(keys.length * 2).fill(-1);
    this.values = new Int32Array(keys.length * 2);
    this.shift--;
    this.mask = this.keys.length - 1;
    this.used = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== -1) this.set(keys[i]!, values[i]!);
  }
}
