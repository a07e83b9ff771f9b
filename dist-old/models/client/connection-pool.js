// A pool of connections from one application host to one server endpoint (a Redis client's pool):
// one request outstanding per connection, further requests wait FIFO for a free one, at most
// `timeout` (a request that waited longer fails without being sent, at its deadline even if no
// connection frees up: go-redis's PoolTimeout, Jedis's maxWait); client CPU per request on the
// host's cores; a per-attempt timeout counted from the write, as a socket read timeout is
// (go-redis ReadTimeout, Jedis soTimeout, redis-py socket_timeout: redis/go-redis v9 options.go
// and internal/pool), after which the connection is closed, since its reply stream is out of step,
// and reopened (TCP handshake: one round trip) and the request retried after a backoff, up to
// `retries` times; a handshake not answered within the timeout is sent again (connect timeout).
// The server may close the connections (CLIENT KILL): requests outstanding on them are retried
// or fail as `disconnected`, and the connections reopen. Replies go to the pool's owner; so does a
// request whose retries ran out, and the news that a connection timed out or was closed.
// Free connections are chosen as in idle-connections.ts (a user keeps its connection).
// Parameters: poolSize, requestCpu (ns), timeout (ns), retries, retryBackoff (ns).
import { IntQueue } from '../../sim/collections/int-queue.js';
import { Outcome, Purpose } from '../signals.js';
import { Connection } from './connection.js';
import { BusyMeter } from '../host/busy-meter.js';
import { IdleConnections } from './idle-connections.js';
/** Bytes of a TCP handshake segment (SYN, SYN-ACK) with options. */
const HANDSHAKE_BYTES = 74;
export class ConnectionPool {
    engine;
    network;
    requests;
    params;
    cpu;
    host;
    endpoint;
    owner;
    connections = [];
    idle;
    waiting = new IntQueue();
    onSendCpuDone = (conn) => this.transmit(this.connections[conn]);
    onRetry = (req) => (this.owner.retry ? this.owner.retry(req) : this.submit(req));
    onConnected = (conn) => this.connected(this.connections[conn]);
    onConnectTimeout = (conn) => this.connectTimer(this.connections[conn]);
    onQueueTimer = () => this.expireQueued();
    queueTimerArmed = false;
    /** Connections with a request outstanding over time (a UsageSource of kind pool, capacity poolSize). */
    inUse = new BusyMeter();
    constructor(engine, network, requests, params, cpu, host, endpoint, owner, usage) {
        this.engine = engine;
        this.network = network;
        this.requests = requests;
        this.params = params;
        this.cpu = cpu;
        this.host = host;
        this.endpoint = endpoint;
        this.owner = owner;
        usage.push({
            name: `${network.hostName(host)} → ${network.hostName(endpoint.host)}`, kind: 'pool', capacity: params.poolSize,
            busyNsAt: (now) => this.inUse.busyNsAt(now),
        });
        for (let i = 0; i < params.poolSize; i++) {
            this.connections.push(new Connection(i, (req) => this.reply(this.connections[i], req), () => this.timer(this.connections[i]), () => network.send(endpoint.host, host, HANDSHAKE_BYTES, Purpose.connect, this.connections[i].down, this.onConnected, i)));
        }
        this.idle = new IdleConnections(params.poolSize);
        for (let i = params.poolSize - 1; i >= 0; i--)
            this.idle.push(i);
    }
    /** Sends row `req` on a free connection, or queues it until one is free. */
    submit(req) {
        this.requests.clientHost[req] = this.host;
        this.requests.sentNs[req] = this.engine.now;
        const conn = this.idle.take(this.requests.owner[req]);
        if (conn >= 0) {
            this.send(this.connections[conn], req);
            return;
        }
        this.waiting.push(req);
        if (!this.queueTimerArmed) {
            this.queueTimerArmed = true;
            this.engine.at(this.engine.now + this.params.timeout, this.onQueueTimer);
        }
    }
    /** Fails the queued requests whose deadline has passed; re-arms for the oldest one left. */
    expireQueued() {
        this.queueTimerArmed = false;
        const t = this.requests;
        while (this.waiting.length > 0 && this.engine.now - t.sentNs[this.waiting.peek()] >= this.params.timeout)
            this.expire(this.waiting.shift());
        if (this.waiting.length > 0) {
            this.queueTimerArmed = true;
            this.engine.at(t.sentNs[this.waiting.peek()] + this.params.timeout, this.onQueueTimer);
        }
    }
    send(conn, req) {
        const t = this.requests;
        this.inUse.change(this.engine.now, 1);
        conn.req = req;
        this.idle.carry(conn.id, t.owner[req]);
        t.attempts[req]++;
        t.connection[req] = conn.id;
        t.replyHandler[req] = conn.onReply;
        t.replyChannel[req] = conn.down;
        conn.deadlineNs = this.engine.now + this.params.timeout;
        if (!conn.timerArmed) {
            conn.timerArmed = true;
            this.engine.at(conn.deadlineNs, conn.onTimer, conn.id);
        }
        if (this.params.requestCpu > 0)
            this.cpu.run(this.params.requestCpu, this.onSendCpuDone, conn.id);
        else
            this.transmit(conn);
    }
    transmit(conn) {
        const req = conn.req;
        if (req < 0)
            return;
        this.network.send(this.host, this.endpoint.host, this.requests.requestBytes[req], Purpose.client, conn.up, this.endpoint.onRequest, req);
    }
    timer(conn) {
        conn.timerArmed = false;
        if (conn.req < 0)
            return;
        if (this.engine.now < conn.deadlineNs) {
            conn.timerArmed = true;
            this.engine.at(conn.deadlineNs, conn.onTimer, conn.id);
            return;
        }
        this.drop(conn, Outcome.timeout);
    }
    /** The server closed every connection (CLIENT KILL): they reopen; requests on them are retried or fail. */
    closedByServer() {
        this.idle.clear();
        for (const conn of this.connections)
            if (!conn.broken)
                this.drop(conn, Outcome.disconnected);
    }
    /** The connection is gone: its request (if any) is abandoned and retried or failed with `outcome`; it reopens. */
    drop(conn, outcome) {
        const t = this.requests;
        const req = conn.req;
        if (req >= 0)
            this.inUse.change(this.engine.now, -1);
        conn.req = -1;
        conn.broken = true;
        this.reconnect(conn);
        this.owner.lost?.();
        if (req < 0)
            return;
        t.abandoned[req] = 1;
        if (t.attempts[req] <= this.params.retries) {
            this.engine.schedule(this.params.retryBackoff, this.onRetry, t.copy(req));
        }
        else {
            this.owner.failed(req, outcome);
        }
    }
    /** Sends a handshake on a broken connection, and again after a timeout if no answer came (one connect timer per connection, like the request timer). */
    reconnect(conn) {
        if (!conn.broken)
            return;
        this.network.send(this.host, this.endpoint.host, HANDSHAKE_BYTES, Purpose.connect, conn.up, conn.onHandshake, conn.id);
        conn.connectDeadlineNs = this.engine.now + this.params.timeout;
        if (conn.connectTimerArmed)
            return;
        conn.connectTimerArmed = true;
        this.engine.at(conn.connectDeadlineNs, this.onConnectTimeout, conn.id);
    }
    connectTimer(conn) {
        conn.connectTimerArmed = false;
        if (!conn.broken)
            return;
        if (this.engine.now < conn.connectDeadlineNs) {
            conn.connectTimerArmed = true;
            this.engine.at(conn.connectDeadlineNs, this.onConnectTimeout, conn.id);
            return;
        }
        this.reconnect(conn);
    }
    connected(conn) {
        if (!conn.broken)
            return;
        conn.broken = false;
        this.dispatch(conn);
    }
    reply(conn, req) {
        const t = this.requests;
        if (t.abandoned[req] === 1) {
            t.release(req);
            return;
        }
        conn.req = -1;
        this.inUse.change(this.engine.now, -1);
        this.dispatch(conn);
        this.owner.replied(req);
    }
    /** A queued request whose deadline passed fails without being sent. */
    expire(req) {
        this.requests.outcome[req] = Outcome.timeout;
        this.owner.replied(req);
    }
    /** Gives a free, healthy connection the next waiting request, or returns it to the idle set. */
    dispatch(conn) {
        if (conn.broken)
            return;
        const t = this.requests;
        while (this.waiting.length > 0) {
            const req = this.waiting.shift();
            if (this.engine.now - t.sentNs[req] < this.params.timeout) {
                this.send(conn, req);
                return;
            }
            this.expire(req);
        }
        this.idle.push(conn.id);
    }
}
//# sourceMappingURL=connection-pool.js.map