// One node's side of the Redis Cluster bus (REDIS-MODEL §1–4), modeled from its rules:
// - clusterCron every 100 ms (hz 10) with the node's own phase, as a task on the node's thread (a
//   paused node runs none): every 10th run PINGs the node with the oldest pong among 5 random picks
//   (dictGetRandomKey's bias, random-node-picker.ts); every run PINGs any node whose pong is older
//   than T/2 and has no ping outstanding; flags PFAIL when a ping has been outstanding, and no data
//   received, for more than T; runs the replica's election (failover-election.ts); updates the
//   cluster state.
// - Every PING is answered by a PONG. Heartbeats carry clamp(floor(N/10), 3, N−2) random gossip
//   entries plus every PFAIL node; a gossip entry from a primary with PFAIL/FAIL is a failure report
//   (valid 2T); FAIL is declared when the node itself sees PFAIL and reports from a majority of
//   slot-owning primaries agree, then broadcast; a gossip pong time (whole seconds) newer than ours
//   replaces it when no ping is outstanding and no reports exist (the pong-time trust rule).
// - Headers carry epochs, role and claimed slots: a claim with a higher configEpoch takes the slots
//   (clusterUpdateSlotsConfigWith); a stale claim is answered with UPDATE; a primary that loses all
//   its slots becomes a replica of the node that took them.
// - Cluster state (cluster-state.ts): FAIL when a slot is unowned or its owner FAIL, or when fewer
//   than a majority of slot-owning primaries are reachable.
// - Membership: a node knows the nodes it was created with, a node that sent it MEET, and nodes
//   named in gossip from known nodes (it starts a handshake: MEET). Messages from unknown nodes other
//   than MEET are ignored. CLUSTER FORGET drops a node and ignores gossip about it for 60 s.
// - Links: each node's messages travel on its TCP link to the receiver, a PONG answering a PING on
//   the PING's link (bus-links.ts), so a message lost to a partition or a lossy host is resent by
//   TCP and late, not gone. Stale links: a link older than T whose ping has been outstanding for
//   more than T/2 with no data for more than T/2 is freed (what it still resends is dropped) and
//   reconnected, and the reconnect sends a PING at once (keeping the original ping time).
// Abstracted away: TCP connects (a reconnect is immediate; a message to a crashed node is lost),
// handshakes, MEET, node ids (indexes), replica migration, the data-age check, config file fsyncs.
// Parameters: nodeTimeout T (ns), slots, shard-id extension (7.2+).

import type { EventHandler } from '../../sim/engine/engine.js';
import type { Rng, RngStreams } from '../../sim/random/rng.js';
import type { ServerTask } from '../server/server-hooks.js';
import { ClusterEventKind, Purpose } from '../signals.js';
import type { BusLink } from './bus-links.js';
import { BusType, FAIL, PFAIL, type BusMessage } from './bus-message.js';
import { failBytes, heartbeatBytes, publishBytes, updateBytes, wantedGossip } from './bus-sizes.js';
import type { ClusterFabric } from './cluster-fabric.js';
import type { ClusterNode } from './cluster-node.js';
import { ClusterState } from './cluster-state.js';
import { FailoverElection } from './failover-election.js';
import { isNewerPong, KNOWN, NodeTable, PING_OUT } from './node-table.js';
import { scanPeers } from './peer-scan.js';
import { RandomNodePicker } from './random-node-picker.js';

export const CRON_PERIOD_NS = 100e6;
/** Executor time of one cron run (per known node) and of one bus message (base + per gossip entry). */
const CRON_PER_NODE_NS = 50;
const MESSAGE_BASE_NS = 2000;
const MESSAGE_PER_ENTRY_NS = 100;
/** A node's pub/sub subscribers, as the bus sees them (pubsub-node.ts). */
export interface BusSubscribers {
  /** Queues the message about `key` for every subscriber. */
  deliver(key: number, sharded: boolean): void;
  /** Thread time to fill every subscriber's buffer with one message, ns. */
  deliveryNs(): number;
}

/** Task index 0 is the cron; index k > 0 is bus message k − 1. */
const CRON_TASK = 0;

export class ClusterBus implements ServerTask {
  readonly n: number;
  readonly peers: NodeTable;
  readonly rng: Rng;
  private readonly picker: RandomNodePicker;
  readonly election: FailoverElection;
  readonly state: ClusterState;
  crashed = false;
  /** This node's pub/sub subscribers, to which a PUBLISH/SPUBLISH that arrived over the bus is delivered (the message's task pays filling their buffers). */
  subscribers: BusSubscribers | null = null;
  private iteration = 0;
  private cronQueued = false;
  private readonly kind: number;
  private readonly onCronTimer: EventHandler = () => this.cronTimer();

