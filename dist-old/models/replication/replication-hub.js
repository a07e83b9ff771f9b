// Who replicates from whom, for a set of servers whose roles change (failover, demotion, restart):
// each replica follows at most one primary through one stream; following another primary detaches
// the old stream (its writes in flight are dropped) and starts a new one, either as a partial
// resync (the replica's data is kept, as PSYNC after a failover allows) or as a full sync.
import { ReplicationFanOut, ReplicationStream } from './replication-stream.js';
export class ReplicationHub {
    engine;
    network;
    servers;
    keyBytes;
    fanOuts;
    inbound;
    constructor(engine, network, servers, keyBytes) {
        this.engine = engine;
        this.network = network;
        this.servers = servers;
        this.keyBytes = keyBytes;
        this.fanOuts = servers.map((s) => {
            const fanOut = new ReplicationFanOut();
            s.writeListener = fanOut;
            return fanOut;
        });
        this.inbound = servers.map(() => null);
    }
    /** Makes server `replica` follow server `primary` (−1: follow nobody, it is a primary now), with a full sync if asked. */
    follow(replica, primary, fullSync = false) {
        const old = this.inbound[replica];
        if (old) {
            old.detached = true;
            const streams = this.fanOuts[this.servers.indexOf(old.primary)].streams;
            streams.splice(streams.indexOf(old), 1);
            this.inbound[replica] = null;
        }
        if (primary < 0)
            return;
        const stream = new ReplicationStream(this.engine, this.network, this.servers[primary], this.servers[replica], this.keyBytes);
        this.fanOuts[primary].streams.push(stream);
        this.inbound[replica] = stream;
        if (fullSync)
            stream.fullSync();
    }
    /** The stream `replica` currently applies, if any. */
    streamInto(replica) {
        return this.inbound[replica];
    }
    /** The streams leaving `primary`. */
    streamsFrom(primary) {
        return this.fanOuts[primary].streams;
    }
}
//# sourceMappingURL=replication-hub.js.map