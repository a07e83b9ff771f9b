// A client library with client-side sharding on one application host (like twemproxy's hashing done
// in the application, or a ketama-aware client such as libmemcached's): each request goes to the
// server its key maps to in the client's current shard map; an MGET or a pipeline over several
// servers is split into one MGET (or pipeline) per server, in parallel, and reassembled
// (request-splitter.ts), an MSET likewise; a transaction or a script over keys of several servers
// is refused by the client (outcome crossslot), with no round trip. Each shard is reached through
// its own link, opened on first use (a Sentinel-per-shard tier opens them all when it is built, so
// that every route asks its sentinels at start): a connection pool to the shard's server, or, in a Sentinel-per-shard tier, a Sentinel route to the
// shard's current master (sentinel-route.ts). With plain servers a dead server's keys time out: there
// is no failover (no auto-eject). The map changes when a membership change reaches this client
// (shard-membership.ts).
// Parameters: ClientParams.

import type { Rng } from '../../sim/random/rng.js';
import type { HostCpu } from '../host/host-cpu.js';
import type { ShardMap } from '../sharding/shard-map.js';
import type { ShardRouter } from '../sharding/shard-membership.js';
import { Op, Outcome } from '../signals.js';
import type { ClientParams } from '../workload/workload-params.js';
import type { PoolOwner } from './connection-pool.js';
import { RequestCompletion, type ClientContext } from './request-completion.js';
import { RequestSplitter } from './request-splitter.js';

/** Where a sharded client's requests for one shard go. */
export interface ShardLink {
  submit(req: number): void;
}

/** Opens the link to shard `node` whose replies and failures go to `owner`. */
export type OpenShard = (owner: PoolOwner, node: number) => ShardLink;

export class ShardedClient implements PoolOwner, ShardRouter {
  readonly completion: RequestCompletion;
  private readonly links: ShardLink[] = [];
  private readonly splitter: RequestSplitter;
  private readonly serverOf = (key: number): number => this.map.serverOf(key);
  private readonly sendPart = (node: number, part: number): void => this.link(node).submit(part);

  constructor(
    private readonly ctx: ClientContext, params: ClientParams, cpu: HostCpu, readonly host: number,
    private readonly open: OpenShard, private map: ShardMap, readThrough: boolean, ttlRng: Rng,
  ) {
    this.completion = new RequestCompletion(ctx, params, cpu, host, readThrough, ttlRng, (req) => this.submit(req),
      (part) => this.partDone(part, ctx.requests.outcome[part]!, true));
    this.splitter = new RequestSplitter(ctx.requests, ctx.factory, true);
  }

  useMap(map: ShardMap): void {
    this.map = map;
  }

  submit(req: number): void {
    const t = this.ctx.requests;
    const op = t.op[req]!;
    if (t.commandCount[req]! > 1 && this.splitter.spans(req, this.serverOf)) {
      if (op === Op.multi || op === Op.eval) {
        t.outcome[req] = Outcome.crossslot;
        this.completion.replied(req);
      } else this.splitter.split(req, this.serverOf, this.sendPart);
      return;
    }
    this.link(this.serverOf(t.cmdKey[req * t.stride]!)).submit(req);
  }

  replied(req: number): void {
    if (this.ctx.requests.parent[req]! >= 0) this.completion.partReplied(req);
    else this.completion.replied(req);
  }

  failed(req: number, outcome: number): void {
    if (this.ctx.requests.parent[req]! < 0) {
      this.completion.failed(req, outcome);
      return;
    }
    this.partDone(req, outcome, false);
  }

  /** A part finished (its reply parsed, or failed): merge it into its request, which completes when its last part does. */
  private partDone(part: number, outcome: number, release: boolean): void {
    const req = this.splitter.partDone(part, outcome, release);
    if (req >= 0) this.completion.partsParsed(req);
  }

  /** The link to shard `node`, opened now if it was not. */
  link(node: number): ShardLink {
    return (this.links[node] ??= this.open(this, node));
  }
}
