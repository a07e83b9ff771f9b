// What a topology builder receives and returns. A builder wires servers and clients from one
// topology entry of the scenario; everything else (network, workload, origin) is shared.

import type { Engine } from '../../sim/engine/engine.js';
import type { RngStreams } from '../../sim/random/rng.js';
import type { SignalBus } from '../../sim/signal/signal.js';
import type { RequestTable } from '../request/request-table.js';
import type { TopologyClient } from '../client/topology-client.js';
import type { FaultTarget } from '../faults/fault-injector.js';
import type { HostCpu } from '../host/host-cpu.js';
import type { UsageSource } from '../host/busy-meter.js';
import type { Network } from '../network/network.js';
import type { OriginDb } from '../origin/origin-db.js';
import type { PubSubNode } from '../pubsub/pubsub-node.js';
import type { WriteLedger } from '../replication/write-ledger.js';
import type { RedisServer } from '../server/redis-server.js';
import type { RequestFactory } from '../workload/request-factory.js';
import type { WorkloadParams } from '../workload/workload-params.js';
import type { StampedeProtection } from '../client/stampede-guard.js';
import type { Machines } from '../host/machines.js';
import type { MoveOptions } from '../cluster/cluster-tool.js';
import type { ClientConnections } from '../client/client-connections.js';

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
  clientCpus: readonly HostCpu[];
  /** The run's write ledger where a key may be read from a copy that missed a write (an L1 tier, faults or operations in this run); topologies with replicas make their own otherwise. */
  ledger: WriteLedger | null;
  /** The run's accounted resources (connection pools and a topology's own processes add themselves). */
  usage: UsageSource[];
  /** Stampede protection of read-through GETs (origin.protection), if any. */
  protection?: StampedeProtection | null;
  /** The machines hosts share (scenario `machines`): where each process's thread finds a core. */
  machines: Machines;
  /** The run's client connections, which the clients' pools open. */
  connections: ClientConnections;
}

/** What an L1 tier needs from the shared tier to invalidate: its Redis processes and the pub/sub routes. */
export interface SharedTier {
  /** The topology's Redis processes (client tracking tables live on them). */
  servers: readonly RedisServer[];
  /** Index in `servers` of the node that client `client` sends the PUBLISH (sharded: SPUBLISH) about `key` to. */
  publishTo(client: number, key: number, sharded: boolean): number;
  /**
   * Calls `track(node)` with the index in `servers` of each node where client `client` turns client
   * tracking on: the nodes it reads from, at once; in a cluster, each node as the client first
   * connects to it (CLIENT TRACKING ON on a new connection), which follows failovers and resharding.
   */
  trackOn(client: number, track: (node: number) => void): void;
  /** Indexes in `servers` of the nodes client `client` subscribes on. */
  subscribeOn(client: number, sharded: boolean): readonly number[];
  /**
   * A cluster: the node client `client` subscribes on instead of `dead`, whose process died with the
   * subscription (−1: none). Without it, a subscription waits for its node to restart.
   */
  resubscribeOn?(client: number, dead: number, sharded: boolean): number;
  /** A cluster hands what its nodes publish to the bus, and what the bus brings to the nodes' subscribers. */
  connectPubSub?(nodes: readonly PubSubNode[]): void;
}

export interface BuiltTopology {
  /** One client per application host, in host order. */
  clients: TopologyClient[];
  /** Fills the cache before the run (a warm start), in popularity order, up to each server's maxmemory. */
  preload(): void;
  /** The shared tier as an L1 in front of it sees it. */
  shared: SharedTier;
  /** The nodes faults can name, by "<topology>/<node>". */
  targets: ReadonlyMap<string, FaultTarget>;
  /** Moves `slots` slots from node `from` to node `to` (resharding), if the topology has slots. */
  reshard?(from: string, to: string, slots: number, move: MoveOptions): void;
  /** Cluster: redis-cli --cluster add-node (`node` meets `meet`, replicates `replicaOf` if not null); sharded tiers: `node` joins the server list. */
  addNode?(node: string, meet: string | null, replicaOf: string | null): void;
  /** redis-cli --cluster rebalance --cluster-use-empty-masters, with per-node weights (default 1). */
  rebalance?(move: MoveOptions, weights: ReadonlyMap<string, number>): void;
  /** Cluster: redis-cli --cluster del-node (an empty node is forgotten by all and shut down); sharded tiers: `node` leaves the server list. */
  removeNode?(node: string): void;
  /** The role of live `shared.servers[server]` now ('primary' or 'replica'), where failovers change it (cluster, Sentinel). */
  roleOf?(server: number): string;
  /** Sends CLUSTER FAILOVER [mode] to replica `replica`, if the topology is a cluster. */
  manualFailover?(replica: string, mode: 'default' | 'force' | 'takeover'): void;
  /** Resources of the topology's own processes the reports account for (a proxy tier's CPUs), besides its Redis servers. */
  usage?: readonly UsageSource[];
  /** Starts the topology's own activity at t = 0 (cluster cron and gossip), if it has any. */
  start?(): void;
  /** The run ends: the writes a superseded primary acknowledged and has not yet discarded (its demotion would) are counted lost, so the count does not depend on how long the run lasts after a failover. */
  runEnds?(): void;
}
