// What every node's bus shares: the nodes, the message pool, the network path of bus messages
// (purpose gossip, over the nodes' links: bus-links.ts), the replication hub, the cluster event
// signal, and the timing parameters. One per cluster.

import type { Engine, EventHandler } from '../../sim/engine/engine.js';
import type { Signal, SignalBus } from '../../sim/signal/signal.js';
import type { Network } from '../network/network.js';
import type { ReplicationHub } from '../replication/replication-hub.js';
import { CLUSTER_EVENT, Purpose, REPLICATION_LOST, type ClusterEvent, type ReplicationLost } from '../signals.js';
import { BusLinks } from './bus-links.js';
import { BusMessagePool } from './bus-message.js';
import type { ClusterBus } from './cluster-bus.js';
import type { ClusterNode } from './cluster-node.js';

export interface ClusterTiming {
  nodeTimeoutNs: number;
  slots: number;
  shardIdExtension: boolean;
  requireFullCoverage: boolean;
  /** cluster-replica-no-failover: replicas start no election of their own (a manual failover still runs). */
  replicaNoFailover: boolean;
}

export class ClusterFabric {
  readonly pool = new BusMessagePool();
  readonly buses: ClusterBus[] = [];
  /** The nodes' TCP links, where a message can be lost. */
  readonly links: BusLinks;
  /** Scratch for building one gossip section at a time (any node's): stamp of the section a node was last picked for. */
  readonly gossipMark: Uint32Array;
  gossipStamp = 0;
  private readonly eventSignal: Signal<ClusterEvent>;
  private readonly eventRecord: ClusterEvent = { kind: 0, node: '', target: '', timeNs: 0, delayNs: 0, rank: 0 };
  private readonly lostSignal: Signal<ReplicationLost>;
  /** A message reached its receiver's host; one on a link its receiver freed is not read. */
  private readonly onArrive: EventHandler = (id) => {
    const m = this.pool.get(id);
    if (m.link !== null && m.link.freed && m.link.owner === m.to) this.pool.release(id);
    else this.buses[m.to]!.arrive(id);
  };

  constructor(
    readonly engine: Engine,
    readonly network: Network,
    readonly nodes: readonly ClusterNode[],
    readonly replication: ReplicationHub,
    readonly timing: ClusterTiming,
    bus: SignalBus,
    /** Which nodes are cluster members at the start (the others are spare processes, not yet met). */
    readonly initialMembers: readonly boolean[],
  ) {
    this.gossipMark = new Uint32Array(nodes.length);
    this.links = new BusLinks(network, nodes.length);
    this.eventSignal = bus.signal<ClusterEvent>(CLUSTER_EVENT);
    this.lostSignal = bus.signal<ReplicationLost>(REPLICATION_LOST);
  }

  /**
   * Puts message `id` on the wire from its sender to its receiver (pub/sub traffic is reported apart from gossip):
   * on the sender's link, or an answering PONG back on the link its PING came in on (the message's `link`, if it had one).
   */
  send(id: number, purpose: number = Purpose.gossip): void {
    const m = this.pool.get(id);
    const src = this.nodes[m.from]!.server.options.host;
    const dst = this.nodes[m.to]!.server.options.host;
    if (m.reply) m.link ??= this.links.of(m.to, m.from, dst, src);
    else m.link = this.links.of(m.from, m.to, src, dst);
    const channel = m.link === null ? null : m.reply ? m.link.down : m.link.up;
    this.network.send(src, dst, m.sizeBytes, purpose, channel, this.onArrive, id);
  }

  event(kind: number, node: number, target: number, delayNs = 0, rank = 0): void {
    if (!this.eventSignal.active) return;
    const r = this.eventRecord;
    r.kind = kind; r.node = this.nodes[node]!.server.options.name; r.target = this.nodes[target]!.server.options.name; r.timeNs = this.engine.now;
    r.delayNs = delayNs; r.rank = rank;
    this.eventSignal.emit(r);
  }

  lost(writes: number): void {
    if (writes > 0 && this.lostSignal.active) this.lostSignal.emit({ writes });
  }

  /** The run ends: what superseded primaries acknowledged and their demotion would discard is lost. */
  runEnds(): void {
    this.lost(this.nodes.reduce((sum, n) => sum + n.writesPendingLoss(), 0));
  }
}
