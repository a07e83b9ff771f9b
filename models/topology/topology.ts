// What a topology builder receives and returns. A builder wires servers and clients from one
// topology entry of the scenario; everything else (network, workload, origin) is shared.

import type { Engine } from '../../sim/engine/engine.js';
import type { RngStreams } from '../../sim/random/rng.js';
import type { SignalBus } from '../../sim/signal/signal.js';
import type { RequestTable } from '../client/request-table.js';
import type { RequestCompletion } from '../client/request-completion.js';
import type { FaultTarget } from '../faults/fault-injector.js';
import type { CpuPool } from '../host/cpu-pool.js';
import type { Network } from '../network/network.js';
import type { OriginDb } from '../origin/origin-db.js';
import type { RequestFactory } from '../workload/request-factory.js';
import type { WorkloadParams } from '../workload/workload-params.js';

export interface TopologyContext {
  engine: Engine;
  network: Network;
  streams: RngStreams;
  bus: SignalBus;
  requests: RequestTable;
  factory: RequestFactory;
  workload: WorkloadParams;
  origin: OriginDb | null;
  /** Application hosts (network ids) and their CPUs, one client library instance per host. */
  clientHosts: readonly number[];
  clientCpus: readonly CpuPool[];
}

/** A client library instance on one application host: takes workload requests, reports completions. */
export interface TopologyClient {
  submit(req: number): void;
  readonly completion: RequestCompletion;
}

export interface BuiltTopology {
  /** One client per application host, in host order. */
  clients: TopologyClient[];
  /** Fills the cache before the run (a warm start), in popularity order, up to each server's maxmemory. */
  preload(): void;
  /** The nodes faults can name, by "<topology>/<node>". */
  targets: ReadonlyMap<string, FaultTarget>;
  /** Moves `slots` slots from node `from` to node `to` (resharding), if the topology has slots. */
  reshard?(from: string, to: string, slots: number, pipeline: number): void;
  /** Cluster: redis-cli --cluster add-node (`node` meets `meet`, replicates `replicaOf` if not null); sharded tiers: `node` joins the server list. */
  addNode?(node: string, meet: string | null, replicaOf: string | null): void;
  /** redis-cli --cluster rebalance --cluster-use-empty-masters, with per-node weights (default 1). */
  rebalance?(pipeline: number, weights: ReadonlyMap<string, number>): void;
  /** Cluster: redis-cli --cluster del-node (an empty node is forgotten by all and shut down); sharded tiers: `node` leaves the server list. */
  removeNode?(node: string): void;
  /** Sends CLUSTER FAILOVER [mode] to replica `replica`, if the topology is a cluster. */
  manualFailover?(replica: string, mode: 'default' | 'force' | 'takeover'): void;
  /** Starts the topology's own activity at t = 0 (cluster cron and gossip), if it has any. */
  start?(): void;
}
