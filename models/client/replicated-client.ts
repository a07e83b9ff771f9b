// A client of a primary with replicas (no cluster): one connection pool per node; writes go to the
// primary; read-only requests go to the primary, to the replicas in turn, or to the nearest node
// (a replica in the client's own zone if there is one, else the primary), as configured.
// Parameters: readFrom (primary | replica | nearest); ClientParams.

import type { Rng } from '../../sim/random/rng.js';
import type { HostCpu } from '../host/host-cpu.js';
import type { Network } from '../network/network.js';
import type { ClientParams } from '../workload/workload-params.js';
import { ConnectionPool, type Endpoint } from './connection-pool.js';
import { RequestCompletion, type ClientContext } from './request-completion.js';

export type ReadFrom = 'primary' | 'replica' | 'nearest';

/** The nodes (indexes into `nodes`, the primary first) a client on `host` reads from; empty: the primary. */
export function readTargets(network: Network, host: number, nodes: readonly Endpoint[], readFrom: ReadFrom): number[] {
  const replicas = nodes.map((_, i) => i).slice(1);
  const zone = network.zoneOf(host);
  const near = replicas.filter((i) => network.zoneOf(nodes[i]!.host) === zone);
  return readFrom === 'primary' ? [] : readFrom === 'replica' ? replicas : near;
}

export class ReplicatedClient {
  readonly completion: RequestCompletion;
  /** Pools to the primary (index 0) and each replica. */
  private readonly pools: ConnectionPool[];
  /** The nodes read-only requests go to, in turn. */
  readonly readers: readonly number[];
  private turn = 0;

  constructor(
    private readonly ctx: ClientContext, params: ClientParams, cpu: HostCpu, readonly host: number,
    nodes: readonly Endpoint[], readFrom: ReadFrom, readThrough: boolean, ttlRng: Rng,
  ) {
    this.completion = new RequestCompletion(ctx, params, cpu, host, readThrough, ttlRng, (req) => this.submit(req));
    const owner = { replied: (req: number) => this.completion.replied(req), failed: (req: number, outcome: number) => this.completion.failed(req, outcome) };
    this.pools = nodes.map((n) => new ConnectionPool(ctx, params, cpu, host, n, owner));
    const readers = readTargets(ctx.network, host, nodes, readFrom);
    this.readers = readers.length > 0 ? readers : [0];
  }

  submit(req: number): void {
    const node = this.ctx.requests.readsOnly(req) ? this.readers[this.turn++ % this.readers.length]! : 0;
    this.pools[node]!.submit(req);
  }
}
