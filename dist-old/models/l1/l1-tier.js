// The in-process L1 cache on one application host, in front of the host's client library of any
// topology. A GET or MGET first looks its keys up locally (lookupCpu per key on the host's cores);
// if every key is held and fresh it is answered from the L1 (plus hitCheckCpu per key, e.g.
// verifying a signature on the entry) without touching the network; otherwise the whole request
// goes to the shared tier, and the values that come back (from Redis, or from the origin by
// read-through) are stored with their version (populate-on-miss). With single-flight, a GET of a
// key already being fetched by this host waits for that fetch. Writes drop the key from this
// host's L1 and, once acknowledged, tell the other hosts by the configured invalidation path.
// Pipelines bypass the lookup (their writes still invalidate). Stale reads (a hit whose version is
// older than the latest acknowledged write) are counted and their staleness emitted.
// Versioned keys: the application asks for the key of the current version, which it learns with
// the data that names it (the model takes it from the write ledger); an entry of an older version
// is simply another key, so it is never returned.
// Once a second it reports what it holds (entries, bytes: every host keeps its own copy) and the
// keys it was asked for and answered so far (its own hit ratio).
// Parameters: see l1-params.ts.
import { L1_INVALIDATED, L1_OCCUPANCY, L1_STALE_READ, Op, Outcome, } from '../signals.js';
const OCCUPANCY_PERIOD_NS = 1e9;
export class L1Tier {
    ctx;
    params;
    cpu;
    store;
    inner;
    /** Told of every key this host wrote, once the write is acknowledged (the publisher of pub/sub modes). */
    onWritten = null;
    onInvalidate = (key) => this.invalidate(key);
    waiting = new Map();
    onLookedUp = (req) => this.lookedUp(req);
    onChecked = (req) => this.completion.finish(req, Outcome.ok);
    staleSignal;
    staleRecord = { stalenessNs: 0 };
    invalidatedSignal;
    invalidatedRecord = { delayNs: 0 };
    occupancySignal;
    occupancyRecord;
    onSample = () => this.sample();
    constructor(ctx, params, cpu, store, inner, host) {
        this.ctx = ctx;
        this.params = params;
        this.cpu = cpu;
        this.store = store;
        this.inner = inner;
        inner.completion.tier = this;
        this.staleSignal = ctx.bus.signal(L1_STALE_READ);
        this.invalidatedSignal = ctx.bus.signal(L1_INVALIDATED);
        this.occupancySignal = ctx.bus.signal(L1_OCCUPANCY);
        this.occupancyRecord = { host, entries: 0, bytes: 0, keysRead: 0, keysHit: 0 };
        ctx.engine.schedule(OCCUPANCY_PERIOD_NS, this.onSample);
    }
    get completion() {
        return this.inner.completion;
    }
    submit(req) {
        const t = this.ctx.requests;
        const op = t.op[req];
        if (op === Op.get || op === Op.mget) {
            this.cpu.run(this.params.lookupCpu * t.commandCount[req], this.onLookedUp, req);
            return;
        }
        for (let i = req * t.stride, end = i + t.commandCount[req]; i < end; i++)
            if (t.cmdOp[i] !== Op.get)
                this.store.remove(t.cmdKey[i]);
        this.inner.submit(req);
    }
    /** The request ends (before it is reported): keep what a read brought, release coalesced waiters, announce writes. */
    finishing(req, outcome) {
        const t = this.ctx.requests;
        const n = t.commandCount[req];
        const op = t.op[req];
        if (op === Op.populate || t.l1Hits[req] === n)
            return;
        const base = req * t.stride;
        if (op === Op.get || op === Op.mget) {
            if (outcome === Outcome.ok)
                this.keep(req);
            if (op === Op.get)
                this.releaseWaiters(t.cmdKey[base], req, outcome);
            return;
        }
        if (outcome !== Outcome.ok || !this.onWritten)
            return;
        for (let i = base; i < base + n; i++)
            if (t.cmdOp[i] !== Op.get)
                this.onWritten(t.cmdKey[i]);
    }
    lookedUp(req) {
        const t = this.ctx.requests;
        const now = this.ctx.engine.now;
        const versioned = this.params.invalidation.mode === 'versioned';
        const base = req * t.stride;
        const n = t.commandCount[req];
        let held = 0;
        for (let i = base; i < base + n; i++) {
            const key = t.cmdKey[i];
            const slot = this.store.lookup(key, now);
            if (slot < 0)
                continue;
            if (versioned && this.store.versionAt(slot) < this.ctx.ledger.current(key)) {
                this.store.remove(key);
                continue;
            }
            t.cmdVersion[i] = this.store.versionAt(slot);
            held++;
        }
        this.occupancyRecord.keysRead += n;
        if (held < n) {
            this.fetch(req);
            return;
        }
        this.occupancyRecord.keysHit += n;
        let stale = 0;
        for (let i = base; i < base + n; i++) {
            const key = t.cmdKey[i];
            t.cmdHit[i] = 1;
            if (t.cmdVersion[i] < this.ctx.ledger.current(key)) {
                stale++;
                this.emitStale(now - this.ctx.ledger.writtenAtNs[key]);
            }
        }
        t.l1Hits[req] = n;
        t.hits[req] = n;
        t.reads[req] = n;
        t.stale[req] = stale;
        t.outcome[req] = Outcome.ok;
        if (this.params.hitCheckCpu > 0)
            this.cpu.run(this.params.hitCheckCpu * n, this.onChecked, req);
        else
            this.completion.finish(req, Outcome.ok);
    }
    fetch(req) {
        const t = this.ctx.requests;
        if (this.params.singleFlight && t.op[req] === Op.get) {
            const key = t.cmdKey[req * t.stride];
            const waiters = this.waiting.get(key);
            if (waiters) {
                waiters.push(req);
                return;
            }
            this.waiting.set(key, []);
        }
        this.inner.submit(req);
    }
    /** Stores the values a successful read returned: found in Redis, or read from the origin. */
    keep(req) {
        const t = this.ctx.requests;
        const now = this.ctx.engine.now;
        for (let i = req * t.stride, end = i + t.commandCount[req]; i < end; i++) {
            const key = t.cmdKey[i];
            if (t.cmdHit[i] === 1)
                this.store.insert(key, this.ctx.valueBytes[key], t.cmdVersion[i], now);
            else if (this.ctx.readThrough)
                this.store.insert(key, this.ctx.valueBytes[key], this.ctx.ledger.current(key), now);
        }
    }
    /** Single-flight: the GETs that waited for fetch `req` of `key` end as it did. */
    releaseWaiters(key, req, outcome) {
        const waiters = this.waiting.get(key);
        if (!waiters || !this.params.singleFlight)
            return;
        this.waiting.delete(key);
        const t = this.ctx.requests;
        const from = req * t.stride;
        for (const w of waiters) {
            t.cmdHit[w * t.stride] = t.cmdHit[from];
            t.cmdVersion[w * t.stride] = t.cmdVersion[from];
            t.hits[w] = t.hits[req];
            t.reads[w] = t.reads[req];
            t.stale[w] = t.stale[req];
            t.outcome[w] = outcome;
            this.completion.finish(w, outcome);
        }
    }
    /** An invalidation of `key` arrived: drop the entry, and report how long it had been stale. */
    invalidate(key) {
        const slot = this.store.slotOf(key);
        if (slot >= 0 && this.store.versionAt(slot) < this.ctx.ledger.current(key) && this.invalidatedSignal.active) {
            this.invalidatedRecord.delayNs = this.ctx.engine.now - this.ctx.ledger.writtenAtNs[key];
            this.invalidatedSignal.emit(this.invalidatedRecord);
        }
        this.store.remove(key);
    }
    sample() {
        if (this.occupancySignal.active) {
            this.occupancyRecord.entries = this.store.entries;
            this.occupancyRecord.bytes = this.store.usedBytes;
            this.occupancySignal.emit(this.occupancyRecord);
        }
        this.ctx.engine.schedule(OCCUPANCY_PERIOD_NS, this.onSample);
    }
    emitStale(stalenessNs) {
        if (!this.staleSignal.active)
            return;
        this.staleRecord.stalenessNs = stalenessNs;
        this.staleSignal.emit(this.staleRecord);
    }
}
//# sourceMappingURL=l1-tier.js.map