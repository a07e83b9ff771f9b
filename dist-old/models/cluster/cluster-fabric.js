// What every node's bus shares: the nodes, the message pool, the network path of bus messages
// (purpose gossip, no per-pair channel), the replication hub, the cluster event signal, and the
// timing parameters. One per cluster.
import { CLUSTER_EVENT, Purpose, REPLICATION_LOST } from '../signals.js';
import { BusMessagePool } from './bus-message.js';
export class ClusterFabric {
    engine;
    network;
    nodes;
    replication;
    timing;
    initialMembers;
    pool = new BusMessagePool();
    buses = [];
    /** Scratch for building one gossip section at a time (any node's): stamp of the section a node was last picked for. */
    gossipMark;
    gossipStamp = 0;
    eventSignal;
    eventRecord = { kind: 0, node: '', target: '', timeNs: 0, delayNs: 0, rank: 0 };
    lostSignal;
    onArrive = (id) => this.buses[this.pool.get(id).to].arrive(id);
    constructor(engine, network, nodes, replication, timing, bus, 
    /** Which nodes are cluster members at the start (the others are spare processes, not yet met). */
    initialMembers) {
        this.engine = engine;
        this.network = network;
        this.nodes = nodes;
        this.replication = replication;
        this.timing = timing;
        this.initialMembers = initialMembers;
        this.gossipMark = new Uint32Array(nodes.length);
        this.eventSignal = bus.signal(CLUSTER_EVENT);
        this.lostSignal = bus.signal(REPLICATION_LOST);
    }
    /** Puts message `id` on the wire from its sender to its receiver (pub/sub traffic is reported apart from gossip). */
    send(id, purpose = Purpose.gossip) {
        const m = this.pool.get(id);
        this.network.send(this.nodes[m.from].server.options.host, this.nodes[m.to].server.options.host, m.sizeBytes, purpose, null, this.onArrive, id);
    }
    event(kind, node, target, delayNs = 0, rank = 0) {
        if (!this.eventSignal.active)
            return;
        const r = this.eventRecord;
        r.kind = kind;
        r.node = this.nodes[node].server.options.name;
        r.target = this.nodes[target].server.options.name;
        r.timeNs = this.engine.now;
        r.delayNs = delayNs;
        r.rank = rank;
        this.eventSignal.emit(r);
    }
    lost(writes) {
        if (writes > 0 && this.lostSignal.active)
            this.lostSignal.emit({ writes });
    }
}
//# sourceMappingURL=cluster-fabric.js.map