  constructor(readonly fabric: ClusterFabric, readonly node: ClusterNode, streams: RngStreams) {
    const n = fabric.nodes.length;
    this.n = n;
    this.peers = new NodeTable(n, node.index, fabric.initialMembers, fabric.nodes.map((x) => x.configEpoch), fabric.nodes.map((x) => x.primaryOf));
    this.rng = streams.stream(`cluster/${node.server.options.name}/bus`);
    this.picker = new RandomNodePicker(n, streams.stream(`cluster/${node.server.options.name}/dict-layout`));
    this.election = new FailoverElection(this);
    this.state = new ClusterState(this);
    this.kind = node.server.addTask(this);
  }

  get timeoutNs(): number {
    return this.fabric.timing.nodeTimeoutNs;
  }

  /** Starts the cron with a random phase; pong times start spread over the last T/2, as in a running cluster. */
  start(): void {
    const now = this.fabric.engine.now;
    for (let j = 0; j < this.n; j++) {
      this.peers.setPong(j, now - this.rng() * (this.timeoutNs / 2));
      this.peers.dataReceived[j] = this.peers.pongReceived[j]!;
    }
    this.peers.scanDueNs = -Infinity;
    this.fabric.engine.schedule(this.rng() * CRON_PERIOD_NS, this.onCronTimer);
  }

  /** The process starts again with its saved cluster configuration (nodes.conf): links are new, so it pings everyone. */
  restart(): void {
    const now = this.fabric.engine.now;
    this.crashed = false;
    this.cronQueued = false;
    this.peers.clearPings();
    for (let j = 0; j < this.n; j++) this.peers.setPong(j, 0);
    this.peers.dataReceived.fill(now);
    this.peers.linkCreated.fill(now);
    this.peers.scanDueNs = -Infinity;
    this.fabric.engine.schedule(this.rng() * CRON_PERIOD_NS, this.onCronTimer);
  }

  /** A bus message reached this node's host. */
  arrive(id: number): void {
    if (this.crashed) this.fabric.pool.release(id);
    else this.node.server.submitTask(this.kind, id + 1);
  }

  begin(index: number): number {
    if (index === CRON_TASK) return CRON_PER_NODE_NS * this.n;
    const m = this.fabric.pool.get(index - 1);
    const delivery = (m.type === BusType.publish || m.type === BusType.publishShard) && this.subscribers ? this.subscribers.deliveryNs() : 0;
    return MESSAGE_BASE_NS + MESSAGE_PER_ENTRY_NS * m.gossipCount + delivery;
  }

  finish(index: number): void {
    if (index === CRON_TASK) {
      this.cronQueued = false;
      if (this.crashed) return;
      this.cron();
      this.fabric.engine.schedule(CRON_PERIOD_NS, this.onCronTimer);
      return;
    }
    const id = index - 1;
    if (!this.crashed) this.receive(this.fabric.pool.get(id));
    this.fabric.pool.release(id);
  }

  private cronTimer(): void {
    if (this.crashed || this.cronQueued) return;
    this.cronQueued = true;
    this.node.server.submitTask(this.kind, CRON_TASK);
  }

  // ——— cron ———

  private cron(): void {
    const now = this.fabric.engine.now;
    const me = this.node.index;
    this.iteration++;
    if (this.iteration % 10 === 0) {
      let best = -1;
      for (let k = 0; k < 5; k++) {
        const j = this.picker.pick(this.rng);
        if (j === me || (this.peers.state[j]! & (KNOWN | PING_OUT)) !== KNOWN) continue;
        if (best < 0 || this.peers.pongReceived[j]! < this.peers.pongReceived[best]!) best = j;
      }
      if (best >= 0) this.sendHeartbeat(BusType.ping, best, false);
    }
    if (this.peers.scanDue(now)) scanPeers(this, now);
    if (!this.node.isPrimary) this.election.handle();
    this.updateState();
  }

  // ——— sending ———

