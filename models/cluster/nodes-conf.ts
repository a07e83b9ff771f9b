// A cluster node's nodes.conf (Redis 7.0 src/cluster.c: clusterDoBeforeSleep, clusterBeforeSleep,
// clusterSaveConfig). A change Redis must not lose across a restart asks for a save
// (CLUSTER_TODO_SAVE_CONFIG): CLUSTER SETSLOT, REPLICATE and FORGET, a node learned, PFAIL or FAIL
// cleared, FAIL set, a node's role changed; a change of epoch asks for an fsync too
// (CLUSTER_TODO_FSYNC_CONFIG): a primary's greater configEpoch learned from a header or an UPDATE,
// an election started, a vote given, a configEpoch bumped without consensus, slots taken over from a
// claim, a replica promoted (its synchronous save in clusterFailoverReplaceYourMaster, which also
// clears what was pending). A greater currentEpoch alone is not saved. beforeSleep then rewrites the
// whole file on the main thread, and fsyncs it if asked, before the iteration's replies are written
// (clusterBeforeSleep runs before handleClientsWithPendingWrites): several changes in one iteration
// make one save, and a client or the operator waits for it. A change made between iterations (a
// timer of the model's) is saved at once, as an iteration of its own (two such changes while the
// thread is blocked, by a MIGRATE for one, make two saves where Redis would make one).
// Cost on the main thread: saveCpu + saveCpuPerNode × nodes known (clusterGenNodesDescription formats
// one line per node; open, fstat, write and close), plus a draw from fsyncLatency when asked.
// Measured on this project's 2-core VM (Redis 7.0.15; CLUSTER SETSLOT s STABLE, a save, and CLUSTER
// SAVECONFIG, a save and an fsync, against CLUSTER COUNTKEYSINSLOT, round trips and main-thread CPU):
// 33–40 µs a save at 3 nodes and 40–45 µs at 16; an fsync 220–280 µs.
// Abstracted away: the bus messages of the iteration leave when their work ends (Redis writes them
// after beforeSleep, so an fsync delays them too: in a reshard the target's PONG announcing its bumped
// configEpoch reaches the source before the target's fsync is done, so the source's own fsync
// overlaps the target's, where in Redis it starts after it and can delay the next SETSLOT); the
// configEpoch a replica's header carries (its primary's), which Redis keeps on the replica's record
// and saves; a node learned when MEET is sent or received (Redis saves when the handshake completes);
// the file's size in bytes.
// Parameters (cluster-params.ts nodesConf): saveCpu, saveCpuPerNode (ns), fsyncLatency (ns, a distribution).

import type { Distribution } from '../../sim/dist/distribution.js';
import type { Rng } from '../../sim/random/rng.js';
import type { RedisServer } from '../server/redis-server.js';
import type { BeforeWrites, ServerTask } from '../server/server-hooks.js';

export interface NodesConfCosts {
  saveCpuNs: number;
  saveCpuPerNodeNs: number;
  fsyncLatency: Distribution;
}

/** What beforeSleep has to do: nothing, save, or save and fsync. */
const Todo = { none: 0, save: 1, fsync: 2 } as const;

export class NodesConf implements BeforeWrites, ServerTask {
  private todo: number = Todo.none;
  private readonly kind: number;

  constructor(
    private readonly server: RedisServer,
    private readonly costs: NodesConfCosts,
    private readonly rng: Rng,
    /** Nodes in this node's table (each is a line of the file). */
    private readonly nodesKnown: () => number,
  ) {
    this.kind = server.addTask(this);
    server.addBeforeWrites(this);
  }

  /** clusterDoBeforeSleep(CLUSTER_TODO_SAVE_CONFIG), with CLUSTER_TODO_FSYNC_CONFIG when `fsync`. */
  save(fsync: boolean): void {
    if (this.server.crashed) return;
    const todo = fsync ? Todo.fsync : Todo.save;
    if (this.server.inIteration) {
      this.todo = Math.max(this.todo, todo);
      return;
    }
    this.server.submitTask(this.kind, todo);
  }

  beforeWrites(): boolean {
    if (this.todo === Todo.none) return false;
    const todo = this.todo;
    this.todo = Todo.none;
    this.server.submitTaskBeforeWrites(this.kind, todo);
    return true;
  }

  /** The process died: what it had still to save is gone. */
  crashed(): void {
    this.todo = Todo.none;
  }

  /** The save's time on the main thread, ns. */
  begin(todo: number): number {
    const saveNs = this.costs.saveCpuNs + this.costs.saveCpuPerNodeNs * this.nodesKnown();
    return saveNs + (todo === Todo.fsync ? this.costs.fsyncLatency.sample(this.rng) : 0);
  }

  finish(): void {}
}
