// An index from ids 0 … idCount−1 to non-negative integers (−1 when absent), sized by the share of
// the ids expected to be present: a direct array (4 bytes per id) when that share is large, else an
// IntHashMap (about 16–32 bytes per present id) whose memory follows what is present.

import { IntHashMap } from './int-hash-map.js';

export interface IdIndex {
  get(id: number): number;
  set(id: number, value: number): void;
  delete(id: number): void;
}

/** From this expected share of the ids up, a direct array is smaller than a hash table. */
export const DIRECT_INDEX_MIN_SHARE = 1 / 4;

class DirectIdIndex implements IdIndex {
  private readonly values: Int32Array;

  constructor(idCount: number) {
    this.values = new Int32Array(idCount).fill(-1);
  }

  get(id: number): number {
    return this.values[id]!;
  }

  set(id: number, value: number): void {
    this.values[id] = value;
  }

  delete(id: number): void {
    this.values[id] = -1;
  }
}

/** An index over `idCount` ids of which a share `expectedShare` is expected to be present at once. */
export function idIndex(idCount: number, expectedShare: number): IdIndex {
  return expectedShare >= DIRECT_INDEX_MIN_SHARE ? new DirectIdIndex(idCount) : new IntHashMap(Math.ceil(idCount * expectedShare * 1.05) + 16);
}