  private header(type: number, to: number): number {
    const id = this.fabric.pool.alloc();
    const m = this.fabric.pool.get(id);
    const node = this.node;
    m.type = type; m.from = node.index; m.to = to; m.reply = false; m.link = null; m.force = false; m.gossipCount = 0;
    m.mfPaused = node.isPrimary && node.writesPaused;
    m.currentEpoch = node.currentEpoch;
    m.configEpoch = node.isPrimary ? node.configEpoch : this.peers.configEpoch[node.primaryOf]!;
    m.primaryOf = node.primaryOf;
    m.replOffset = this.election.offset(to);
    m.slots = node.claimedSlots();
    m.slotsVersion = node.slotsVersion;
    m.sizeBytes = heartbeatBytes(this.fabric.timing.slots, 0, this.fabric.timing.shardIdExtension);
    return id;
  }

  /** Frees the link to `peer` and opens another, which connects at the next cron run (bus-links.ts). */
  reconnect(peer: number): void {
    const fabric = this.fabric;
    fabric.links.reconnect(this.node.index, peer, this.node.server.options.host, fabric.nodes[peer]!.server.options.host, CRON_PERIOD_NS);
  }

  /** PING or PONG to `to` with a gossip section; a PING marks the ping outstanding. A reply goes back on the link `via` its PING came in on. */
  sendHeartbeat(type: number, to: number, reply: boolean, via: BusLink | null = null): void {
    const id = this.header(type, to);
    const m = this.fabric.pool.get(id);
    m.reply = reply;
    m.link = via;
    this.fillGossip(m);
    m.sizeBytes = heartbeatBytes(this.fabric.timing.slots, m.gossipCount, this.fabric.timing.shardIdExtension);
    if (type === BusType.ping && this.peers.pingSent[to] === 0) {
      const now = this.fabric.engine.now;
      this.peers.setPingSent(to, now);
      // An outstanding ping's reconnect and PFAIL conditions hold T/2 after it at the earliest.
      this.peers.scanDueNs = Math.min(this.peers.scanDueNs, now + this.timeoutNs / 2);
    }
    this.fabric.send(id);
  }

  private fillGossip(m: BusMessage): void {
    const me = this.node.index;
    const wanted = wantedGossip(this.peers.knownCount);
    let pfails = this.peers.pfailCount;
    m.ensureGossipCapacity(wanted + pfails);
    const g = m.gossip;
    const stamp = ++this.fabric.gossipStamp;
    const mark = this.fabric.gossipMark;
    const state = this.peers.state;
    let count = 0;
    for (let tries = 0; tries < 3 * wanted && count < wanted; tries++) {
      const j = this.picker.pick(this.rng);
      if (j === me || (state[j]! & (KNOWN | PFAIL)) !== KNOWN || mark[j] === stamp) continue;
      mark[j] = stamp;
      this.writeEntry(g, count++, j);
    }
    for (let j = 0; j < this.n && pfails > 0; j++) {
      if (state[j]! & PFAIL) {
        this.writeEntry(g, count++, j);
        pfails--;
      }
    }
    m.gossipCount = count;
  }

  private writeEntry(g: Int32Array, e: number, j: number): void {
    g[3 * e] = j;
    g[3 * e + 1] = this.peers.pongSecondsOf(j);
    g[3 * e + 2] = this.peers.flagsOf(j);
  }

  /** A message of `type` with a bare header (AUTH_REQUEST/ACK, MFSTART) to one node. */
  sendBare(type: number, to: number, force = false): void {
    const id = this.header(type, to);
    this.fabric.pool.get(id).force = force;
    this.fabric.send(id);
  }

  /** Sends a PONG to every other node (clusterBroadcastPong), so they learn a new configuration now. */
  broadcastPong(): void {
    for (let j = 0; j < this.n; j++) if (j !== this.node.index && this.peers.knows(j)) this.sendHeartbeat(BusType.pong, j, false);
  }

  /** Carries a PUBLISH executed here to every other node, or an SPUBLISH to the other nodes serving this node's slots. */
  publish(key: number, sharded: boolean, channelBytes: number, messageBytes: number): void {
    const me = this.node.index;
    const shard = this.node.isPrimary ? me : this.node.primaryOf;
    for (let j = 0; j < this.n; j++) {
      if (j === me || !this.peers.knows(j)) continue;
      if (sharded && j !== shard && this.peers.primaryOf[j] !== shard) continue;
      const id = this.header(sharded ? BusType.publishShard : BusType.publish, j);
      const m = this.fabric.pool.get(id);
      m.publishKey = key;
      m.sizeBytes = publishBytes(this.fabric.timing.slots, channelBytes, messageBytes);
      this.fabric.send(id, Purpose['bus-pubsub']);
    }
  }

