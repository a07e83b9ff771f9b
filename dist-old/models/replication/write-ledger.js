// The measurement side of consistency: how many writes of each key have been acknowledged to
// clients (its latest version). A server stamps each key it writes with the next version and
// replication carries the stamp, so a read that returns an older version than the ledger's is a
// stale read (a replica behind its primary, or a promoted replica that lost acknowledged writes).
// Bookkeeping for reports: no modeled node reads it to decide anything.
export class WriteLedger {
    latest;
    /** When the latest write of each key was acknowledged (ns; 0 if never). */
    writtenAtNs;
    constructor(keyCount) {
        this.latest = new Uint32Array(keyCount);
        this.writtenAtNs = new Float64Array(keyCount);
    }
    /** A write of `key` was acknowledged at `nowNs`; returns its version. */
    acknowledge(key, nowNs) {
        this.writtenAtNs[key] = nowNs;
        return ++this.latest[key];
    }
    /** The latest acknowledged version of `key` (the one the origin holds). */
    current(key) {
        return this.latest[key];
    }
    /** True if a value of `key` stamped `version` is older than the latest acknowledged write. */
    isStale(key, version) {
        return version < this.latest[key];
    }
}
//# sourceMappingURL=write-ledger.js.map