// A client of a proxy tier on one application host: all its requests go to one proxy (its first
// preference: a proxy in its own zone when there is one), over a connection pool to that proxy; the
// proxy does the sharding. With failover next-proxy, a request that timed out is retried (after
// retryBackoff, up to `retries` times) on the next proxy in the client's preference order: after a
// timeout on the proxy in use the client moves to the next one and keeps using it, as a client with a list of proxy addresses that drops a dead one does;
// with none, the pool retries on the same proxy and a dead proxy's clients keep timing out.
// Parameters: ClientParams; failover (next-proxy | none).
import { ConnectionPool } from './connection-pool.js';
import { RequestCompletion } from './request-completion.js';
export class ProxyClient {
    ctx;
    params;
    cpu;
    host;
    proxies;
    order;
    failover;
    completion;
    pools = [];
    owners;
    /** Position in `order` of the proxy in use. */
    current = 0;
    onRetry = (req) => this.submit(req);
    /** `order`: indexes into `proxies`, most preferred first. */
    constructor(ctx, params, cpu, host, proxies, order, failover, readThrough, ttlRng) {
        this.ctx = ctx;
        this.params = params;
        this.cpu = cpu;
        this.host = host;
        this.proxies = proxies;
        this.order = order;
        this.failover = failover;
        this.completion = new RequestCompletion(ctx, params, cpu, host, readThrough, ttlRng, (req) => this.submit(req));
        this.owners = proxies.map((_, proxy) => ({
            replied: (req) => this.completion.replied(req),
            failed: (req, outcome) => this.failed(proxy, req, outcome),
        }));
    }
    /** The proxy (index) this client sends to now. */
    get proxy() {
        return this.order[this.current];
    }
    submit(req) {
        this.pool(this.proxy).submit(req);
    }
    failed(proxy, req, outcome) {
        const t = this.ctx.requests;
        if (this.failover === 'next-proxy' && proxy === this.proxy)
            this.current = (this.current + 1) % this.order.length;
        if (this.failover === 'none' || t.attempts[req] > this.params.retries)
            this.completion.failed(req, outcome);
        else
            this.ctx.engine.schedule(this.params.retryBackoff, this.onRetry, t.copy(req));
    }
    pool(proxy) {
        let pool = this.pools[proxy];
        if (!pool) {
            const params = this.failover === 'next-proxy' ? { ...this.params, retries: 0 } : this.params;
            pool = new ConnectionPool(this.ctx.engine, this.ctx.network, this.ctx.requests, params, this.cpu, this.host, this.proxies[proxy], this.owners[proxy], this.ctx.usage);
            this.pools[proxy] = pool;
        }
        return pool;
    }
}
//# sourceMappingURL=proxy-client.js.map