// A Redis client library on one application host talking to one server endpoint: one connection
// pool (timeouts, reconnects, retries: connection-pool.ts) and the application's handling of replies
// (read-through, write-back, request.done: request-completion.ts).
// Abstracted away: RESP3 pushes, pipelining of independent requests across callers, TLS.
import { ConnectionPool } from './connection-pool.js';
import { RequestCompletion } from './request-completion.js';
export class StandaloneClient {
    host;
    completion;
    pool;
    constructor(ctx, params, cpu, host, target, readThrough, ttlRng) {
        this.host = host;
        this.completion = new RequestCompletion(ctx, params, cpu, host, readThrough, ttlRng, (req) => this.submit(req));
        this.pool = new ConnectionPool(ctx.engine, ctx.network, ctx.requests, params, cpu, host, target, {
            replied: (req) => this.completion.replied(req),
            failed: (req, outcome) => this.completion.failed(req, outcome),
        }, ctx.usage);
    }
    /** Issues request row `req` (its commands and startNs already drawn). */
    submit(req) {
        this.pool.submit(req);
    }
}
//# sourceMappingURL=standalone-client.js.map