  private broadcastFail(target: number): void {
    for (let j = 0; j < this.n; j++) {
      if (j === this.node.index || !this.peers.knows(j)) continue;
      const id = this.header(BusType.fail, j);
      const m = this.fabric.pool.get(id);
      m.target = target;
      m.sizeBytes = failBytes(this.fabric.timing.slots);
      this.fabric.send(id);
    }
  }

  private sendUpdate(to: number, about: number): void {
    const id = this.header(BusType.update, to);
    const m = this.fabric.pool.get(id);
    m.target = about;
    m.targetConfigEpoch = this.peers.configEpoch[about]!;
    m.targetSlots = this.node.slotsOf(about);
    m.sizeBytes = updateBytes(this.fabric.timing.slots);
    this.fabric.send(id);
  }

  // ——— receiving ———

  /** CLUSTER FORGET <node>. */
  forget(j: number): void {
    this.peers.forget(j, this.fabric.engine.now);
  }

  /** CLUSTER MEET <node>: handshake with `j`. */
  meet(j: number): void {
    this.peers.learn(j, this.fabric.engine.now);
    this.node.saveConfig(false);
    this.sendHeartbeat(BusType.meet, j, false);
  }

  private receive(m: BusMessage): void {
    const now = this.fabric.engine.now;
    const s = m.from;
    const node = this.node;
    if (!this.peers.knows(s)) {
      if (m.type !== BusType.meet || this.peers.isForgotten(s, now)) return;
      this.peers.learn(s, now);
      node.saveConfig(false);
    }
    this.peers.dataReceived[s] = now;
    if (m.currentEpoch > node.currentEpoch) node.currentEpoch = m.currentEpoch;
    this.peers.replOffset[s] = m.replOffset;
    if (this.peers.primaryOf[s] !== m.primaryOf) {
      this.peers.primaryOf[s] = m.primaryOf;
      node.saveConfig(false);
    }
    if (m.type === BusType.ping || m.type === BusType.pong || m.type === BusType.meet) this.heartbeat(m);
    else if (m.type === BusType.fail) this.failReceived(m.target);
    else if (m.type === BusType.update) this.updateReceived(m);
    else if (m.type === BusType.authRequest) this.election.vote(m);
    else if (m.type === BusType.authAck) this.election.ackReceived(m);
    else if (m.type === BusType.mfStart) this.election.manualStartReceived(m.from);
    else if (m.type === BusType.publish || m.type === BusType.publishShard) this.subscribers?.deliver(m.publishKey, m.type === BusType.publishShard);
  }

  private heartbeat(m: BusMessage): void {
    const now = this.fabric.engine.now;
    const s = m.from;
    if (m.type === BusType.ping || m.type === BusType.meet) this.sendHeartbeat(BusType.pong, s, true, m.link);
    if (m.type === BusType.pong && m.reply) {
      this.peers.setPong(s, now);
      this.peers.setPingSent(s, 0);
      // With no ping outstanding, the next ping to s is due T/2 after this pong (perhaps before what the last scan computed).
      this.peers.scanDueNs = Math.min(this.peers.scanDueNs, now + this.timeoutNs / 2);
      if (this.peers.flagsOf(s) & PFAIL) {
        this.peers.setFlags(s, this.peers.flagsOf(s) & ~PFAIL);
        this.node.saveConfig(false);
      } else if (this.peers.flagsOf(s) & FAIL) this.clearFailIfNeeded(s, m);
    }
    if (m.primaryOf < 0 && m.configEpoch > this.peers.configEpoch[s]!) {
      this.peers.configEpoch[s] = m.configEpoch;
      this.node.saveConfig(true);
    }
    if (m.primaryOf < 0 && this.peers.slotsVersion[s] !== m.slotsVersion) {
      this.peers.slotsVersion[s] = m.slotsVersion;
      this.claimReceived(s, m.configEpoch, m.slots, true);
    }
    this.gossipReceived(m);
    if (m.mfPaused && m.from === this.node.primaryOf) this.election.primaryPaused(m.replOffset);
  }

  private clearFailIfNeeded(s: number, m: BusMessage): void {
    const slotless = m.primaryOf >= 0 || m.slots.length === 0;
    if (slotless || this.fabric.engine.now - this.peers.failTime[s]! > 2 * this.timeoutNs) {
      this.peers.setFlags(s, this.peers.flagsOf(s) & ~FAIL);
      this.node.saveConfig(false);
    }
  }

