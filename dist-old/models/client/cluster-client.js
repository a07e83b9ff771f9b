// A smart Redis Cluster client on one application host (REDIS-MODEL §5.1, the cluster spec's
// client rules): a cached slot → node map; one connection pool per node; each request goes to the
// node owning its key's slot in the map. MOVED: update that slot, re-send to the named node, and
// refresh the whole map with CLUSTER SLOTS (one at a time, at most one per refreshInterval). ASK: re-send once to the named
// node preceded by ASKING, map unchanged. TRYAGAIN: re-send after a delay. CROSSSLOT, CLUSTERDOWN,
// OOM: the application gets the error. A timeout (a node that hangs or died) refreshes the map
// from another node, as Lettuce's and Jedis's topology refresh on connection trouble does. MGET over several slots: with split-per-node, one pipeline
// of GETs per node (one round trip each, in parallel; request-splitter.ts); with crossslot, sent as is. Pipelines are
// split per node the same way. After maxRedirects redirections the request fails. With readFrom
// replica, read-only requests go to the owner's replicas in turn (READONLY), as learned from
// CLUSTER SLOTS.
// Parameters: see ClusterClientParams (cluster-params.ts) and ClientParams.
import { Channel } from '../network/network.js';
import { CLIENT_REDIRECT, Op, Outcome } from '../signals.js';
import { ConnectionPool } from './connection-pool.js';
import { RequestCompletion } from './request-completion.js';
import { RequestSplitter } from './request-splitter.js';
/** Bytes of the ASKING command sent before a command after an ASK redirection. */
const ASKING_BYTES = 20;
export class ClusterClient {
    ctx;
    params;
    cluster;
    cpu;
    host;
    access;
    slotOfKey;
    completion;
    map;
    /** Replicas of each node as last learned (CLUSTER SLOTS), and a turn counter for read-from-replica. */
    replicasOf = [];
    turn = 0;
    pools = [];
    refreshing = false;
    lastRefreshNs = -Infinity;
    refreshUp = new Channel();
    refreshDown = new Channel();
    signal;
    record = { outcome: 0 };
    splitter;
    onTryAgain = (req) => this.send(this.route(this.nodeOf(req), req), req);
    constructor(ctx, params, cluster, cpu, host, access, slotOfKey, initialMap, initialRoles, readThrough, ttlRng) {
        this.ctx = ctx;
        this.params = params;
        this.cluster = cluster;
        this.cpu = cpu;
        this.host = host;
        this.access = access;
        this.slotOfKey = slotOfKey;
        this.map = initialMap.slice();
        this.learnRoles(initialRoles);
        this.completion = new RequestCompletion(ctx, params, cpu, host, readThrough, ttlRng, (req) => this.submit(req));
        this.signal = ctx.bus.signal(CLIENT_REDIRECT);
        this.splitter = new RequestSplitter(ctx.requests, ctx.factory, false);
    }
    /** The node this client believes owns `slot`. */
    slotOwner(slot) {
        return this.map[slot];
    }
    /** Issues request row `req`, splitting a multi-slot MGET or pipeline per node. */
    submit(req) {
        const t = this.ctx.requests;
        const n = t.commandCount[req];
        const op = t.op[req];
        if (n > 1 && (op === Op.pipeline || (op === Op.mget && this.cluster.multiKey === 'split-per-node')) && this.splitter.spans(req, this.slotOf)) {
            this.splitter.split(req, this.nodeOfKey, this.sendPart);
            return;
        }
        this.send(this.route(this.nodeOf(req), req), req);
    }
    learnRoles(roles) {
        this.replicasOf = Array.from(roles, () => []);
        roles.forEach((primary, node) => {
            if (primary >= 0)
                this.replicasOf[primary].push(node);
        });
    }
    /** The node to send `req` to when `owner` owns its slots: a replica in turn for a read-only request with readFrom replica. */
    route(owner, req) {
        if (this.cluster.readFrom !== 'replica' || owner < 0)
            return owner;
        const t = this.ctx.requests;
        for (let i = req * t.stride, end = i + t.commandCount[req]; i < end; i++)
            if (t.cmdOp[i] !== Op.get)
                return owner;
        const replicas = this.replicasOf[owner];
        if (!replicas || replicas.length === 0)
            return owner;
        t.readonly[req] = 1;
        return replicas[this.turn++ % replicas.length];
    }
    replied(req) {
        const t = this.ctx.requests;
        const outcome = t.outcome[req];
        if (outcome === Outcome.timeout)
            this.suspect(req);
        if (outcome === Outcome.moved || outcome === Outcome.ask || outcome === Outcome.tryagain)
            this.redirect(req, outcome);
        else if (t.parent[req] >= 0)
            this.partDone(req, outcome, true);
        else
            this.completion.replied(req);
    }
    failed(req, outcome) {
        this.suspect(req);
        if (this.ctx.requests.parent[req] >= 0)
            this.partDone(req, outcome, false);
        else
            this.completion.failed(req, outcome);
    }
    nodeOf(req) {
        const t = this.ctx.requests;
        return this.nodeOfKey(t.cmdKey[req * t.stride]);
    }
    send(node, req) {
        if (node < 0) {
            this.ctx.requests.outcome[req] = Outcome.clusterdown;
            this.replied(req);
            return;
        }
        this.pool(node).submit(req);
    }
    pool(node) {
        let pool = this.pools[node];
        if (!pool) {
            pool = new ConnectionPool(this.ctx.engine, this.ctx.network, this.ctx.requests, this.params, this.cpu, this.host, this.access.endpoint(node), this, this.ctx.usage);
            this.pools[node] = pool;
        }
        return pool;
    }
    /** The node `key` goes to in the map. */
    nodeOfKey = (key) => this.map[this.slotOfKey[key]];
    slotOf = (key) => this.slotOfKey[key];
    sendPart = (node, part) => this.send(this.route(node, part), part);
    /** A part finished: merge it into its request, which completes when its last part does. */
    partDone(part, outcome, release) {
        const req = this.splitter.partDone(part, outcome, release);
        if (req >= 0)
            this.completion.replied(req);
    }
    redirect(req, outcome) {
        const t = this.ctx.requests;
        if (this.signal.active) {
            this.record.outcome = outcome;
            this.signal.emit(this.record);
        }
        if (++t.redirects[req] > this.cluster.maxRedirects) {
            t.outcome[req] = Outcome.redirect_limit;
            if (t.parent[req] >= 0)
                this.partDone(req, Outcome.redirect_limit, true);
            else
                this.completion.replied(req);
            return;
        }
        t.outcome[req] = Outcome.ok;
        const target = t.redirectNode[req];
        if (outcome !== Outcome.ask && t.asking[req] === 1) {
            t.asking[req] = 0;
            t.requestBytes[req] -= ASKING_BYTES;
        }
        if (outcome === Outcome.moved) {
            this.map[t.redirectSlot[req]] = target;
            this.refresh(target);
            if (t.commandCount[req] > 1 && this.splitter.spans(req, this.nodeOfKey))
                this.splitter.split(req, this.nodeOfKey, this.sendPart);
            else
                this.send(this.route(target, req), req);
        }
        else if (outcome === Outcome.ask) {
            if (t.asking[req] === 0)
                t.requestBytes[req] += ASKING_BYTES;
            t.asking[req] = 1;
            this.send(target, req);
        }
        else {
            this.ctx.engine.schedule(this.cluster.tryAgainDelay, this.onTryAgain, req);
        }
    }
    /** A request to a node timed out: the topology may have changed, so refresh the map from the next node. */
    suspect(req) {
        const node = this.nodeOf(req);
        if (node >= 0)
            this.refresh((node + 1) % this.access.nodeCount);
    }
    /** Refreshes the whole map from `node` (CLUSTER SLOTS), unless a refresh is already on its way. */
    refresh(node) {
        const now = this.ctx.engine.now;
        if (this.refreshing || now - this.lastRefreshNs < this.cluster.refreshInterval)
            return;
        this.refreshing = true;
        this.lastRefreshNs = now;
        this.access.clusterSlots(node, this.host, this.refreshUp, this.refreshDown, (owner, roles) => {
            this.map.set(owner);
            this.learnRoles(roles);
            this.refreshing = false;
        });
    }
}
//# sourceMappingURL=cluster-client.js.map