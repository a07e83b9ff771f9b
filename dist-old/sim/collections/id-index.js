// An index from ids 0 … idCount−1 to non-negative integers (−1 when absent), sized by the share of
// the ids expected to be present: a direct array (4 bytes per id) when that share is large, else an
// IntHashMap (about 16–32 bytes per present id) whose memory follows what is present.
import { IntHashMap } from './int-hash-map.js';
/** From this expected share of the ids up, a direct array is smaller than a hash table. */
export const DIRECT_INDEX_MIN_SHARE = 1 / 4;
class DirectIdIndex {
    values;
    constructor(idCount) {
        this.values = new Int32Array(idCount).fill(-1);
    }
    get(id) {
        return this.values[id];
    }
    set(id, value) {
        this.values[id] = value;
    }
    delete(id) {
        this.values[id] = -1;
    }
}
/** An index over `idCount` ids of which a share `expectedShare` is expected to be present at once. */
export function idIndex(idCount, expectedShare) {
    return expectedShare >= DIRECT_INDEX_MIN_SHARE ? new DirectIdIndex(idCount) : new IntHashMap(Math.ceil(idCount * expectedShare * 1.05) + 16);
}
//# sourceMappingURL=id-index.js.map