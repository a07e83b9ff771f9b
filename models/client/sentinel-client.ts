// The client library of a `sentinel` topology on one application host: its requests follow one
// Sentinel route (sentinel-route.ts: the master as the sentinels tell it, re-asked on timeouts,
// closed connections and -READONLY) and complete through the host's request completion.
// Parameters: readFrom; ClientParams.

import type { Rng } from '../../sim/random/rng.js';
import type { HostCpu } from '../host/host-cpu.js';
import type { SentinelFabric } from '../sentinel/sentinel-fabric.js';
import type { ClientParams } from '../workload/workload-params.js';
import type { Endpoint } from './connection-pool.js';
import type { ReadFrom } from './replicated-client.js';
import { RequestCompletion, type ClientContext } from './request-completion.js';
import { SentinelRoute } from './sentinel-route.js';

export class SentinelClient {
  readonly completion: RequestCompletion;
  readonly route: SentinelRoute;

  constructor(
    ctx: ClientContext, params: ClientParams, cpu: HostCpu, readonly host: number,
    nodes: readonly Endpoint[], readFrom: ReadFrom, readThrough: boolean, ttlRng: Rng, fabric: SentinelFabric, index: number,
  ) {
    this.completion = new RequestCompletion(ctx, params, cpu, host, readThrough, ttlRng, (req) => this.route.submit(req));
    this.route = new SentinelRoute(ctx, params, cpu, host, nodes, readFrom, fabric, index, {
      replied: (req) => this.completion.replied(req),
      failed: (req, outcome) => this.completion.failed(req, outcome),
    });
  }

  submit(req: number): void {
    this.route.submit(req);
  }
}
