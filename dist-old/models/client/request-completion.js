// What the application does with a reply, the same for every client library: parse it (client
// CPU), and with read-through, on a miss read the missing keys from the origin, return, and write
// them back to the cache with SET (a `populate` request, reported separately). Emits `request.done`
// with the latency measured from the request's intended start.
// Parameters: replyCpu (ns); readThrough.
import { Channel } from '../network/network.js';
import { Op, Outcome, Purpose, REQUEST_DONE } from '../signals.js';
/** Bytes of a read query to the origin before its keys. */
const ORIGIN_QUERY_BYTES = 64;
/** Bytes per key named in an origin query. */
const ORIGIN_BYTES_PER_KEY = 32;
export class RequestCompletion {
    ctx;
    cpu;
    host;
    readThrough;
    ttlRng;
    submit;
    /** Called with the row of every finished workload request (before the row is freed). */
    onDone = () => { };
    tier = null;
    originUp = new Channel();
    originDown = new Channel();
    signal;
    record = { op: 0, outcome: 0, startNs: 0, endNs: 0, hits: 0, reads: 0, stale: 0, attempts: 0, l1Hits: 0 };
    onReplyCpuDone = (req) => this.parsed(req);
    onOriginReply = (req) => this.originReplied(req);
    replyCpuNs;
    constructor(ctx, params, cpu, host, readThrough, ttlRng, submit) {
        this.ctx = ctx;
        this.cpu = cpu;
        this.host = host;
        this.readThrough = readThrough;
        this.ttlRng = ttlRng;
        this.submit = submit;
        this.signal = ctx.bus.signal(REQUEST_DONE);
        this.replyCpuNs = params.replyCpu;
    }
    /** The final reply of row `req` is in: parse it, then read through or finish. */
    replied(req) {
        if (this.replyCpuNs > 0)
            this.cpu.run(this.replyCpuNs, this.onReplyCpuDone, req, this.ctx.requests.replyChannel[req]);
        else
            this.parsed(req);
    }
    /** Finishes row `req` with `outcome` and frees it. */
    finish(req, outcome) {
        this.tier?.finishing(req, outcome);
        this.emitDone(req, outcome);
        this.onDone(req);
        this.ctx.requests.release(req);
    }
    /** Finishes row `req` that failed client-side; the row stays allocated until its late reply frees it. */
    failed(req, outcome) {
        this.tier?.finishing(req, outcome);
        this.emitDone(req, outcome);
        this.onDone(req);
    }
    parsed(req) {
        const t = this.ctx.requests;
        const origin = this.ctx.origin;
        if (t.outcome[req] === Outcome.ok && this.readThrough && origin && t.op[req] !== Op.populate && t.reads[req] > t.hits[req]) {
            t.replyHandler[req] = this.onOriginReply;
            t.replyChannel[req] = this.originDown;
            const misses = t.reads[req] - t.hits[req];
            this.ctx.network.send(this.host, origin.host, ORIGIN_QUERY_BYTES + misses * ORIGIN_BYTES_PER_KEY, Purpose.origin, this.originUp, origin.onQuery, req);
            return;
        }
        this.finish(req, t.outcome[req]);
    }
    originReplied(req) {
        this.populate(req);
        this.finish(req, Outcome.ok);
    }
    /** Writes the values read from the origin back to the cache: one SET per missed key, pipelined. */
    populate(req) {
        const t = this.ctx.requests;
        const p = t.alloc();
        const base = req * t.stride;
        let n = 0;
        let bytes = 0;
        for (let i = base; i < base + t.commandCount[req]; i++) {
            if (t.cmdOp[i] !== Op.get || t.cmdHit[i] === 1)
                continue;
            bytes += this.ctx.factory.command(t, p * t.stride + n, Op.set, t.cmdKey[i], this.ttlRng);
            n++;
        }
        t.op[p] = Op.populate;
        t.commandCount[p] = n;
        t.requestBytes[p] = bytes;
        t.startNs[p] = this.ctx.engine.now;
        t.owner[p] = -1;
        this.submit(p);
    }
    emitDone(req, outcome) {
        if (!this.signal.active)
            return;
        const t = this.ctx.requests;
        const r = this.record;
        r.op = t.op[req];
        r.outcome = outcome;
        r.startNs = t.startNs[req];
        r.endNs = this.ctx.engine.now;
        r.hits = t.hits[req];
        r.reads = t.reads[req];
        r.stale = t.stale[req];
        r.attempts = t.attempts[req];
        r.l1Hits = t.l1Hits[req];
        this.signal.emit(r);
    }
}
//# sourceMappingURL=request-completion.js.map