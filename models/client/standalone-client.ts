// A Redis client library on one application host talking to one server endpoint: one connection
// pool (timeouts, reconnects, retries: connection-pool.ts) and the application's handling of replies
// (read-through, write-back, request.done: request-completion.ts).
// Abstracted away: RESP3 pushes, pipelining of independent requests across callers, TLS.

import type { Rng } from '../../sim/random/rng.js';
import type { HostCpu } from '../host/host-cpu.js';
import type { ClientParams } from '../workload/workload-params.js';
import { ConnectionPool, type Endpoint } from './connection-pool.js';
import { RequestCompletion, type ClientContext } from './request-completion.js';

export class StandaloneClient {
  readonly completion: RequestCompletion;
  private readonly pool: ConnectionPool;

  constructor(ctx: ClientContext, params: ClientParams, cpu: HostCpu, readonly host: number, target: Endpoint, readThrough: boolean, ttlRng: Rng) {
    this.completion = new RequestCompletion(ctx, params, cpu, host, readThrough, ttlRng, (req) => this.submit(req));
    this.pool = new ConnectionPool(ctx, params, cpu, host, target, {
      replied: (req) => this.completion.replied(req),
      failed: (req, outcome) => this.completion.failed(req, outcome),
    });
  }

  /** Issues request row `req` (its commands and startNs already drawn). */
  submit(req: number): void {
    this.pool.submit(req);
  }
}
