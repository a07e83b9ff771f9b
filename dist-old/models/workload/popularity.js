// Which key a request picks. Ranks are key ids: key 0 is the most popular.
// zipf α (α = 0 is uniform) by rejection-inversion; hot set: a share of requests goes uniformly to
// the first `keys`·N keys, the rest uniformly to the others; trace: the trace's key ids (dense, in
// order of first appearance, read by experiment/trace/) one after the other, starting over from the
// first when the trace is exhausted (arrivals stay synthetic, so a run is not cut short by its trace).
import { Zipf } from '../../sim/dist/zipf.js';
class HotSet {
    n;
    share;
    hot;
    constructor(n, fraction, share) {
        this.n = n;
        this.share = share;
        this.hot = Math.min(n, Math.max(1, Math.round(n * fraction)));
    }
    pick(rng) {
        const u = rng();
        if (u < this.share || this.hot === this.n)
            return Math.floor(rng() * this.hot);
        return this.hot + Math.floor(rng() * (this.n - this.hot));
    }
}
class FromDistribution {
    d;
    constructor(d) {
        this.d = d;
    }
    pick(rng) {
        return this.d.sample(rng);
    }
}
class TraceReplay {
    ids;
    next = 0;
    constructor(ids) {
        this.ids = ids;
        if (ids.length === 0)
            throw new RangeError('an empty trace');
    }
    pick() {
        const key = this.ids[this.next];
        this.next = this.next + 1 === this.ids.length ? 0 : this.next + 1;
        return key;
    }
}
/** `traceKeys`: the key ids of the trace when the popularity is a trace. */
export function keyPicker(popularity, keys, traceKeys) {
    if (popularity.kind === 'hotSet')
        return new HotSet(keys, popularity.keys, popularity.share);
    if (popularity.kind === 'trace') {
        if (!traceKeys)
            throw new RangeError(`the trace ${popularity.file} was not read`);
        return new TraceReplay(traceKeys);
    }
    return new FromDistribution(new Zipf(keys, popularity.exponent));
}
//# sourceMappingURL=popularity.js.map