// A Redis instance: one single-threaded executor serving requests FIFO over a keyspace.
// Each request (one command, an MGET, or a pipeline) costs
//   request + Σ commands (command + perKey·keys + perKB·valueBytes/1000) + evictionPerKey·evicted
// of executor time, or a draw from `serviceTime` when set. Commands take effect when the request
// starts executing; the reply leaves when it ends. Before every command, if memory is over
// maxmemory the policy evicts keys until it is not (noeviction: writes fail with OOM, as Redis's
// denyoom check does). Expired keys are deleted when a command touches them (lazy expiry).
// In a cluster a router (cluster-node.ts) may refuse a request (MOVED, ASK, CROSSSLOT, CLUSTERDOWN):
// a refusal costs request + command, even when `serviceTime` is set. It may also hold a request
// (CLIENT PAUSE WRITE during a manual failover): no reply until the router runs it again (rerun). Other work on the server's
// thread (replication apply, cluster bus, cron) runs as tasks queued FIFO with the requests.
// Abstracted away: active expiry (expired keys not touched keep their memory), the 500 µs
// eviction time budget, RDB/AOF, client output buffers, io-threads.
// Parameters: see server-params.ts (maxmemory bytes, policy, costs in ns, perKeyOverhead bytes).
import { createDistribution } from '../../sim/dist/registry.js';
import { FifoExecutor } from '../host/fifo-executor.js';
import { Op, Outcome, Purpose, SERVER_COMMAND, SERVER_STATE } from '../signals.js';
import { arrayHeaderBytes, SIMPLE_REPLY_BYTES, valueReplyBytes } from '../workload/wire-sizes.js';
import { EVICTION_POLICIES, POLICIES_WITH_KEY_WORD } from './eviction/eviction-registry.js';
import { Keyspace } from './keyspace.js';
/** What a router decides about a request: serve it, refuse it (the error is in the row), or hold it unanswered. */
export const Admission = { serve: 0, refuse: 1, hold: 2 };
/** Bytes of an error reply such as "-MOVED 3999 10.0.0.3:6379". */
const ERROR_REPLY_BYTES = 40;
const TASK_KINDS = 8;
export class RedisServer {
    engine;
    network;
    requests;
    params;
    options;
    keyspace;
    executor;
    onRequest = (req) => {
        if (!this.crashed)
            this.executor.submit(req);
    };
    /** A crashed server runs nothing and drops what reaches it. */
    crashed = false;
    router = null;
    writeListener = null;
    keyObserver = null;
    /** Writes executed or applied by replication (a replication offset counted in writes, not bytes). */
    replOffset = 0;
    tasks = [];
    held = new Set();
    policy;
    serviceTime;
    serviceRng;
    signal;
    record = { server: 0, startNs: 0, serviceNs: 0, lookups: 0, hits: 0, evictions: 0, expirations: 0 };
    constructor(engine, network, requests, params, options, streams, bus) {
        this.engine = engine;
        this.network = network;
        this.requests = requests;
        this.params = params;
        this.options = options;
        this.keyspace = new Keyspace(options.keyCount, params.perKeyOverhead, {
            withExpiry: options.withExpiry, withVersions: options.ledger !== undefined,
            withPolicyWord: POLICIES_WITH_KEY_WORD.has(params.maxmemoryPolicy), expectedShare: options.expectedKeyShare ?? 1,
        });
        this.policy = EVICTION_POLICIES[params.maxmemoryPolicy](this.keyspace, streams.stream(`server/${options.name}/eviction`), {
            samples: params.maxmemorySamples, lfuLogFactor: params.lfuLogFactor, lfuDecayTimeMin: params.lfuDecayTime,
        });
        this.serviceTime = params.serviceTime ? createDistribution(params.serviceTime) : null;
        this.serviceRng = streams.stream(`server/${options.name}/service`);
        this.executor = new FifoExecutor(engine, this);
        this.signal = bus.signal(SERVER_COMMAND);
    }
    /** Stores a key before the run starts (preloading a warm cache), bypassing the executor; expiry 0 = none. */
    preload(key, valueBytes, expireAtNs = 0) {
        this.policy.inserted(this.keyspace.set(key, valueBytes, expireAtNs), this.engine.now);
    }
    /** Registers a kind of internal work; returns its kind for `submitTask`. */
    addTask(task) {
        if (this.tasks.length === TASK_KINDS)
            throw new RangeError('too many task kinds');
        return this.tasks.push(task) - 1;
    }
    /** Emits what the server holds now (keys, bytes), for the per-server table of the reports. */
    reportState(bus) {
        const signal = bus.signal(SERVER_STATE);
        if (!signal.active)
            return;
        signal.emit({ server: this.options.id, name: this.options.name, host: this.options.host, keys: this.keyspace.size, usedBytes: this.keyspace.usedBytes });
    }
    /** Queues internal work `index` of `kind` on the server's thread, behind the requests already waiting. */
    submitTask(kind, index) {
        if (!this.crashed)
            this.executor.submit(-1 - (index * TASK_KINDS + kind));
    }
    /** The process dies: everything queued or running is lost. */
    crash() {
        this.crashed = true;
        this.executor.clear();
    }
    /** The process starts again, empty (no RDB/AOF is modeled). */
    restart() {
        this.crashed = false;
        this.keyspace.clear();
    }
    begin(job) {
        if (job >= 0)
            return this.beginRequest(job);
        const code = -1 - job;
        return this.tasks[code % TASK_KINDS].begin(Math.floor(code / TASK_KINDS));
    }
    finish(job) {
        if (job >= 0)
            this.finishRequest(job);
        else {
            const code = -1 - job;
            this.tasks[code % TASK_KINDS].finish(Math.floor(code / TASK_KINDS));
        }
    }
    /** Applies a write that arrived by replication or migration (with its version); returns its cost on this thread, ns. */
    applyWrite(op, key, valueBytes, expireAtNs, version) {
        const cost = this.params.cost;
        const now = this.engine.now;
        this.replOffset++;
        if (op === Op.del)
            this.keyspace.delete(key);
        else
            this.store(key, valueBytes, expireAtNs, now, version);
        this.keyObserver?.modified(key);
        return cost.command + cost.perKey + (cost.perKB * valueBytes) / 1000;
    }
    beginRequest(req) {
        const t = this.requests;
        const cost = this.params.cost;
        const now = this.engine.now;
        const base = req * t.stride;
        const n = t.commandCount[req];
        const verdict = this.router ? this.router.admit(req) : Admission.serve;
        if (verdict !== Admission.serve) {
            if (verdict === Admission.hold)
                this.held.add(req);
            t.replyBytes[req] = ERROR_REPLY_BYTES;
            t.hits[req] = 0;
            t.reads[req] = 0;
            t.stale[req] = 0;
            return cost.request + cost.command;
        }
        let serviceNs = cost.request;
        let replyBytes = n > 1 ? arrayHeaderBytes(n) : 0;
        let lookups = 0;
        let hits = 0;
        let stale = 0;
        const ks = this.keyspace;
        const ledger = this.options.ledger;
        let evictions = 0;
        let expirations = 0;
        for (let i = base; i < base + n; i++) {
            const op = t.cmdOp[i];
            const key = t.cmdKey[i];
            evictions += this.evictIfNeeded(now);
            let entry = ks.entryOf(key);
            if (entry >= 0 && ks.expiredAt(entry, now)) {
                ks.delete(key);
                entry = -1;
                this.keyObserver?.modified(key);
                expirations++;
            }
            serviceNs += cost.command;
            if (op === Op.get) {
                const found = entry >= 0;
                lookups++;
                t.cmdHit[i] = found ? 1 : 0;
                this.keyObserver?.read(key, t.clientHost[req]);
                if (found) {
                    hits++;
                    const version = ks.versionAt(entry);
                    t.cmdVersion[i] = version;
                    if (ledger && ledger.isStale(key, version))
                        stale++;
                    this.policy.touch(entry, now);
                    const valueBytes = ks.valueBytesAt(entry);
                    serviceNs += cost.perKey + (cost.perKB * valueBytes) / 1000;
                    replyBytes += valueReplyBytes(valueBytes, true);
                }
                else {
                    serviceNs += cost.perKey;
                    replyBytes += valueReplyBytes(0, false);
                }
            }
            else if (op === Op.set) {
                if (!this.policy.evicts && this.overLimit()) {
                    t.outcome[req] = Outcome.oom;
                    replyBytes += 60;
                    continue;
                }
                const bytes = t.cmdValueBytes[i];
                const ttl = t.cmdTtlNs[i];
                const expireAtNs = ttl > 0 ? now + ttl : 0;
                const version = ledger ? this.versionWritten(req, key, now, ledger) : 0;
                this.store(key, bytes, expireAtNs, now, version);
                this.replOffset++;
                this.writeListener?.written(op, key, bytes, expireAtNs, version);
                this.keyObserver?.modified(key);
                serviceNs += cost.perKey + (cost.perKB * bytes) / 1000;
                replyBytes += SIMPLE_REPLY_BYTES;
            }
            else if (op === Op.del) {
                this.keyspace.delete(key);
                this.replOffset++;
                this.writeListener?.written(op, key, 0, 0, ledger ? ledger.acknowledge(key, now) : 0);
                this.keyObserver?.modified(key);
                serviceNs += cost.perKey;
                replyBytes += SIMPLE_REPLY_BYTES;
            }
            else if (op === Op.keys) {
                serviceNs += cost.scanPerKey * this.keyspace.size;
                replyBytes += arrayHeaderBytes(0);
            }
        }
        serviceNs += cost.evictionPerKey * evictions;
        t.replyBytes[req] = replyBytes;
        t.hits[req] = hits;
        t.reads[req] = lookups;
        t.stale[req] = stale;
        if (this.serviceTime)
            serviceNs = this.serviceTime.sample(this.serviceRng);
        if (this.signal.active) {
            const r = this.record;
            r.server = this.options.id;
            r.startNs = now;
            r.serviceNs = serviceNs;
            r.lookups = lookups;
            r.hits = hits;
            r.evictions = evictions;
            r.expirations = expirations;
            this.signal.emit(r);
        }
        return serviceNs;
    }
    /** Stores a value (a SET, or a write applied by replication or migration): the eviction policy learns of it as a touch or an insertion. */
    store(key, valueBytes, expireAtNs, now, version) {
        const existed = this.keyspace.has(key);
        const entry = this.keyspace.set(key, valueBytes, expireAtNs);
        if (existed)
            this.policy.touch(entry, now);
        else
            this.policy.inserted(entry, now);
        this.keyspace.setVersionAt(entry, version);
    }
    /** A write's version: a new acknowledged one, except for a write-back of what the origin holds (populate). */
    versionWritten(req, key, now, ledger) {
        return this.requests.op[req] === Op.populate ? ledger.current(key) : ledger.acknowledge(key, now);
    }
    /** Queues a held request to run again (its hold ended). */
    rerun(req) {
        this.executor.submit(req);
    }
    finishRequest(req) {
        if (this.held.delete(req))
            return;
        const t = this.requests;
        this.network.send(this.options.host, t.clientHost[req], t.replyBytes[req], Purpose.client, t.replyChannel[req], t.replyHandler[req], req);
    }
    overLimit() {
        return this.params.maxmemory > 0 && this.keyspace.usedBytes > this.params.maxmemory;
    }
    evictIfNeeded(now) {
        if (!this.policy.evicts)
            return 0;
        let evicted = 0;
        while (this.overLimit()) {
            const victim = this.policy.victim(now);
            if (victim < 0)
                break;
            this.keyspace.delete(victim);
            this.keyObserver?.modified(victim);
            evicted++;
        }
        return evicted;
    }
}
//# sourceMappingURL=redis-server.js.map