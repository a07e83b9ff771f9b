// A client library with client-side sharding on one application host (like twemproxy's hashing done
// in the application, or a ketama-aware client such as libmemcached's): each request goes to the
// server its key maps to in the client's current shard map; an MGET or a pipeline over several
// servers is split into one MGET (or pipeline) per server, in parallel, and reassembled
// (request-splitter.ts). One connection pool per server, opened on first use. A dead server's keys
// time out: there is no failover (no auto-eject). The map changes when a membership change reaches
// this client (shard-membership.ts).
// Parameters: ClientParams.
import { Op } from '../signals.js';
import { ConnectionPool } from './connection-pool.js';
import { RequestCompletion } from './request-completion.js';
import { RequestSplitter } from './request-splitter.js';
export class ShardedClient {
    ctx;
    params;
    cpu;
    host;
    endpoints;
    map;
    completion;
    pools = [];
    splitter;
    serverOf = (key) => this.map.serverOf(key);
    sendPart = (node, part) => this.pool(node).submit(part);
    constructor(ctx, params, cpu, host, endpoints, map, readThrough, ttlRng) {
        this.ctx = ctx;
        this.params = params;
        this.cpu = cpu;
        this.host = host;
        this.endpoints = endpoints;
        this.map = map;
        this.completion = new RequestCompletion(ctx, params, cpu, host, readThrough, ttlRng, (req) => this.submit(req));
        this.splitter = new RequestSplitter(ctx.requests, ctx.factory, true);
    }
    useMap(map) {
        this.map = map;
    }
    submit(req) {
        const t = this.ctx.requests;
        const op = t.op[req];
        if (t.commandCount[req] > 1 && (op === Op.mget || op === Op.pipeline) && this.splitter.spans(req, this.serverOf)) {
            this.splitter.split(req, this.serverOf, this.sendPart);
            return;
        }
        this.pool(this.serverOf(t.cmdKey[req * t.stride])).submit(req);
    }
    replied(req) {
        const t = this.ctx.requests;
        const done = t.parent[req] >= 0 ? this.splitter.partDone(req, t.outcome[req], true) : req;
        if (done >= 0)
            this.completion.replied(done);
    }
    failed(req, outcome) {
        if (this.ctx.requests.parent[req] < 0) {
            this.completion.failed(req, outcome);
            return;
        }
        const done = this.splitter.partDone(req, outcome, false);
        if (done >= 0)
            this.completion.replied(done);
    }
    pool(node) {
        let pool = this.pools[node];
        if (!pool) {
            pool = new ConnectionPool(this.ctx.engine, this.ctx.network, this.ctx.requests, this.params, this.cpu, this.host, this.endpoints[node], this, this.ctx.usage);
            this.pools[node] = pool;
        }
        return pool;
    }
}
//# sourceMappingURL=sharded-client.js.map