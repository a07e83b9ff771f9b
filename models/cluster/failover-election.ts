// Replica election and primary voting (REDIS-MODEL §4, clusterHandleSlaveFailover and
// clusterSendFailoverAuthIfNeeded), driven by the node's cron and by ACKs as they arrive:
// - A replica whose primary is FAIL (and owns slots) schedules its election at
//   now + 500 ms + U[0, 500) ms + 1000 ms · rank (rank = siblings advertising a larger replication
//   offset), telling its siblings with a PONG; while the request is not sent a worse rank adds
//   1000 ms per step. At that time it increments currentEpoch and asks every node for a vote. The
//   election is valid max(2T, 2 s) and retried after twice that. With votes from a majority of
//   slot-owning primaries it takes its primary's slots with configEpoch = the election epoch and
//   broadcasts a PONG.
// - A primary with slots votes once per epoch, only if the requester's primary is FAIL (unless
//   forced), not twice for replicas of the same primary within 2T, and only if no claimed slot has
//   an owner with a higher configEpoch. Refusals are silent.
// - A primary that learns its slots were taken becomes a replica of the taker; the writes it
//   acknowledged after being replaced are counted as lost, as are the writes a promoted replica
//   had not received; it resyncs fully if it took such writes or restarted empty, partially otherwise.
// - Manual failover (CLUSTER FAILOVER, REDIS-MODEL §4): default: the replica sends MFSTART; its
//   primary pauses writes for up to 10 s and PINGs it every cron with the PAUSED flag and its
//   offset; once the replica has applied that offset it starts an election at once, with rank 0
//   and FORCEACK (voters need not see the primary FAIL); 5 s without success abort it and unpause.
//   FORCE: no offset handshake, the election starts at the next cron. TAKEOVER: no election; the
//   replica bumps its configEpoch without consensus, takes the slots and broadcasts a PONG.
// - cluster-replica-no-failover: a replica starts no election when its primary fails; a manual
//   failover still runs (src/cluster.c clusterHandleSlaveFailover, Redis 7.0).
// Abstracted: the data-age check, the NOFAILOVER flag in the replica's headers.

import { ClusterEventKind } from '../signals.js';
import { BusType, FAIL, type BusMessage } from './bus-message.js';
import type { ClusterBus } from './cluster-bus.js';

export class FailoverElection {
  /** When the election may send its request; −∞ until one is scheduled (Redis: 0 in epoch ms). */
  authTime = -Infinity;
  authSent = false;
  authCount = 0;
  authEpoch = 0;
  rank = 0;
  private lastVoteEpoch = 0;
  private readonly votedTime = new Map<number, number>();
  /** Manual failover: when it ends (−1: none), the primary's paused offset (−1: unknown), whether it may start. */
  private mfEndNs = -1;
  private mfPrimaryOffset = -1;
  private mfCanStart = false;
  /** On a primary: the replica a manual failover is for, while one is in progress. */
  private mfReplica = -1;

  constructor(private readonly bus: ClusterBus) {}

  /** The replication offset a header to `to` carries: a replica's applied writes; a primary's writes sent to `to`. */
  offset(to = -1): number {
    const hub = this.bus.fabric.replication;
    const me = this.bus.node.index;
    if (!this.bus.node.isPrimary) return hub.streamInto(me)?.appliedWrites ?? 0;
    return hub.streamsFrom(me).find((s) => !s.detached && s.replica === this.bus.fabric.nodes[to]?.server)?.sentWrites ?? 0;
  }

  /** CLUSTER FAILOVER on this replica. */
  manual(mode: 'default' | 'force' | 'takeover'): void {
    const bus = this.bus;
    const node = bus.node;
    if (node.isPrimary) return;
    if (mode === 'takeover') {
      node.currentEpoch++;
      this.authEpoch = node.currentEpoch;
      this.promote();
      return;
    }
    this.mfEndNs = bus.fabric.engine.now + 5e9;
    this.mfPrimaryOffset = -1;
    this.mfCanStart = mode === 'force';
    if (mode === 'default') bus.sendBare(BusType.mfStart, node.primaryOf);
  }

  /** A primary got MFSTART from its replica: pause writes (10 s at most) and tell the replica at once. */
  manualStartReceived(replica: number): void {
    const bus = this.bus;
    if (!bus.node.isPrimary || bus.peers.primaryOf[replica] !== bus.node.index) return;
    const now = bus.fabric.engine.now;
    this.mfReplica = replica;
    this.mfEndNs = now + 5e9;
    bus.node.pauseWrites(now + 10e9);
    bus.fabric.engine.schedule(10e9, () => bus.node.resumeWrites());
    bus.sendHeartbeat(BusType.ping, replica, false);
  }

  /** A primary's cron: ping the replica of a manual failover every run; give up after 5 s. */
  primaryCron(): void {
    if (this.mfReplica < 0) return;
    if (this.bus.fabric.engine.now > this.mfEndNs) {
      this.mfReplica = -1;
      this.bus.node.resumeWrites();
      return;
    }
    this.bus.sendHeartbeat(BusType.ping, this.mfReplica, false);
  }

  /** This replica's primary says it paused, at `offset`. */
  primaryPaused(offset: number): void {
    if (this.mfEndNs < 0 || this.mfPrimaryOffset >= 0) return;
    this.mfPrimaryOffset = offset;
    this.checkManualProgress();
  }

