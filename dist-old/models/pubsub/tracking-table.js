// Redis client tracking (server-assisted client-side caching) on one Redis process, RESP2 style:
// each registered client host has a connection subscribed to __redis__:invalidate (REDIRECT), so an
// invalidation travels on its own connection and can overtake the reply of a GET (the race the
// Redis docs describe).
// - Default mode: the server remembers, per key, the clients that read it; when the key is
//   modified (write, delete, expiry, eviction, a write applied by replication) each of them gets
//   one invalidation at once and the key is forgotten (one-shot: it must be read again to be
//   tracked again).
// - BCAST: nothing is remembered; every modified key is collected and flushed as one message per
//   client when the thread gets to it (a task queued behind the work already waiting: Redis
//   flushes in beforeSleep, once per event-loop iteration).
// Abstracted away: tracking-table-max-keys (1,000,000; the table is never full here), OPTIN/OPTOUT,
// prefixes (BCAST covers all keys), NOLOOP (the writer also gets the invalidation).
import { idIndex } from '../../sim/collections/id-index.js';
import { IntHashMap } from '../../sim/collections/int-hash-map.js';
import { Channel } from '../network/network.js';
import { Purpose } from '../signals.js';
import { trackingInvalidationBytes } from '../workload/wire-sizes.js';
export class TrackingTable {
    network;
    server;
    keyBytes;
    broadcast;
    clients = [];
    clientOfHost = new IntHashMap(16);
    /** Default mode: key → first node of its list of clients (an index sized by the server's share of the keys); nodes in typed arrays with a free list. */
    heads;
    nodeClient = new Int32Array(64);
    nodeNext = new Int32Array(64);
    freeNodes = Array.from({ length: 64 }, (_, i) => 63 - i);
    /** BCAST: keys modified since the last flush, and the flushed batches still on their way. */
    pending = [];
    flushQueued = false;
    batches = new Map();
    nextBatch = 0;
    kind;
    constructor(network, server, keyBytes, broadcast) {
        this.network = network;
        this.server = server;
        this.keyBytes = keyBytes;
        this.broadcast = broadcast;
        this.kind = server.addTask(this);
        this.heads = idIndex(server.options.keyCount, server.options.expectedKeyShare ?? 1);
        server.keyObserver = this;
    }
    /** CLIENT TRACKING on (REDIRECT to a connection from `host`); `onKey` gets a key, `onBatch` a batch id. */
    register(host, onKey, onBatch) {
        this.clientOfHost.set(host, this.clients.length);
        this.clients.push({ host, channel: new Channel(), onKey, onBatch });
    }
    /** The keys of batch `id`; the receiver calls `delivered` once it has applied them. */
    batchKeys(id) {
        return this.batches.get(id).keys;
    }
    delivered(id) {
        const b = this.batches.get(id);
        if (--b.undelivered === 0)
            this.batches.delete(id);
    }
    read(key, clientHost) {
        if (this.broadcast)
            return;
        const client = this.clientOfHost.get(clientHost);
        if (client < 0)
            return;
        const head = this.heads.get(key);
        for (let n = head; n >= 0; n = this.nodeNext[n])
            if (this.nodeClient[n] === client)
                return;
        const node = this.allocNode();
        this.nodeClient[node] = client;
        this.nodeNext[node] = head;
        this.heads.set(key, node);
    }
    modified(key) {
        if (this.broadcast) {
            if (this.clients.length === 0)
                return;
            this.pending.push(key);
            if (!this.flushQueued) {
                this.flushQueued = true;
                this.server.submitTask(this.kind, 0);
            }
            return;
        }
        const head = this.heads.get(key);
        if (head < 0)
            return;
        this.heads.delete(key);
        const bytes = trackingInvalidationBytes(1, this.keyBytes);
        for (let n = head; n >= 0;) {
            const c = this.clients[this.nodeClient[n]];
            this.network.send(this.server.options.host, c.host, bytes, Purpose.pubsub, c.channel, c.onKey, key);
            const next = this.nodeNext[n];
            this.freeNodes.push(n);
            n = next;
        }
    }
    begin() {
        return this.server.params.cost.command + this.server.params.cost.perKey * this.pending.length;
    }
    /** BCAST flush: one message with every pending key to each client. */
    finish() {
        this.flushQueued = false;
        if (this.pending.length === 0)
            return;
        const id = this.nextBatch++;
        this.batches.set(id, { keys: this.pending, undelivered: this.clients.length });
        const bytes = trackingInvalidationBytes(this.pending.length, this.keyBytes);
        this.pending = [];
        for (const c of this.clients)
            this.network.send(this.server.options.host, c.host, bytes, Purpose.pubsub, c.channel, c.onBatch, id);
    }
    allocNode() {
        if (this.freeNodes.length === 0) {
            const n = this.nodeClient.length;
            this.nodeClient = grow(this.nodeClient, 2 * n);
            this.nodeNext = grow(this.nodeNext, 2 * n);
            for (let i = 2 * n - 1; i >= n; i--)
                this.freeNodes.push(i);
        }
        return this.freeNodes.pop();
    }
}
function grow(a, n) {
    const b = new Int32Array(n);
    b.set(a);
    return b;
}
//# sourceMappingURL=tracking-table.js.map