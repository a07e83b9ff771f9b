// A client of a primary with replicas (no cluster): one connection pool per node; writes go to the
// primary; read-only requests go to the primary, to the replicas in turn, or to the nearest node
// (a replica in the client's own zone if there is one, else the primary), as configured.
// Parameters: readFrom (primary | replica | nearest); ClientParams.
import { ConnectionPool } from './connection-pool.js';
import { RequestCompletion } from './request-completion.js';
/** The nodes (indexes into `nodes`, the primary first) a client on `host` reads from; empty: the primary. */
export function readTargets(network, host, nodes, readFrom) {
    const replicas = nodes.map((_, i) => i).slice(1);
    const zone = network.zoneOf(host);
    const near = replicas.filter((i) => network.zoneOf(nodes[i].host) === zone);
    return readFrom === 'primary' ? [] : readFrom === 'replica' ? replicas : near;
}
export class ReplicatedClient {
    ctx;
    host;
    completion;
    /** Pools to the primary (index 0) and each replica. */
    pools;
    /** The nodes read-only requests go to, in turn. */
    readers;
    turn = 0;
    constructor(ctx, params, cpu, host, nodes, readFrom, readThrough, ttlRng) {
        this.ctx = ctx;
        this.host = host;
        this.completion = new RequestCompletion(ctx, params, cpu, host, readThrough, ttlRng, (req) => this.submit(req));
        const owner = { replied: (req) => this.completion.replied(req), failed: (req, outcome) => this.completion.failed(req, outcome) };
        this.pools = nodes.map((n) => new ConnectionPool(ctx.engine, ctx.network, ctx.requests, params, cpu, host, n, owner, ctx.usage));
        const readers = readTargets(ctx.network, host, nodes, readFrom);
        this.readers = readers.length > 0 ? readers : [0];
    }
    submit(req) {
        const node = this.ctx.requests.readsOnly(req) ? this.readers[this.turn++ % this.readers.length] : 0;
        this.pools[node].submit(req);
    }
}
//# sourceMappingURL=replicated-client.js.map