// A client of a proxy tier on one application host: all its requests go to one proxy (its first
// preference: a proxy in its own zone when there is one), over a connection pool to that proxy; the
// proxy does the sharding. With failover next-proxy, a request that failed on the proxy in use (a
// timeout; a reset or a refused connect when the proxy's process died: connection-pool.ts) is
// retried (after retryBackoff, up to `retries` times) on the next proxy in the client's preference
// order, which the client then keeps using, as a client with a list of proxy addresses that drops a
// dead one does; with none, the pool retries on the same proxy and a dead proxy's clients keep failing.
// Parameters: ClientParams; failover (next-proxy | none).

import type { EventHandler } from '../../sim/engine/engine.js';
import type { Rng } from '../../sim/random/rng.js';
import type { HostCpu } from '../host/host-cpu.js';
import type { ClientParams } from '../workload/workload-params.js';
import { ConnectionPool, type Endpoint, type PoolOwner } from './connection-pool.js';
import { RequestCompletion, type ClientContext } from './request-completion.js';

export type ProxyFailover = 'next-proxy' | 'none';

export class ProxyClient {
  readonly completion: RequestCompletion;
  private readonly pools: ConnectionPool[] = [];
  private readonly owners: PoolOwner[];
  /** Position in `order` of the proxy in use. */
  private current = 0;
  private readonly onRetry: EventHandler = (req) => this.submit(req);

  /** `order`: indexes into `proxies`, most preferred first. */
  constructor(
    private readonly ctx: ClientContext, private readonly params: ClientParams, private readonly cpu: HostCpu, readonly host: number,
    private readonly proxies: readonly Endpoint[], private readonly order: readonly number[], private readonly failover: ProxyFailover,
    readThrough: boolean, ttlRng: Rng,
  ) {
    this.completion = new RequestCompletion(ctx, params, cpu, host, readThrough, ttlRng, (req) => this.submit(req));
    this.owners = proxies.map((_, proxy) => ({
      replied: (req: number) => this.completion.replied(req),
      failed: (req: number, outcome: number) => this.failed(proxy, req, outcome),
    }));
  }

  /** The proxy (index) this client sends to now. */
  get proxy(): number {
    return this.order[this.current]!;
  }

  submit(req: number): void {
    this.pool(this.proxy).submit(req);
  }

  private failed(proxy: number, req: number, outcome: number): void {
    const t = this.ctx.requests;
    if (this.failover === 'next-proxy' && proxy === this.proxy) this.current = (this.current + 1) % this.order.length;
    if (this.failover === 'none' || t.attempts[req]! > this.params.retries) this.completion.failed(req, outcome);
    else this.ctx.engine.schedule(this.params.retryBackoff, this.onRetry, t.copy(req));
  }

  private pool(proxy: number): ConnectionPool {
    let pool = this.pools[proxy];
    if (!pool) {
      const params = this.failover === 'next-proxy' ? { ...this.params, retries: 0 } : this.params;
      pool = new ConnectionPool(this.ctx, params, this.cpu, this.host, this.proxies[proxy]!, this.owners[proxy]!);
      this.pools[proxy] = pool;
    }
    return pool;
  }
}
