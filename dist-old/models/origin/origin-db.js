// The database behind the cache: a host that answers queries after a latency, at most
// `maxConcurrency` at once (the rest wait FIFO), so misses, cold starts and stampedes load it and
// queue. A query reads the keys the cache missed; with no shared cache tier (local-only) it may
// also write keys, at the same cost per key, answered with a short status. Abstracted away: the
// database's own caching, locks and replication.
// Parameters: latency (ns distribution), perKey (ns), maxConcurrency (count).
import { createDistribution } from '../../sim/dist/registry.js';
import { Op, ORIGIN_QUERY, Purpose } from '../signals.js';
import { SIMPLE_REPLY_BYTES, valueReplyBytes } from '../workload/wire-sizes.js';
import { BusyMeter } from '../host/busy-meter.js';
export class OriginDb {
    engine;
    network;
    requests;
    params;
    host;
    valueBytes;
    onQuery = (req) => this.arrive(req);
    latency;
    rng;
    waiting = [];
    waitHead = 0;
    active = 0;
    /** Query slots in use over time (a UsageSource of kind origin, capacity maxConcurrency). */
    slots = new BusyMeter();
    arrivalNs = new Map();
    onDone = (req) => this.done(req);
    signal;
    record = { arrivalNs: 0, startNs: 0, endNs: 0, keys: 0 };
    constructor(engine, network, requests, params, host, valueBytes, streams, bus) {
        this.engine = engine;
        this.network = network;
        this.requests = requests;
        this.params = params;
        this.host = host;
        this.valueBytes = valueBytes;
        this.latency = createDistribution(params.latency);
        this.rng = streams.stream('origin/latency');
        this.signal = bus.signal(ORIGIN_QUERY);
    }
    arrive(req) {
        this.arrivalNs.set(req, this.engine.now);
        if (this.active < this.params.maxConcurrency)
            this.start(req);
        else
            this.waiting.push(req);
    }
    start(req) {
        this.active++;
        this.slots.change(this.engine.now, 1);
        const misses = this.missCount(req);
        const serviceNs = this.latency.sample(this.rng) + this.params.perKey * Math.max(0, misses - 1);
        if (this.signal.active) {
            const r = this.record;
            r.arrivalNs = this.arrivalNs.get(req);
            r.startNs = this.engine.now;
            r.endNs = this.engine.now + Math.round(serviceNs);
            r.keys = misses;
            this.signal.emit(r);
        }
        this.engine.schedule(serviceNs, this.onDone, req);
    }
    done(req) {
        this.active--;
        this.slots.change(this.engine.now, -1);
        this.arrivalNs.delete(req);
        const t = this.requests;
        let bytes = 0;
        for (let i = req * t.stride, end = i + t.commandCount[req]; i < end; i++) {
            if (t.cmdHit[i] === 1)
                continue;
            bytes += t.cmdOp[i] === Op.get ? valueReplyBytes(this.valueBytes[t.cmdKey[i]], true) : SIMPLE_REPLY_BYTES;
        }
        this.network.send(this.host, t.clientHost[req], bytes, Purpose.origin, t.replyChannel[req], t.replyHandler[req], req);
        if (this.waitHead < this.waiting.length) {
            const next = this.waiting[this.waitHead++];
            if (this.waitHead > 1024 && this.waitHead * 2 > this.waiting.length) {
                this.waiting.splice(0, this.waitHead);
                this.waitHead = 0;
            }
            this.start(next);
        }
    }
    missCount(req) {
        const t = this.requests;
        let misses = 0;
        for (let i = req * t.stride, end = i + t.commandCount[req]; i < end; i++)
            if (t.cmdHit[i] === 0)
                misses++;
        return misses;
    }
}
//# sourceMappingURL=origin-db.js.map