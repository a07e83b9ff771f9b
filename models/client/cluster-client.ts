// A smart Redis Cluster client on one application host (REDIS-MODEL §5.1, the cluster spec's
// client rules): a cached slot → node map; one connection pool per node; each request goes to the
// node owning its key's slot in the map. MOVED: update that slot, re-send to the named node, and
// refresh the whole map with CLUSTER SLOTS (one at a time, at most one per refreshInterval). ASK: re-send once to the named
// node preceded by ASKING, map unchanged. TRYAGAIN and CLUSTERDOWN: re-sent after a delay as the
// profile says (tryAgainRetry, clusterDownRetry), else, as CROSSSLOT and OOM, the application gets
// the error. A request that failed on its node after its retries (a
// timeout: a node that hangs or is cut off; a lost or refused connection: a node whose process died)
// refreshes the map from the next node, as the profile's refreshOnFailure says (Jedis and redis-py
// on both, ioredis on a lost connection, Lettuce 6 and go-redis never), and with maxMapAge a
// request that finds the map older reloads it in the background (go-redis). MGET over several slots: with split-per-node, one pipeline
// of GETs per node (one round trip each, in parallel; request-splitter.ts); with crossslot, sent as is. Pipelines are
// split per node the same way, and so is a read-through write-back after a multi-key miss (the
// application's pipeline of SETs). After maxRedirects redirections the request fails. With readFrom
// replica, read-only requests go to the owner's replicas in turn (READONLY), as learned from
// CLUSTER SLOTS; with readFrom nearest, to the nearest of the owner and its replicas (Lettuce's
// ReadFrom.NEAREST and go-redis's RouteByLatency pick the lowest measured latency; here the
// network's distance: same zone, else same region, else any; ties in turn).
// Parameters: see ClusterClientParams (cluster-params.ts) and ClientParams.

import type { EventHandler } from '../../sim/engine/engine.js';
import type { Rng } from '../../sim/random/rng.js';
import type { Signal } from '../../sim/signal/signal.js';
import type { ClusterClientParams } from '../cluster/cluster-params.js';
import { clusterClientSettings, retryDelayNs, type ClusterClientSettings } from './client-profiles.js';
import type { HostCpu } from '../host/host-cpu.js';
import { Channel } from '../network/network.js';
import { CLIENT_REDIRECT, Op, Outcome, type ClientRedirect } from '../signals.js';
import type { ClientParams } from '../workload/workload-params.js';
import { ConnectionPool, type Endpoint, type PoolOwner } from './connection-pool.js';
import { RequestCompletion, type ClientContext } from './request-completion.js';
import { RequestSplitter } from './request-splitter.js';

/** Bytes of the ASKING command sent before a command after an ASK redirection. */
const ASKING_BYTES = 20;

/** What a cluster client needs to reach nodes: their endpoints and a way to ask one for CLUSTER SLOTS. */
export interface ClusterAccess {
  readonly nodeCount: number;
  endpoint(node: number): Endpoint;
  clusterSlots(node: number, clientHost: number, up: Channel, down: Channel, onMap: (owner: Int16Array, roles: Int16Array) => void): void;
}

export class ClusterClient implements PoolOwner {
  readonly completion: RequestCompletion;
  /** The slot map, shared by every client of the topology (read-only) until this client first changes it: 200 clients then read one 32 KB map that stays in cache instead of 200 copies. */
  private map: Int16Array;
  private mapIsOwn = false;
  /** Replicas of each node as last learned (CLUSTER SLOTS), and a turn counter for read-from-replica. */
  private replicasOf: number[][] = [];
  /** readFrom nearest: per owner, the nearest of it and its replicas. */
  private nearestOf: number[][] = [];
  private turn = 0;
  private readonly pools: ConnectionPool[] = [];
  /** Told of each node this client connects to for the first time (an L1 turns client tracking on there). */
  private connectedTo: ((node: number) => void) | null = null;
  private refreshing = false;
  /** Requests waiting for a refresh before they are resent (onMoved refresh-first), and the number of the last refresh asked. */
  private readonly afterRefresh: number[] = [];
  private refreshes = 0;
  private readonly onRefreshTimeout: EventHandler = (refresh) => {
    if (this.refreshing && refresh === this.refreshes) this.refreshed();
  };
  private readonly settings: ClusterClientSettings;
  private readonly slotSplitter: RequestSplitter;
  private lastRefreshNs = -Infinity;
  /** When the map in use was last loaded whole (the start, or a refresh's answer). */
  private mapLoadedNs: number;
  private readonly refreshUp = new Channel();
  private readonly refreshDown = new Channel();
  private readonly signal: Signal<ClientRedirect>;
  private readonly record: ClientRedirect = { outcome: 0 };
  private readonly splitter: RequestSplitter;
  private readonly onTryAgain: EventHandler = (req) => this.send(this.route(this.nodeOf(req), req), req);
  private readonly onClusterDownRetry: EventHandler = (req) => this.resend(req);

