// A twemproxy-like proxy process on its own host: one single-threaded event loop (a FIFO executor).
// A client request costs `requestCpu` of its thread, then is split into one fragment per server its
// keys map to (the same shard maps as client-side sharding; an MGET becomes one MGET per server) and
// each fragment is written to that server over a pipelined connection (backend-connection.ts). Each
// server reply costs `replyCpu`; when the last fragment is in, the reassembled reply goes back to the
// client. So a GET pays two extra network legs and the proxy's CPU, and a busy proxy queues.
// Faults: pause (SIGSTOP: everything queues), crash (queued work and fragments in flight are lost;
// replies still on their way are discarded; clients time out), restart (an empty process).
// Replies come back in order, so when a reply arrives, the fragments written before it on that
// connection that are still unanswered were lost (a crashed server, a lossy link): they are dropped,
// and their clients time out (twemproxy would answer an error when the server closes the connection).
// Abstracted away: twemproxy's batching of several requests into one write (each fragment is its own
// message), its server timeout and auto_eject_hosts (not modeled: a dead server's fragments are never
// answered and the client's timeout decides), memory and the client-connection limit.
// Parameters: proxy-params.ts (requestCpu, replyCpu ns; serverConnections).
import { RequestSplitter } from '../client/request-splitter.js';
import { FifoExecutor } from '../host/fifo-executor.js';
import { Purpose } from '../signals.js';
import { BackendConnection } from './backend-connection.js';
export class ProxyProcess {
    engine;
    network;
    requests;
    params;
    host;
    backends;
    map;
    executor;
    /** Client requests arrive here (an Endpoint's handler); a crashed proxy drops them. */
    onRequest = (req) => {
        if (!this.crashed)
            this.executor.submit(req);
    };
    crashed = false;
    connections = [];
    /** Connections to each server (node index), created on first use, and the next one to use. */
    links = [];
    turns = [];
    splitter;
    serverOf = (key) => this.map.serverOf(key);
    forward = (node, part) => this.send(node, part);
    onBackendReply = (part) => this.backendReplied(part);
    constructor(engine, network, requests, factory, params, host, backends, map) {
        this.engine = engine;
        this.network = network;
        this.requests = requests;
        this.params = params;
        this.host = host;
        this.backends = backends;
        this.map = map;
        this.executor = new FifoExecutor(engine, this);
        this.splitter = new RequestSplitter(requests, factory, true);
    }
    useMap(map) {
        this.map = map;
    }
    /** Jobs: a client request row (≥ 0), or −1 − the row of a fragment whose reply came in. */
    begin(job) {
        return job >= 0 ? this.params.requestCpu : this.params.replyCpu;
    }
    finish(job) {
        if (job >= 0)
            this.splitter.split(job, this.serverOf, this.forward);
        else
            this.merge(-1 - job);
    }
    /** The process dies: queued work is lost, fragments in flight will be discarded when answered. */
    crash() {
        this.crashed = true;
        const t = this.requests;
        for (const job of this.executor.clear())
            if (job < 0)
                t.release(-1 - job);
        for (const c of this.connections)
            while (c.outstanding.length > 0)
                t.abandoned[c.outstanding.shift()] = 1;
    }
    restart() {
        this.crashed = false;
    }
    link(node) {
        let links = this.links[node];
        if (!links) {
            links = Array.from({ length: this.params.serverConnections }, () => {
                const c = new BackendConnection(this.connections.length);
                this.connections.push(c);
                return c;
            });
            this.links[node] = links;
            this.turns[node] = 0;
        }
        return links[this.turns[node]++ % links.length];
    }
    send(node, part) {
        const t = this.requests;
        const conn = this.link(node);
        const backend = this.backends[node];
        t.clientHost[part] = this.host;
        t.sentNs[part] = this.engine.now;
        t.connection[part] = conn.id;
        t.replyHandler[part] = this.onBackendReply;
        t.replyChannel[part] = conn.down;
        conn.outstanding.push(part);
        this.network.send(this.host, backend.host, t.requestBytes[part], Purpose.client, conn.up, backend.onRequest, part);
    }
    backendReplied(part) {
        const t = this.requests;
        if (t.abandoned[part] === 1) {
            t.release(part);
            return;
        }
        const outstanding = this.connections[t.connection[part]].outstanding;
        for (let oldest = outstanding.shift(); oldest !== part; oldest = outstanding.shift())
            t.release(oldest);
        this.executor.submit(-1 - part);
    }
    merge(part) {
        const t = this.requests;
        const req = this.splitter.partDone(part, t.outcome[part], true);
        if (req < 0)
            return;
        this.network.send(this.host, t.clientHost[req], t.replyBytes[req], Purpose.client, t.replyChannel[req], t.replyHandler[req], req);
    }
}
//# sourceMappingURL=proxy.js.map