// Collectors: subscribe to one run's signals and keep statistics (counts, sums, histograms), never
// raw samples. Requests count when they started inside the measurement window [warmup, duration);
// messages and server work when they happen inside it.
import { CLIENT_REDIRECT, L1_INVALIDATED, L1_OCCUPANCY, L1_STALE_READ, SLOT_MIGRATED, CLUSTER_EVENT, CLUSTER_EVENTS, ClusterEventKind, FAULT_INJECTED, FAULT_KINDS, NET_MESSAGE, REPLICATION_LOST, REQUEST_ISSUED, OPS, ORIGIN_QUERY, OUTCOMES, PURPOSES, REQUEST_DONE, RESOURCE_USAGE, SERVER_COMMAND, SERVER_STATE, } from '../../models/signals.js';
import { Op } from '../../models/signals.js';
import { encodeHistogram, newLatencyHistogram } from './latency-histogram.js';
import { LatencyIntervals } from './latency-intervals.js';
import { TimeSeriesCollector } from './time-series.js';
export class RunCollectors {
    now;
    fromNs;
    toNs;
    hostName;
    ok = new Float64Array(OPS.length);
    errors = OPS.map(() => new Float64Array(OUTCOMES.length));
    hits = new Float64Array(OPS.length);
    reads = new Float64Array(OPS.length);
    stale = new Float64Array(OPS.length);
    retried = new Float64Array(OPS.length);
    server = { commands: 0, busyNs: 0, lookups: 0, hits: 0, evictions: 0, expirations: 0 };
    /** By server id (small integers: an array, not a map, on the per-command path). */
    perServer = [];
    /** Each resource's busy unit-ns when the window started (0 for one created later, e.g. a pool opened on demand) and when it ended. */
    usage = new Map();
    /** Per host: bytes received, then bytes sent by purpose. */
    perHost = [];
    wireMessages = new Float64Array(PURPOSES.length);
    wireBytes = new Float64Array(PURPOSES.length);
    originLatency = newLatencyHistogram();
    origin = { queries: 0, keys: 0, waitNs: 0 };
    redirects = new Float64Array(OUTCOMES.length);
    issued = 0;
    finished = 0;
    events = [];
    lostWrites = 0;
    migration = { slots: 0, keys: 0, bytes: 0, firstStartNs: -1, lastEndNs: -1 };
    l1Hits = 0;
    l1Staleness = newLatencyHistogram();
    l1InvalidationDelay = newLatencyHistogram();
    /** The first and last occupancy each host reported inside the window. */
    l1Held = new Map();
    timeSeries;
    intervals;
    /** Measures requests in [fromNs, toNs); the time series covers [0, runNs) in buckets of `bucketNs`. */
    constructor(bus, now, fromNs, toNs, timeSeries, hostName = (h) => `host-${h}`) {
        this.now = now;
        this.fromNs = fromNs;
        this.toNs = toNs;
        this.hostName = hostName;
        this.timeSeries = new TimeSeriesCollector(bus, timeSeries.bucketNs, timeSeries.runNs, now);
        this.intervals = new LatencyIntervals(timeSeries.bucketNs, Math.max(1, Math.ceil(timeSeries.runNs / timeSeries.bucketNs)));
        bus.signal(REQUEST_DONE).subscribe((r) => this.request(r));
        bus.signal(SERVER_COMMAND).subscribe((r) => this.command(r));
        bus.signal(NET_MESSAGE).subscribe((r) => this.message(r));
        bus.signal(RESOURCE_USAGE).subscribe((r) => {
            const u = this.usage.get(r.name) ?? { kind: r.kind, capacity: r.capacity, startNs: 0, endNs: null };
            if (this.now() < this.toNs)
                u.startNs = r.busyNs;
            else
                u.endNs = r.busyNs;
            this.usage.set(r.name, u);
        });
        bus.signal(SERVER_STATE).subscribe((r) => {
            this.serverOf(r.server).state = { ...r };
        });
        bus.signal(ORIGIN_QUERY).subscribe((r) => this.query(r));
        bus.signal(CLUSTER_EVENT).subscribe((r) => {
            if (r.kind === ClusterEventKind['election-scheduled'])
                return;
            this.events.push({ timeNs: r.timeNs, kind: CLUSTER_EVENTS[r.kind], node: r.node, target: r.target });
        });
        bus.signal(FAULT_INJECTED).subscribe((r) => {
            this.events.push({ timeNs: r.timeNs, kind: FAULT_KINDS[r.kind], node: r.node, target: r.node });
        });
        bus.signal(SLOT_MIGRATED).subscribe((r) => {
            const m = this.migration;
            m.slots++;
            m.keys += r.keys;
            m.bytes += r.bytes;
            if (m.firstStartNs < 0)
                m.firstStartNs = r.startNs;
            m.lastEndNs = r.endNs;
        });
        bus.signal(REPLICATION_LOST).subscribe((r) => {
            this.lostWrites += r.writes;
        });
        bus.signal(REQUEST_ISSUED).subscribe((r) => {
            if (this.inWindow(r.startNs))
                this.issued++;
        });
        bus.signal(CLIENT_REDIRECT).subscribe((r) => {
            if (this.inWindow(this.now()))
                this.redirects[r.outcome]++;
        });
        bus.signal(L1_STALE_READ).subscribe((r) => {
            if (this.inWindow(this.now()))
                this.l1Staleness.recordValue(Math.max(1, r.stalenessNs));
        });
        bus.signal(L1_OCCUPANCY).subscribe((r) => {
            if (!this.inWindow(this.now()))
                return;
            const held = this.l1Held.get(r.host);
            if (held)
                held.last = { ...r };
            else
                this.l1Held.set(r.host, { first: { ...r }, last: { ...r } });
        });
        bus.signal(L1_INVALIDATED).subscribe((r) => {
            if (this.inWindow(this.now()))
                this.l1InvalidationDelay.recordValue(Math.max(1, r.delayNs));
        });
    }
    inWindow(tNs) {
        return tNs >= this.fromNs && tNs < this.toNs;
    }
    request(r) {
        if (!this.inWindow(r.startNs))
            return;
        if (r.op !== Op.populate)
            this.finished++;
        if (r.outcome === 0) {
            this.ok[r.op]++;
            this.intervals.record(r.op, r.endNs, Math.max(1, r.endNs - r.startNs));
        }
        else
            this.errors[r.op][r.outcome]++;
        this.hits[r.op] += r.hits;
        this.reads[r.op] += r.reads;
        this.stale[r.op] += r.stale;
        this.l1Hits += r.l1Hits;
        if (r.attempts > 1)
            this.retried[r.op]++;
    }
    command(r) {
        if (!this.inWindow(r.startNs))
            return;
        const s = this.server;
        s.commands++;
        s.busyNs += r.serviceNs;
        s.lookups += r.lookups;
        s.hits += r.hits;
        s.evictions += r.evictions;
        s.expirations += r.expirations;
        const one = this.serverOf(r.server);
        one.commands++;
        one.busyNs += r.serviceNs;
        one.serviceTime.recordValue(Math.max(1, r.serviceNs));
    }
    serverOf(id) {
        let one = this.perServer[id];
        if (!one) {
            one = { commands: 0, busyNs: 0, serviceTime: newLatencyHistogram(), state: null };
            this.perServer[id] = one;
        }
        return one;
    }
    hostOf(id) {
        let one = this.perHost[id];
        if (!one) {
            one = new Float64Array(1 + PURPOSES.length);
            this.perHost[id] = one;
        }
        return one;
    }
    message(r) {
        if (!this.inWindow(this.now()))
            return;
        this.wireMessages[r.purpose]++;
        this.wireBytes[r.purpose] += r.sizeBytes;
        this.hostOf(r.src)[1 + r.purpose] += r.sizeBytes;
        this.hostOf(r.dst)[0] += r.sizeBytes;
    }
    query(r) {
        if (!this.inWindow(r.arrivalNs))
            return;
        this.origin.queries++;
        this.origin.keys += r.keys;
        this.origin.waitNs += r.startNs - r.arrivalNs;
        this.originLatency.recordValue(Math.max(1, r.endNs - r.arrivalNs));
    }
    result() {
        const ids = this.perServer.flatMap((one, id) => (one ? [id] : []));
        const servers = ids.map((id) => this.perServer[id]);
        const ops = {};
        OPS.forEach((name, op) => {
            const errorCount = this.errors[op].reduce((a, b) => a + b, 0);
            if (this.ok[op] === 0 && errorCount === 0)
                return;
            const errors = {};
            OUTCOMES.forEach((kind, k) => { if (k > 0 && this.errors[op][k] > 0)
                errors[kind] = this.errors[op][k]; });
            ops[name] = {
                ok: this.ok[op], errors, latency: encodeHistogram(this.intervals.total(op)),
                hits: this.hits[op], reads: this.reads[op], stale: this.stale[op], retried: this.retried[op],
            };
        });
        const wire = {};
        PURPOSES.forEach((name, p) => {
            if (this.wireMessages[p] > 0)
                wire[name] = { messages: this.wireMessages[p], bytes: this.wireBytes[p] };
        });
        return {
            windowNs: this.toNs - this.fromNs,
            ops,
            server: { ...this.server },
            serverBusyNs: servers.filter((one) => one.commands > 0).map((one) => one.busyNs),
            wire,
            origin: { ...this.origin, latency: encodeHistogram(this.originLatency) },
            events: this.events,
            lostWrites: this.lostWrites,
            migration: { ...this.migration },
            l1: {
                hits: this.l1Hits, staleness: encodeHistogram(this.l1Staleness),
                invalidations: this.l1InvalidationDelay.totalCount, invalidationDelay: encodeHistogram(this.l1InvalidationDelay),
                entries: [...this.l1Held.values()].reduce((a, h) => a + h.last.entries, 0),
                bytes: [...this.l1Held.values()].reduce((a, h) => a + h.last.bytes, 0),
                hostHitRatios: [...this.l1Held.keys()].sort((a, b) => a - b).map((host) => {
                    const { first, last } = this.l1Held.get(host);
                    const asked = last.keysRead - first.keysRead;
                    return asked > 0 ? (last.keysHit - first.keysHit) / asked : null;
                }),
            },
            timeSeries: this.timeSeries.result(),
            latencyIntervals: this.intervals.result(),
            servers: servers.map((one, i) => {
                const id = ids[i];
                const host = one.state ? this.perHost[one.state.host] : undefined;
                return {
                    name: one.state?.name ?? `server-${id}`, commands: one.commands, busyNs: one.busyNs, serviceTime: encodeHistogram(one.serviceTime),
                    keys: one.state?.keys ?? -1, usedBytes: one.state?.usedBytes ?? -1,
                    bytesIn: one.state ? host?.[0] ?? 0 : -1, bytesOut: one.state ? host?.slice(1).reduce((a, b) => a + b, 0) ?? 0 : -1,
                };
            }),
            hosts: this.perHost.flatMap((one, id) => {
                if (!one)
                    return [];
                const outByPurpose = {};
                PURPOSES.forEach((name, p) => { if (one[1 + p] > 0)
                    outByPurpose[name] = one[1 + p]; });
                return [{ name: this.hostName(id), bytesIn: one[0], bytesOut: one.slice(1).reduce((a, b) => a + b, 0), outByPurpose }];
            }),
            resources: [...this.usage].filter(([, u]) => u.endNs !== null).map(([name, u]) => ({
                name, kind: u.kind, share: (u.endNs - u.startNs) / (u.capacity * (this.toNs - this.fromNs)),
            })),
            issued: this.issued,
            unfinished: this.issued - this.finished,
            redirects: Object.fromEntries(OUTCOMES.flatMap((kind, k) => (this.redirects[k] > 0 ? [[kind, this.redirects[k]]] : []))),
        };
    }
}
//# sourceMappingURL=run-collectors.js.map