  constructor(
    private readonly ctx: ClientContext,
    private readonly params: ClientParams,
    private readonly cluster: ClusterClientParams,
    private readonly cpu: HostCpu,
    readonly host: number,
    private readonly access: ClusterAccess,
    private readonly slotOfKey: Uint16Array,
    initialMap: Int16Array,
    initialRoles: Int16Array,
    readThrough: boolean,
    ttlRng: Rng,
  ) {
    this.map = initialMap;
    this.mapLoadedNs = ctx.engine.now;
    this.learnRoles(initialRoles);
    this.completion = new RequestCompletion(ctx, params, cpu, host, readThrough, ttlRng, (req) => this.submit(req),
      (part) => this.partDone(part, ctx.requests.outcome[part]!, true));
    this.signal = ctx.bus.signal<ClientRedirect>(CLIENT_REDIRECT);
    this.splitter = new RequestSplitter(ctx.requests, ctx.factory, false);
    this.slotSplitter = new RequestSplitter(ctx.requests, ctx.factory, true);
    this.settings = clusterClientSettings(cluster);
  }

  /** The node this client believes owns `slot`. */
  slotOwner(slot: number): number {
    return this.map[slot]!;
  }

  /** Issues request row `req`; one over several slots is split, refused or sent as is, as the settings say. */
  submit(req: number): void {
    const t = this.ctx.requests;
    const op = t.op[req]!;
    if (this.ctx.engine.now - this.mapLoadedNs > this.settings.maxMapAgeNs) this.refresh(this.nextNode(this.nodeOf(req)), false);
    if (t.commandCount[req]! > 1 && this.splitter.spans(req, this.slotOf)) {
      const s = this.settings;
      const multiKey = op === Op.mget || op === Op.mset;
      // A write-back after a multi-key miss is the application's pipeline of SETs.
      const pipelined = op === Op.pipeline || op === Op.populate;
      const split = pipelined ? s.pipelines : multiKey ? s.multiKey : null;
      if (split === 'split-per-node') {
        this.splitter.split(req, this.nodeOfKey, this.sendPart);
        return;
      }
      if (split === 'split-per-slot') {
        this.slotSplitter.split(req, this.slotOf, this.sendSlotPart);
        return;
      }
      const refused = multiKey ? s.multiKey === 'refuse'
        : pipelined ? s.pipelines === 'refuse' && this.splitter.spans(req, this.nodeOfKey)
          : (op === Op.multi || op === Op.eval) && s.transactions === 'refuse';
      if (refused) {
        t.outcome[req] = Outcome.crossslot;
        this.completion.replied(req);
        return;
      }
    }
    this.send(this.route(this.nodeOf(req), req), req);
  }

  private learnRoles(roles: Int16Array): void {
    this.replicasOf = Array.from(roles, () => []);
    roles.forEach((primary, node) => {
      if (primary >= 0) this.replicasOf[primary]!.push(node);
    });
    if (this.cluster.readFrom === 'nearest') this.nearestOf = this.replicasOf.map((replicas, owner) => this.nearestCopies(owner, replicas));
  }

  /** Of `owner` and its replicas, those nearest to this host (same zone, else same region, else any). */
  private nearestCopies(owner: number, replicas: readonly number[]): number[] {
    const network = this.ctx.network;
    const copies = [owner, ...replicas];
    const distance = copies.map((node) => network.distance(this.host, this.access.endpoint(node).host));
    const best = Math.min(...distance);
    return copies.filter((_, i) => distance[i] === best);
  }

