// The list of servers the routers (clients, or proxies) of a sharded tier are configured with, and
// its changes: addNode appends a spare to the list, removeNode takes a server out (its process keeps
// running and answers what still reaches it). Each change builds one new map and hands it to router
// i of n at the change's time + rollout·i/n (a rolling config deploy; rollout 0: all at once). Keys
// whose server changed are then looked up where they are not: misses, read through to the origin.
// Parameters: hashing, keyHash, pointsPerServer (shard-map.ts), rollout (ns).
import { shardMap } from './shard-map.js';
export class ShardMembership {
    engine;
    hashing;
    names;
    rolloutNs;
    routers = [];
    current;
    /** `names[node]` is the ketama name of node index `node` (its name without the topology). */
    constructor(engine, hashing, names, initial, rolloutNs) {
        this.engine = engine;
        this.hashing = hashing;
        this.names = names;
        this.rolloutNs = rolloutNs;
        this.current = shardMap(hashing, initial, names);
    }
    /** The latest map (routers may still use an older one during a rollout). */
    get map() {
        return this.current;
    }
    /** Appends node `node` to the server list (no change if it is in it). */
    add(node) {
        if (!this.current.servers.includes(node))
            this.change([...this.current.servers, node]);
    }
    /** Takes node `node` out of the server list (no change if it is not in it, or is the last one). */
    remove(node) {
        const servers = this.current.servers.filter((s) => s !== node);
        if (servers.length > 0 && servers.length < this.current.servers.length)
            this.change(servers);
    }
    change(servers) {
        const map = shardMap(this.hashing, servers, this.names);
        this.current = map;
        const n = this.routers.length;
        this.routers.forEach((router, i) => this.engine.schedule(Math.round((this.rolloutNs * i) / n), () => router.useMap(map)));
    }
}
//# sourceMappingURL=shard-membership.js.map