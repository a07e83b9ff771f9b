// A Sentinel-aware client (REDIS-MODEL §8, sentinel-clients.md): it asks a sentinel
// `SENTINEL get-master-addr-by-name` at start and again whenever a connection to a server times out
// or is closed by it (CLIENT KILL after a promotion or reconfiguration) or a write is answered
// -READONLY (a demoted master); without an answer within the client timeout it asks the next
// sentinel. Writes, and reads unless readFrom sends them to replicas, go to the master it was last
// told; requests in flight elsewhere finish or time out under the pool's rules (connection-pool.ts),
// and retries go to the master known at the time. One question at a time; requests issued before
// the first answer wait for it. One connection pool per data server.
// Abstracted: the ROLE check after connecting, +switch-master subscriptions, connect timeouts to sentinels.
// Parameters: readFrom; ClientParams (timeout also bounds the wait for a sentinel's answer).
import { IntQueue } from '../../sim/collections/int-queue.js';
import { SentinelType } from '../sentinel/sentinel-message.js';
import { GET_ADDR_BYTES } from '../sentinel/sentinel-wire.js';
import { Outcome } from '../signals.js';
import { ConnectionPool } from './connection-pool.js';
import { readTargets } from './replicated-client.js';
import { RequestCompletion } from './request-completion.js';
export class SentinelClient {
    ctx;
    params;
    host;
    fabric;
    index;
    completion;
    pools;
    used;
    readers;
    turn = 0;
    /** The master as last told by a sentinel (data server index), −1 before the first answer. */
    master = -1;
    waiting = new IntQueue();
    /** Number of the question awaiting an answer (0: none), and of the last one asked. */
    asked = 0;
    questions = 0;
    sentinel = 0;
    onKilled = (server) => this.pools[server].closedByServer();
    onAskTimeout = (question) => {
        if (question !== this.asked)
            return;
        this.asked = 0;
        this.sentinel = (this.sentinel + 1) % this.fabric.sentinels;
        this.resolve();
    };
    constructor(ctx, params, cpu, host, nodes, readFrom, readThrough, ttlRng, fabric, index) {
        this.ctx = ctx;
        this.params = params;
        this.host = host;
        this.fabric = fabric;
        this.index = index;
        this.completion = new RequestCompletion(ctx, params, cpu, host, readThrough, ttlRng, (req) => this.submit(req));
        const owner = {
            replied: (req) => {
                if (ctx.requests.outcome[req] === Outcome.readonly)
                    this.resolve();
                this.completion.replied(req);
            },
            failed: (req, outcome) => this.completion.failed(req, outcome),
            lost: () => this.resolve(),
            retry: (req) => this.submit(req),
        };
        this.pools = nodes.map((n) => new ConnectionPool(ctx.engine, ctx.network, ctx.requests, params, cpu, host, n, owner, ctx.usage));
        this.used = new Uint8Array(nodes.length);
        this.readers = readTargets(ctx.network, host, nodes, readFrom);
    }
    submit(req) {
        const node = this.readers.length > 0 && this.ctx.requests.readsOnly(req) ? this.readers[this.turn++ % this.readers.length] : this.master;
        if (node < 0) {
            this.waiting.push(req);
            return;
        }
        this.used[node] = 1;
        this.pools[node].submit(req);
    }
    /** Asks a sentinel where the master is, unless a question is already out. */
    resolve() {
        if (this.asked !== 0)
            return;
        this.asked = ++this.questions;
        const fabric = this.fabric;
        const id = fabric.pool.alloc(SentinelType.getAddr, -1, fabric.data + this.sentinel, GET_ADDR_BYTES);
        const m = fabric.pool.get(id);
        m.client = this.index;
        m.epoch = this.asked;
        fabric.sendFromClient(id);
        this.ctx.engine.schedule(this.params.timeout, this.onAskTimeout, this.asked);
    }
    addressed(question, master) {
        if (question !== this.asked)
            return;
        this.asked = 0;
        this.master = master;
        while (this.waiting.length > 0)
            this.submit(this.waiting.shift());
    }
    connectedTo(server) {
        return this.used[server] === 1;
    }
}
//# sourceMappingURL=sentinel-client.js.map