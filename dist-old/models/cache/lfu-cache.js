// LFU (in-cache frequency): each entry counts its uses since it was inserted (1 at insertion);
// when full, an entry of the lowest count is evicted, the one that reached that count first (the
// oldest entrant of the lowest frequency). O(1) per operation: entries sit in one list per count,
// counts in a list of their own, all in typed arrays.
import { SlotCache } from './slot-cache.js';
export class LfuCache extends SlotCache {
    // Per entry slot: its count node, and its neighbours in that node's list (oldest first).
    node;
    prev;
    next;
    // Per count node: its count, its entry list, its neighbours (lowest count first).
    count;
    first;
    last;
    nodePrev;
    nodeNext;
    freeNodes;
    freeNodeCount;
    lowest = -1;
    constructor(capacity) {
        super(capacity);
        this.node = new Int32Array(capacity);
        this.prev = new Int32Array(capacity);
        this.next = new Int32Array(capacity);
        // One count node per entry, plus one: a hit creates count + 1 before its old node may empty.
        const nodes = capacity + 1;
        this.count = new Float64Array(nodes);
        this.first = new Int32Array(nodes);
        this.last = new Int32Array(nodes);
        this.nodePrev = new Int32Array(nodes);
        this.nodeNext = new Int32Array(nodes);
        this.freeNodes = Int32Array.from({ length: nodes }, (_, i) => nodes - 1 - i);
        this.freeNodeCount = nodes;
    }
    touch(slot) {
        const from = this.node[slot];
        const to = this.nodeNext[from] >= 0 && this.count[this.nodeNext[from]] === this.count[from] + 1
            ? this.nodeNext[from]
            : this.newNodeAfter(from, this.count[from] + 1);
        this.unlink(slot);
        this.append(to, slot);
    }
    link(slot) {
        const one = this.lowest >= 0 && this.count[this.lowest] === 1 ? this.lowest : this.newNodeAfter(-1, 1);
        this.append(one, slot);
    }
    victim() {
        return this.first[this.lowest];
    }
    /** A new count node after `after` (−1: at the front). */
    newNodeAfter(after, count) {
        const n = this.freeNodes[--this.freeNodeCount];
        this.count[n] = count;
        this.first[n] = -1;
        this.last[n] = -1;
        const next = after < 0 ? this.lowest : this.nodeNext[after];
        this.nodePrev[n] = after;
        this.nodeNext[n] = next;
        if (next >= 0)
            this.nodePrev[next] = n;
        if (after >= 0)
            this.nodeNext[after] = n;
        else
            this.lowest = n;
        return n;
    }
    append(n, slot) {
        this.node[slot] = n;
        this.prev[slot] = this.last[n];
        this.next[slot] = -1;
        if (this.last[n] >= 0)
            this.next[this.last[n]] = slot;
        else
            this.first[n] = slot;
        this.last[n] = slot;
    }
    /** Takes `slot` out of its count node's list, dropping the node if it empties. */
    unlink(slot) {
        const n = this.node[slot];
        const p = this.prev[slot];
        const x = this.next[slot];
        if (p >= 0)
            this.next[p] = x;
        else
            this.first[n] = x;
        if (x >= 0)
            this.prev[x] = p;
        else
            this.last[n] = p;
        if (this.first[n] >= 0)
            return;
        const np = this.nodePrev[n];
        const nn = this.nodeNext[n];
        if (np >= 0)
            this.nodeNext[np] = nn;
        else
            this.lowest = nn;
        if (nn >= 0)
            this.nodePrev[nn] = np;
        this.freeNodes[this.freeNodeCount++] = n;
    }
}
//# sourceMappingURL=lfu-cache.js.map