  private gossipReceived(m: BusMessage): void {
    const now = this.fabric.engine.now;
    const me = this.node.index;
    const senderIsPrimary = m.primaryOf < 0 && m.slots.length > 0;
    const g = m.gossip;
    const state = this.peers.state;
    // Whether any failure report may exist: read once (a Map's size, per entry, was about a fifteenth of this loop), set
    // when one is added; left true when they all go, which is harmless (the look-ups then find none, as they would).
    let reports = this.peers.hasReports;
    for (let e = 0; e < m.gossipCount; e++) {
      const j = g[3 * e]!;
      if (j === me) continue;
      const peer = state[j]!;
      if ((peer & KNOWN) === 0) {
        if (!this.peers.isForgotten(j, now)) this.meet(j);
        continue;
      }
      const flags = g[3 * e + 2]!;
      if (senderIsPrimary) {
        if (flags & (PFAIL | FAIL)) {
          this.peers.addReport(j, m.from, now);
          reports = true;
          this.markFailingIfNeeded(j);
        } else if (reports) this.peers.deleteReport(j, m.from);
      }
      if ((flags & (PFAIL | FAIL)) === 0 && (state[j]! & PING_OUT) === 0 && (!reports || this.validReports(j) === 0)
        && isNewerPong(state[j]!, g[3 * e + 1]!) && g[3 * e + 1]! * 1e9 <= now + 500e6) {
        this.peers.setPong(j, g[3 * e + 1]! * 1e9);
      }
    }
  }

  /** Failure reports about `target` younger than 2T. */
  validReports(target: number): number {
    return this.peers.validReports(target, this.fabric.engine.now, 2 * this.timeoutNs);
  }

  private markFailingIfNeeded(target: number): void {
    if ((this.peers.flagsOf(target) & PFAIL) === 0 || (this.peers.flagsOf(target) & FAIL) !== 0) return;
    const failures = this.validReports(target) + (this.ownsSlots() ? 1 : 0);
    if (failures < this.quorum()) return;
    this.peers.setFlags(target, FAIL);
    this.peers.failTime[target] = this.fabric.engine.now;
    this.node.saveConfig(false);
    this.fabric.event(ClusterEventKind.fail, this.node.index, target);
    this.broadcastFail(target);
    this.updateState();
    if (!this.node.isPrimary) this.election.handle();
  }

  private failReceived(target: number): void {
    if (target === this.node.index || (this.peers.flagsOf(target) & FAIL)) return;
    this.peers.setFlags(target, FAIL);
    this.peers.failTime[target] = this.fabric.engine.now;
    this.node.saveConfig(false);
    this.updateState();
    if (!this.node.isPrimary) this.election.handle();
  }

  private updateReceived(m: BusMessage): void {
    if (this.peers.configEpoch[m.target]! >= m.targetConfigEpoch) return;
    this.peers.configEpoch[m.target] = m.targetConfigEpoch;
    this.node.saveConfig(true);
    this.claimReceived(m.target, m.targetConfigEpoch, m.targetSlots, false);
  }

  /** clusterUpdateSlotsConfigWith: slots claimed by `sender` with `configEpoch`. */
  private claimReceived(sender: number, configEpoch: number, slots: Int32Array, answerStale: boolean): void {
    const node = this.node;
    const me = node.index;
    const myPrimary = node.primaryOf;
    let lostMine = false;
    let changed = false;
    let updateAbout = -1;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      const current = node.owner[slot]!;
      if (current === sender) continue;
      const currentEpoch = current < 0 ? -1 : current === me ? node.configEpoch : this.peers.configEpoch[current]!;
      if (currentEpoch < configEpoch) {
        if (current === me) lostMine = true;
        node.setOwner(slot, sender);
        changed = true;
      } else if (answerStale && updateAbout < 0 && currentEpoch > configEpoch) updateAbout = current;
    }
    if (updateAbout >= 0) this.sendUpdate(sender, updateAbout);
    if (changed) node.saveConfig(true);
    if (lostMine && node.isPrimary && node.slotCount[me] === 0) this.election.demote(sender);
    else if (!node.isPrimary && myPrimary >= 0 && node.slotCount[myPrimary] === 0 && slots.length > 0) {
      node.primaryOf = sender;
      this.fabric.replication.follow(me, sender);
    }
    if (changed) this.updateState();
  }

  // ——— cluster state ———

  ownsSlots(): boolean {
    return this.node.isPrimary && this.node.slotCount[this.node.index]! > 0;
  }

  /** floor(M/2) + 1, M = primaries owning at least one slot in this view. */
  quorum(): number {
    return Math.floor(this.node.ownersWithSlots / 2) + 1;
  }

  /** clusterUpdateState (cluster-state.ts). */
  updateState(): void {
    this.state.update();
  }
}
