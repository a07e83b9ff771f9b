// The list of servers the routers (clients, or proxies) of a sharded tier are configured with, and
// its changes: addNode appends a spare to the list, removeNode takes a server out (its process keeps
// running and answers what still reaches it). Each change builds one new map and hands it to router
// i of n at the change's time + rollout·i/n (a rolling config deploy; rollout 0: all at once). Keys
// whose server changed are then looked up where they are not: misses, read through to the origin.
// Parameters: hashing, keyHash, pointsPerServer (shard-map.ts), rollout (ns).

import type { Engine } from '../../sim/engine/engine.js';
import { shardMap, type ShardHashing, type ShardMap } from './shard-map.js';

export interface ShardRouter {
  /** From now on, route keys with `map`. */
  useMap(map: ShardMap): void;
}

export class ShardMembership {
  readonly routers: ShardRouter[] = [];
  private current: ShardMap;

  /** `names[node]` is the ketama name of node index `node` (its name without the topology). */
  constructor(
    private readonly engine: Engine,
    private readonly hashing: ShardHashing,
    private readonly names: readonly string[],
    initial: readonly number[],
    private readonly rolloutNs: number,
  ) {
    this.current = shardMap(hashing, initial, names);
  }

  /** A map of this tier's hashing over `servers` (a proxy's ring without the servers it ejected). */
  mapOf(servers: readonly number[]): ShardMap {
    return shardMap(this.hashing, servers, this.names);
  }

  /** The latest map (routers may still use an older one during a rollout). */
  get map(): ShardMap {
    return this.current;
  }

  /** Appends node `node` to the server list (no change if it is in it). */
  add(node: number): void {
    if (!this.current.servers.includes(node)) this.change([...this.current.servers, node]);
  }

  /** Takes node `node` out of the server list (no change if it is not in it, or is the last one). */
  remove(node: number): void {
    const servers = this.current.servers.filter((s) => s !== node);
    if (servers.length > 0 && servers.length < this.current.servers.length) this.change(servers);
  }

  private change(servers: readonly number[]): void {
    const map = shardMap(this.hashing, servers, this.names);
    this.current = map;
    const n = this.routers.length;
    this.routers.forEach((router, i) => this.engine.schedule(Math.round((this.rolloutNs * i) / n), () => router.useMap(map)));
  }
}
