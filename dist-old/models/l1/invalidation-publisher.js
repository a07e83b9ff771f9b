// The pub/sub invalidation path on the writing host: once a write is acknowledged, after `delay`
// (e.g. an outbox or a message relay), the application sends PUBLISH (or SPUBLISH) naming the key
// to the node the shared tier designates, on a connection of its own (one FIFO channel per node).
// Parameters: delay (ns); sharded (SPUBLISH).
import { Channel } from '../network/network.js';
import { publishData } from '../pubsub/pubsub-node.js';
import { Purpose } from '../signals.js';
export class InvalidationPublisher {
    engine;
    network;
    host;
    nodes;
    nodeHosts;
    target;
    delayNs;
    sharded;
    channels;
    onDue = (key) => this.publish(key);
    constructor(engine, network, host, nodes, nodeHosts, target, delayNs, sharded) {
        this.engine = engine;
        this.network = network;
        this.host = host;
        this.nodes = nodes;
        this.nodeHosts = nodeHosts;
        this.target = target;
        this.delayNs = delayNs;
        this.sharded = sharded;
        this.channels = nodes.map(() => new Channel());
    }
    /** `key` was written and acknowledged. */
    written(key) {
        if (this.delayNs > 0)
            this.engine.schedule(this.delayNs, this.onDue, key);
        else
            this.publish(key);
    }
    publish(key) {
        const node = this.target(key);
        const n = this.nodes[node];
        this.network.send(this.host, this.nodeHosts[node], n.publishBytes(this.sharded), Purpose.pubsub, this.channels[node], n.onPublish, publishData(key, this.sharded));
    }
}
//# sourceMappingURL=invalidation-publisher.js.map