  /** The node to send `req` to when `owner` owns its slots: for a read-only request, a replica in turn (readFrom replica) or the nearest copy (readFrom nearest). */
  private route(owner: number, req: number): number {
    const readFrom = this.cluster.readFrom;
    if (readFrom === 'primary' || owner < 0) return owner;
    const t = this.ctx.requests;
    for (let i = req * t.stride, end = i + t.commandCount[req]!; i < end; i++) if (t.cmdOp[i] !== Op.get) return owner;
    const replicas = this.replicasOf[owner];
    if (!replicas || replicas.length === 0) return owner;
    const near = readFrom === 'replica' ? replicas : this.nearestOf[owner]!;
    const node = near.length === 1 ? near[0]! : near[this.turn++ % near.length]!;
    if (node !== owner) t.readonly[req] = 1;
    return node;
  }

  replied(req: number): void {
    const t = this.ctx.requests;
    const outcome = t.outcome[req]!;
    if (outcome === Outcome.clusterdown && this.retryClusterDown(req)) return;
    if (outcome === Outcome.timeout) this.suspect(req, outcome);
    // A profile that does not retry TRYAGAIN hands it to the application, as the other errors.
    const redirected = outcome === Outcome.moved || outcome === Outcome.ask || (outcome === Outcome.tryagain && this.settings.tryAgainRetry !== null);
    if (redirected) this.redirect(req, outcome);
    else if (t.parent[req]! >= 0) this.completion.partReplied(req);
    else this.completion.replied(req);
  }

  failed(req: number, outcome: number): void {
    this.suspect(req, outcome);
    if (this.ctx.requests.parent[req]! >= 0) this.partDone(req, outcome, false);
    else this.completion.failed(req, outcome);
  }

  private nodeOf(req: number): number {
    const t = this.ctx.requests;
    return this.nodeOfKey(t.cmdKey[req * t.stride]!);
  }

  private send(node: number, req: number): void {
    if (node < 0) {
      this.ctx.requests.outcome[req] = Outcome.clusterdown;
      this.replied(req);
      return;
    }
    this.pool(node).submit(req);
  }

  private pool(node: number): ConnectionPool {
    let pool = this.pools[node];
    if (!pool) {
      pool = new ConnectionPool(this.ctx, this.params, this.cpu, this.host, this.access.endpoint(node), this);
      this.pools[node] = pool;
      this.connectedTo?.(node);
    }
    return pool;
  }

  /** Calls `listener` with every node this client has connected to, and from now on with each node it first connects to. */
  onFirstConnection(listener: (node: number) => void): void {
    this.connectedTo = listener;
    this.pools.forEach((_, node) => listener(node));
  }

  /** The node `key` goes to in the map. */
  private readonly nodeOfKey = (key: number): number => this.map[this.slotOfKey[key]!]!;
  private readonly slotOf = (key: number): number => this.slotOfKey[key]!;
  private readonly sendPart = (node: number, part: number): void => this.send(this.route(node, part), part);
  private readonly sendSlotPart = (slot: number, part: number): void => this.send(this.route(this.map[slot]!, part), part);

  /** A part finished (its reply parsed, or failed): merge it into its request, which completes when its last part does. */
  private partDone(part: number, outcome: number, release: boolean): void {
    const req = this.splitter.partDone(part, outcome, release);
    if (req >= 0) this.completion.partsParsed(req);
  }

