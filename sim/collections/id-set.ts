// A set of ids 0 … idCount−1 in no order: add, remove and the id at a place 0 … size−1 in O(1), so
// that a cursor can walk it or a uniform draw pick from it. Removing an id moves the last one into
// its place. Its index is sized like an IdIndex, by the share of the ids expected to be present.

import { idIndex, type IdIndex } from './id-index.js';

export class IdSet {
  private ids = new Int32Array(16);
  private count = 0;
  private readonly placeOf: IdIndex;

  constructor(idCount: number, expectedShare: number) {
    this.placeOf = idIndex(idCount, expectedShare);
  }

  get size(): number {
    return this.count;
  }

  /** The id at `place` (0 … size − 1). */
  at(place: number): number {
    return this.ids[place]!;
  }

  /** Adds `id`, which must be absent. */
  add(id: number): void {
    if (this.count === this.ids.length) {
      const grown = new Int32Array(2 * this.ids.length);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.placeOf.set(id, this.count);
    this.ids[this.count++] = id;
  }

  /** Removes `id`, which must be present; the last id takes its place. */
  remove(id: number): void {
    const place = this.placeOf.get(id);
    const last = this.ids[--this.count]!;
    this.ids[place] = last;
    this.placeOf.set(last, place);
    this.placeOf.delete(id);
  }
}
