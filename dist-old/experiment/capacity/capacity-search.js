// The search for the highest open-loop arrival rate at which a topology meets its SLOs: bracket by
// doubling (or halving) from the scenario's rate, then bisect until the bracket is narrower than
// `precision` × its lower end. Rates are whole requests per second. The search only asks for rates
// and is told whether each passed; it runs nothing itself, so its path depends only on the verdicts
// (which depend only on the scenario and its seeds), never on timing or threads.
export class CapacitySearch {
    o;
    lo = null;
    hi = null;
    probes = [];
    min;
    max;
    pending;
    constructor(o) {
        this.o = o;
        this.min = o.minRatePerS ?? 1;
        this.max = o.maxRateLimitPerS ?? 1e9;
        this.pending = Math.min(this.max, Math.max(this.min, Math.round(o.startRatePerS)));
    }
    /** The rate to probe next, or null when the search is over. */
    next() {
        return this.pending;
    }
    /** The verdict of the rate `next()` gave. */
    record(passed) {
        const rate = this.pending;
        if (rate === null)
            throw new Error('the capacity search is over');
        this.probes.push({ ratePerS: rate, passed });
        if (passed)
            this.lo = rate;
        else
            this.hi = rate;
        this.pending = this.choose();
    }
    choose() {
        const { lo, hi } = this;
        if (hi === null)
            return lo >= this.max ? null : Math.min(this.max, 2 * lo);
        if (lo === null)
            return hi <= this.min ? null : Math.max(this.min, Math.floor(hi / 2));
        if (hi - lo <= Math.max(1, this.o.precision * lo))
            return null;
        return Math.round((lo + hi) / 2);
    }
    result() {
        return { maxRatePerS: this.lo, failedRatePerS: this.hi, probes: [...this.probes] };
    }
}
//# sourceMappingURL=capacity-search.js.map