// What the sentinels, the monitored instances and the Sentinel clients of one topology share: the
// processes (data servers first, then sentinels, each a Redis process on its own host), the message
// pool, the network path of their messages (purpose `sentinel`, one TCP connection per pair of
// processes, so a pair's messages stay in order), the replication hub, the clients (told when a
// server closes their connections), and the failover events and lost-write signal.
import { Channel } from '../network/network.js';
import { CLUSTER_EVENT, Purpose, REPLICATION_LOST } from '../signals.js';
import { SentinelMessagePool } from './sentinel-message.js';
import { FIN_BYTES } from './sentinel-wire.js';
export class SentinelFabric {
    engine;
    network;
    processes;
    data;
    replication;
    timing;
    pool = new SentinelMessagePool();
    /** Per process: hands it an arrived message (queued on its thread). */
    receivers = [];
    clients = [];
    /** The data servers' sentinel-facing side, by index. */
    instances = [];
    channels;
    n;
    eventSignal;
    eventRecord = { kind: 0, node: '', target: '', timeNs: 0, delayNs: 0, rank: 0 };
    lostSignal;
    onArrive = (id) => {
        const to = this.pool.get(id).to;
        if (this.processes[to].crashed)
            this.pool.release(id);
        else
            this.receivers[to](id);
    };
    onClientArrive = (id) => {
        const m = this.pool.get(id);
        this.clients[m.client].addressed(m.epoch, m.master);
        this.pool.release(id);
    };
    constructor(engine, network, bus, 
    /** Data servers (indexes 0..data−1), then sentinels. */
    processes, data, replication, timing) {
        this.engine = engine;
        this.network = network;
        this.processes = processes;
        this.data = data;
        this.replication = replication;
        this.timing = timing;
        this.n = processes.length;
        this.channels = new Array(this.n * this.n);
        this.eventSignal = bus.signal(CLUSTER_EVENT);
        this.lostSignal = bus.signal(REPLICATION_LOST);
    }
    get sentinels() {
        return this.n - this.data;
    }
    /** Puts message `id` on the wire from its sender to its receiver (both processes). */
    send(id) {
        const m = this.pool.get(id);
        const pair = m.from * this.n + m.to;
        const channel = (this.channels[pair] ??= new Channel());
        this.network.send(this.processes[m.from].options.host, this.processes[m.to].options.host, m.sizeBytes, Purpose.sentinel, channel, this.onArrive, id);
    }
    /** A client's get-master-addr-by-name to sentinel process `sentinel`. */
    sendFromClient(id) {
        const m = this.pool.get(id);
        this.network.send(this.clients[m.client].host, this.processes[m.to].options.host, m.sizeBytes, Purpose.sentinel, null, this.onArrive, id);
    }
    /** The reply to a client's request. */
    sendToClient(id) {
        const m = this.pool.get(id);
        this.network.send(this.processes[m.from].options.host, this.clients[m.client].host, m.sizeBytes, Purpose.sentinel, null, this.onClientArrive, id);
    }
    /** CLIENT KILL TYPE normal on data server `server`: each client connected to it learns when the FIN arrives. */
    closeClients(server) {
        const host = this.processes[server].options.host;
        for (const c of this.clients)
            if (c.connectedTo(server))
                this.network.send(host, c.host, FIN_BYTES, Purpose.connect, null, c.onKilled, server);
    }
    name(process) {
        return this.processes[process].options.name;
    }
    event(kind, node, target) {
        if (!this.eventSignal.active)
            return;
        const r = this.eventRecord;
        r.kind = kind;
        r.node = this.name(node);
        r.target = this.name(target);
        r.timeNs = this.engine.now;
        this.eventSignal.emit(r);
    }
    lost(writes) {
        if (writes > 0 && this.lostSignal.active)
            this.lostSignal.emit({ writes });
    }
}
//# sourceMappingURL=sentinel-fabric.js.map