  private redirect(req: number, outcome: number): void {
    const t = this.ctx.requests;
    if (this.signal.active) {
      this.record.outcome = outcome;
      this.signal.emit(this.record);
    }
    if (++t.redirects[req]! > this.settings.maxRedirects) {
      t.outcome[req] = Outcome.redirect_limit;
      if (t.parent[req]! >= 0) this.partDone(req, Outcome.redirect_limit, true);
      else this.completion.replied(req);
      return;
    }
    t.outcome[req] = Outcome.ok;
    const target = t.redirectNode[req]!;
    if (outcome !== Outcome.ask && t.asking[req] === 1) {
      t.asking[req] = 0;
      t.requestBytes[req]! -= ASKING_BYTES;
    }
    if (outcome === Outcome.moved) {
      const mode = this.settings.onMoved;
      if (mode === 'patch' || mode === 'patch-and-refresh') this.ownMap()[t.redirectSlot[req]!] = target;
      if (mode === 'patch-and-refresh' || mode === 'follow-and-refresh') this.refresh(target, false);
      if (mode === 'refresh-first') {
        this.afterRefresh.push(req);
        this.refresh(target, true);
      } else if (mode === 'follow' || mode === 'follow-and-refresh') this.send(this.route(target, req), req);
      else this.resend(req);
    } else if (outcome === Outcome.ask) {
      if (t.asking[req] === 0) t.requestBytes[req]! += ASKING_BYTES;
      t.asking[req] = 1;
      this.send(target, req);
    } else {
      this.ctx.engine.schedule(retryDelayNs(this.settings.tryAgainRetry!, t.redirects[req]!), this.onTryAgain, req);
    }
  }

  /** CLUSTERDOWN: sent again later by the map as it will be then, if the profile retries it and attempts remain (counted with the redirections). */
  private retryClusterDown(req: number): boolean {
    const retry = this.settings.clusterDownRetry;
    const t = this.ctx.requests;
    if (retry === null || t.redirects[req]! >= Math.min(retry.attempts, this.settings.maxRedirects)) return false;
    const attempt = ++t.redirects[req]!;
    t.outcome[req] = Outcome.ok;
    if (retry.refresh) this.refresh(this.nextNode(this.nodeOf(req)), false);
    this.ctx.engine.schedule(retryDelayNs(retry, attempt), this.onClusterDownRetry, req);
    return true;
  }

  /** The map, copied first if it is still the shared one. */
  private ownMap(): Int16Array {
    if (!this.mapIsOwn) {
      this.map = this.map.slice();
      this.mapIsOwn = true;
    }
    return this.map;
  }

  /** A request failed on its node (`outcome`: a timeout, or a lost or refused connection): the topology may have changed, so refresh the map from the next node, if the profile does on such a failure. */
  private suspect(req: number, outcome: number): void {
    const mode = this.settings.refreshOnFailure;
    if (mode === 'never' || (mode === 'disconnect' && outcome === Outcome.timeout)) return;
    const node = this.nodeOf(req);
    if (node >= 0) this.refresh(this.nextNode(node), false);
  }

  /** The node after `node` in order (the first for −1, a slot no node owns in the map). */
  private nextNode(node: number): number {
    return (node + 1) % this.access.nodeCount;
  }

  /** Sends `req` by the current map: split per node if its keys now span nodes. */
  private resend(req: number): void {
    if (this.ctx.requests.commandCount[req]! > 1 && this.splitter.spans(req, this.nodeOfKey)) this.splitter.split(req, this.nodeOfKey, this.sendPart);
    else this.send(this.route(this.nodeOf(req), req), req);
  }

  /** Refreshes the whole map from `node` (CLUSTER SLOTS), unless a refresh is on its way or (unless `now`) one was made within refreshInterval; requests waiting for it are then resent. */
  private refresh(node: number, now: boolean): void {
    const at = this.ctx.engine.now;
    if (this.refreshing || (!now && at - this.lastRefreshNs < this.settings.refreshIntervalNs)) return;
    this.refreshing = true;
    this.lastRefreshNs = at;
    const refresh = ++this.refreshes;
    this.access.clusterSlots(node, this.host, this.refreshUp, this.refreshDown, (owner, roles) => {
      this.ownMap().set(owner);
      this.mapLoadedNs = this.ctx.engine.now;
      this.learnRoles(roles);
      if (refresh === this.refreshes) this.refreshed();
    });
    this.ctx.engine.schedule(this.params.timeout, this.onRefreshTimeout, refresh);
  }

  /** A refresh ended (answered, or timed out: its node is down): the requests waiting for it are resent by the map as it is. */
  private refreshed(): void {
    this.refreshing = false;
    const waiting = this.afterRefresh.splice(0);
    for (const req of waiting) this.resend(req);
  }
}