  private checkManualProgress(): void {
    if (this.mfEndNs < 0 || this.mfCanStart || this.mfPrimaryOffset < 0) return;
    if (this.offset() >= this.mfPrimaryOffset) {
      this.mfCanStart = true;
      this.handle();
    }
  }

  private timeoutNs(): number {
    return Math.max(2 * this.bus.timeoutNs, 2e9);
  }

  private computeRank(): number {
    const me = this.bus.node.index;
    const primary = this.bus.node.primaryOf;
    const mine = this.offset();
    let rank = 0;
    for (let j = 0; j < this.bus.n; j++) {
      if (j !== me && this.bus.peers.primaryOf[j] === primary && this.bus.peers.replOffset[j]! > mine) rank++;
    }
    return rank;
  }

  /** The replica's side: from cron, when FAIL is declared or received, and after each ACK. */
  handle(): void {
    const bus = this.bus;
    const node = bus.node;
    const now = bus.fabric.engine.now;
    const primary = node.primaryOf;
    if (this.mfEndNs >= 0 && now > this.mfEndNs) this.mfEndNs = -1;
    if (this.mfEndNs >= 0 && !this.mfCanStart) this.checkManualProgress();
    const manual = this.mfEndNs >= 0 && this.mfCanStart;
    if (node.isPrimary || primary < 0 || ((bus.peers.flagsOf(primary) & FAIL) === 0 && !manual) || node.slotCount[primary] === 0) return;
    if (bus.fabric.timing.replicaNoFailover && !manual) return;
    const authTimeout = this.timeoutNs();
    if (now - this.authTime > 2 * authTimeout) {
      this.rank = manual ? 0 : this.computeRank();
      this.authTime = manual ? now : now + 500e6 + Math.floor(bus.rng() * 500) * 1e6 + this.rank * 1e9;
      this.authCount = 0;
      this.authSent = false;
      bus.fabric.event(ClusterEventKind['election-scheduled'], node.index, primary, this.authTime - now, this.rank);
      for (let j = 0; j < bus.n; j++) {
        if (j !== node.index && bus.peers.knows(j) && bus.peers.primaryOf[j] === primary) bus.sendHeartbeat(BusType.pong, j, false);
      }
      if (!manual) return;
    }
    if (!this.authSent && !manual) {
      const rank = this.computeRank();
      if (rank > this.rank) {
        this.authTime += (rank - this.rank) * 1e9;
        this.rank = rank;
      }
    }
    if (now < this.authTime || now - this.authTime > authTimeout) return;
    if (!this.authSent) {
      node.currentEpoch++;
      this.authEpoch = node.currentEpoch;
      this.authSent = true;
      node.saveConfig(true);
      bus.fabric.event(ClusterEventKind.election, node.index, primary);
      for (let j = 0; j < bus.n; j++) if (j !== node.index && bus.peers.knows(j)) bus.sendBare(BusType.authRequest, j, manual);
      return;
    }
    if (this.authCount >= bus.quorum()) this.promote();
  }

  /** A primary's side: an AUTH_REQUEST arrived. */
  vote(m: BusMessage): void {
    const bus = this.bus;
    const node = bus.node;
    const now = bus.fabric.engine.now;
    if (!bus.ownsSlots() || m.currentEpoch < node.currentEpoch || this.lastVoteEpoch === node.currentEpoch) return;
    const primary = m.primaryOf;
    if (primary < 0 || ((bus.peers.flagsOf(primary) & FAIL) === 0 && !m.force)) return;
    const last = this.votedTime.get(primary);
    if (last !== undefined && now - last < 2 * bus.timeoutNs) return;
    for (let i = 0; i < m.slots.length; i++) {
      const owner = node.owner[m.slots[i]!]!;
      if (owner >= 0 && owner !== primary && bus.peers.configEpoch[owner]! > m.configEpoch) return;
    }
    this.lastVoteEpoch = node.currentEpoch;
    this.votedTime.set(primary, now);
    node.saveConfig(true);
    bus.sendBare(BusType.authAck, m.from);
  }

  ackReceived(m: BusMessage): void {
    const bus = this.bus;
    if (bus.peers.primaryOf[m.from] !== -1 || bus.node.slotCount[m.from] === 0 || m.currentEpoch < this.authEpoch) return;
    this.authCount++;
    this.handle();
  }

  private promote(): void {
    const bus = this.bus;
    const fabric = bus.fabric;
    const node = bus.node;
    const old = node.primaryOf;
    const missed = fabric.replication.promote(node.index);
    fabric.lost(missed);
    node.primaryOf = -1;
    node.configEpoch = this.authEpoch;
    for (let s = 0; s < node.owner.length; s++) if (node.owner[s] === old) node.setOwner(s, node.index);
    node.saveConfig(true);
    this.mfEndNs = -1;
    fabric.nodes[old]!.supersede(missed);
    node.awaitFirstWrite();
    fabric.event(ClusterEventKind.promoted, node.index, old);
    bus.broadcastPong();
    bus.updateState();
  }

  /** This primary lost its last slot to `taker`: it follows the taker now. */
  demote(taker: number): void {
    const bus = this.bus;
    const node = bus.node;
    const diverged = node.writesSinceSuperseded();
    bus.fabric.lost(diverged);
    node.primaryOf = taker;
    this.mfReplica = -1;
    node.resumeWrites();
    bus.fabric.replication.demote(node.index, taker, node.takeFullSyncOnDemotion());
    bus.fabric.event(ClusterEventKind.demoted, node.index, taker);
  }
}
