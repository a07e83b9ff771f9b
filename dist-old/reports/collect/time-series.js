// The whole run (warmup and drain included) in fixed time buckets, to watch transients: per bucket,
// requests issued and finished (ok, errors, errors by kind), keys read, hits, L1 hits and stale reads,
// redirections followed by kind, latency percentiles of
// the requests that finished in it, and the origin's load (queries arrived in it, their mean and p99
// latency from arrival to answer, their mean queue wait). Counts and sums in typed arrays and
// percentiles through BucketQuantiles: memory is O(buckets), never per request.
// Bucketing: requests by the time they finished (request.done is emitted then), issued requests by
// their start, origin queries by their arrival at the origin (the origin queue is FIFO, so they are
// signalled in arrival order), bus bytes (cluster bus: gossip and pub/sub) when sent. Cache
// write-backs (op populate) are not workload requests: left out.
import { CLIENT_REDIRECT, NET_MESSAGE, ORIGIN_QUERY, Op, OUTCOMES, Purpose, REQUEST_DONE, REQUEST_ISSUED, } from '../../models/signals.js';
import { BucketQuantiles } from './bucket-quantiles.js';
/** Per kind (in OUTCOMES order) the series of the kinds that occurred. */
const kinds = (map) => Object.fromEntries([...map.keys()].sort((a, b) => a - b).map((k) => [OUTCOMES[k], Array.from(map.get(k))]));
const ms = (ns) => (Number.isNaN(ns) ? null : Math.round(ns / 1e3) / 1e3);
export class TimeSeriesCollector {
    bucketNs;
    buckets;
    issued;
    ok;
    errors;
    reads;
    hits;
    stale;
    latency;
    originQueries;
    originLatencyNs;
    originWaitNs;
    originLatency;
    busBytes;
    l1Hits;
    errorsByKind = new Map();
    redirectsByKind = new Map();
    /** `runNs`: virtual time of the whole run (duration + drain); `bucketNs`: the bucket width; `now`: the clock. */
    constructor(bus, bucketNs, runNs, now) {
        this.bucketNs = bucketNs;
        this.buckets = Math.max(1, Math.ceil(runNs / bucketNs));
        const array = () => new Float64Array(this.buckets);
        this.issued = array();
        this.ok = array();
        this.errors = array();
        this.reads = array();
        this.hits = array();
        this.stale = array();
        this.originQueries = array();
        this.originLatencyNs = array();
        this.originWaitNs = array();
        this.busBytes = array();
        this.l1Hits = array();
        this.latency = new BucketQuantiles(this.buckets, [50, 99], 'request latency');
        this.originLatency = new BucketQuantiles(this.buckets, [99], 'origin latency');
        bus.signal(REQUEST_ISSUED).subscribe((r) => { this.issued[this.bucket(r.startNs)]++; });
        bus.signal(REQUEST_DONE).subscribe((r) => this.request(r));
        bus.signal(ORIGIN_QUERY).subscribe((r) => this.query(r));
        bus.signal(CLIENT_REDIRECT).subscribe((r) => { this.byKind(this.redirectsByKind, r.outcome)[this.bucket(now())]++; });
        bus.signal(NET_MESSAGE).subscribe((m) => {
            if (m.purpose === Purpose.gossip || m.purpose === Purpose['bus-pubsub'])
                this.busBytes[this.bucket(now())] += m.sizeBytes;
        });
    }
    byKind(map, kind) {
        let a = map.get(kind);
        if (!a) {
            a = new Float64Array(this.buckets);
            map.set(kind, a);
        }
        return a;
    }
    bucket(tNs) {
        return Math.min(this.buckets - 1, Math.floor(tNs / this.bucketNs));
    }
    request(r) {
        if (r.op === Op.populate)
            return;
        const b = this.bucket(r.endNs);
        if (r.outcome === 0) {
            this.ok[b]++;
            this.latency.record(b, r.endNs - r.startNs);
        }
        else {
            this.errors[b]++;
            this.byKind(this.errorsByKind, r.outcome)[b]++;
        }
        this.l1Hits[b] += r.l1Hits;
        this.reads[b] += r.reads;
        this.hits[b] += r.hits;
        this.stale[b] += r.stale;
    }
    query(r) {
        const b = this.bucket(r.arrivalNs);
        this.originQueries[b]++;
        this.originLatencyNs[b] += r.endNs - r.arrivalNs;
        this.originWaitNs[b] += r.startNs - r.arrivalNs;
        this.originLatency.record(b, r.endNs - r.arrivalNs);
    }
    result() {
        this.latency.closeBefore(Infinity);
        this.originLatency.closeBefore(Infinity);
        const list = (a) => Array.from(a);
        const perQuery = (sum) => Array.from(sum, (s, b) => (this.originQueries[b] > 0 ? ms(s / this.originQueries[b]) : null));
        const bucketS = this.bucketNs / 1e9;
        return {
            bucketS,
            startS: Array.from({ length: this.buckets }, (_, b) => (b * this.bucketNs) / 1e9),
            issued: list(this.issued),
            ok: list(this.ok),
            errors: list(this.errors),
            reads: list(this.reads),
            hits: list(this.hits),
            hitRatio: Array.from(this.reads, (n, b) => (n > 0 ? Math.round((this.hits[b] / n) * 1e6) / 1e6 : null)),
            stale: list(this.stale),
            latencyP50Ms: Array.from(this.latency.values[0], ms),
            latencyP99Ms: Array.from(this.latency.values[1], ms),
            originQueries: list(this.originQueries),
            originQueriesPerS: Array.from(this.originQueries, (n) => Math.round((n / bucketS) * 1e3) / 1e3),
            originLatencyMeanMs: perQuery(this.originLatencyNs),
            originLatencyP99Ms: Array.from(this.originLatency.values[0], ms),
            originWaitMeanMs: perQuery(this.originWaitNs),
            busBytes: list(this.busBytes),
            l1Hits: list(this.l1Hits),
            errorsByKind: kinds(this.errorsByKind),
            redirectsByKind: kinds(this.redirectsByKind),
        };
    }
}
//# sourceMappingURL=time-series.js.map