// One sentinel's failover of its master (REDIS-MODEL §8, sentinel.c 7.0): the start gate (ODOWN, no
// failover within 2 × failover-timeout: current_epoch++, start time + rand()%1000 ms), the leader
// election (one vote per epoch, for the first asker or itself; a sentinel that voted for another
// delays its own start by rand()%1000 ms; a winner needs max(floor(S/2)+1, quorum) votes of the
// epoch; not elected within min(10 s, failover-timeout) → abort), replica selection
// (replica-selection.ts), REPLICAOF NO ONE to it, promotion seen only in its INFO (then config
// epoch = failover epoch and the new address is handed out and published at once), reconfiguration
// of the other replicas at most parallel-syncs at a time (done when INFO shows the new master with
// its link up, or 10 s after the command), and the end when all are done (or after failover-timeout),
// after which the sentinel monitors the promoted replica as its master. One state step per timer run.
// Abstracted: run ids (process indexes; ties between equal vote counts go to the lowest index),
// the -failover-abort-slave-timeout path when the promoted replica's link is disconnected.
// Parameters: quorum, failover-timeout (ns), parallel-syncs (SentinelTiming).

import { ClusterEventKind } from '../signals.js';
import { NEVER, Reconf } from './instance-records.js';
import { selectReplica } from './replica-selection.js';
import type { Sentinel } from './sentinel.js';

export const FailoverState = { none: 0, waitStart: 1, selectReplica: 2, sendNoOne: 3, waitPromotion: 4, reconfReplicas: 5, updateConfig: 6 } as const;

const ELECTION_TIMEOUT_NS = 10e9;
const MAX_DESYNC_MS = 1000;
const REPLICA_RECONF_TIMEOUT_NS = 10e9;

export class SentinelFailover {
  state: number = FailoverState.none;
  inProgress = false;
  startNs = NEVER;
  stateChangeNs = NEVER;
  /** The epoch of this sentinel's failover attempt. */
  epoch = 0;
  promoted = -1;
  /** This sentinel's vote: the leader it voted for and that vote's epoch. */
  leader = -1;
  leaderEpoch = 0;
  private readonly votes: Int32Array;

  constructor(private readonly s: Sentinel) {
    this.votes = new Int32Array(s.records.n);
  }

  private get now(): number {
    return this.s.fabric.engine.now;
  }

  private desyncNs(): number {
    return Math.floor(this.s.rng() * MAX_DESYNC_MS) * 1e6;
  }

  /** The master's address as sentinels hand it out: the promoted replica once its promotion was seen. */
  currentMasterAddress(): number {
    return this.inProgress && this.promoted >= 0 && this.state >= FailoverState.reconfReplicas ? this.promoted : this.s.master;
  }

  /** sentinelStartFailoverIfNeeded. */
  startIfNeeded(): boolean {
    const timing = this.s.fabric.timing;
    if (!this.s.odown || this.inProgress || this.now - this.startNs < 2 * timing.failoverTimeoutNs) return false;
    this.state = FailoverState.waitStart;
    this.inProgress = true;
    this.epoch = ++this.s.currentEpoch;
    this.startNs = this.now + this.desyncNs();
    this.stateChangeNs = this.now;
    return true;
  }

  /** sentinelVoteLeader: returns the leader voted for in this sentinel's latest vote (−1: none); its epoch is `leaderEpoch`. */
  vote(reqEpoch: number, candidate: number): number {
    const s = this.s;
    if (reqEpoch > s.currentEpoch) s.currentEpoch = reqEpoch;
    if (this.leaderEpoch < reqEpoch && s.currentEpoch <= reqEpoch) {
      this.leader = candidate;
      this.leaderEpoch = s.currentEpoch;
      if (candidate !== s.me) this.startNs = this.now + this.desyncNs();
    }
    return this.leader;
  }

  /** sentinelGetLeader: the leader of `epoch` by the peers' latest answers and this sentinel's vote, if it has enough votes. */
  private electedLeader(epoch: number): number {
    const s = this.s;
    const r = s.records;
    const votes = this.votes;
    votes.fill(0);
    let winner = -1;
    let max = 0;
    for (let k = r.data; k < r.n; k++) {
      if (k === s.me || r.leader[k]! < 0 || r.leaderEpoch[k] !== s.currentEpoch) continue;
      const v = ++votes[r.leader[k]!]!;
      if (v > max || (v === max && r.leader[k]! < winner)) {
        max = v;
        winner = r.leader[k]!;
      }
    }
    const mine = this.vote(epoch, winner >= 0 ? winner : s.me);
    if (mine >= 0 && this.leaderEpoch === epoch) {
      const v = ++votes[mine]!;
      if (v > max) {
        max = v;
        winner = mine;
      }
    }
    const voters = r.n - r.data;
    return winner >= 0 && max >= Math.floor(voters / 2) + 1 && max >= s.fabric.timing.quorum ? winner : -1;
  }

  abort(): void {
    this.inProgress = false;
    this.state = FailoverState.none;
    this.stateChangeNs = this.now;
    this.promoted = -1;
  }

  /** A new master: no failover in progress, and one may start at once. */
  reset(): void {
    this.abort();
    this.stateChangeNs = NEVER;
    this.startNs = NEVER;
    this.leader = -1;
  }

  /** sentinelFailoverStateMachine: one step. */
  step(): void {
    if (!this.inProgress) return;
    const s = this.s;
    const now = this.now;
    const timing = s.fabric.timing;
    switch (this.state) {
      case FailoverState.waitStart:
        if (this.electedLeader(this.epoch) !== s.me) {
          if (now - this.startNs > Math.min(ELECTION_TIMEOUT_NS, timing.failoverTimeoutNs)) this.abort();
          return;
        }
        s.fabric.event(ClusterEventKind.election, s.me, s.master);
        this.enter(FailoverState.selectReplica);
        return;
      case FailoverState.selectReplica:
        this.promoted = selectReplica(s.records, s.master, s.records.sdown[s.master] === 1, now);
        if (this.promoted < 0) this.abort();
        else this.enter(FailoverState.sendNoOne);
        return;
      case FailoverState.sendNoOne:
        // Not on a disconnected link: tried again at each timer run until failover-timeout.
        if (s.records.linkDown[this.promoted] === 1) {
          if (now - this.stateChangeNs > timing.failoverTimeoutNs) this.abort();
          return;
        }
        s.sendReplicaof(this.promoted, -1);
        this.enter(FailoverState.waitPromotion);
        return;
      case FailoverState.waitPromotion:
        if (now - this.stateChangeNs > timing.failoverTimeoutNs) this.abort();
        return;
      case FailoverState.reconfReplicas:
        this.reconfigureNext();
    }
  }

  private enter(state: number): void {
    this.state = state;
    this.stateChangeNs = this.now;
  }

  /** INFO shows the promoted replica as a master (+promoted-slave): its address is handed out from now on. */
  promotionSeen(): void {
    const s = this.s;
    s.configEpoch = this.epoch;
    this.enter(FailoverState.reconfReplicas);
    s.fabric.event(ClusterEventKind['switch-master'], this.promoted, s.master);
    s.records.lastPubNs.fill(NEVER);
  }

  /** INFO of replica `j` during the reconfiguration: RECONF_SENT → IN_PROGRESS (follows the new master) → DONE (link up). */
  replicaReported(j: number): void {
    const r = this.s.records;
    if (r.reconf[j] === Reconf.sent && r.reportedMaster[j] === this.promoted) r.reconf[j] = Reconf.inProgress;
    if (r.reconf[j] === Reconf.inProgress && r.linkUp[j] === 1) r.reconf[j] = Reconf.done;
  }

  private isOtherReplica(j: number): boolean {
    return j !== this.s.master && j !== this.promoted;
  }

  /** sentinelFailoverReconfNextSlave. */
  private reconfigureNext(): void {
    const s = this.s;
    const r = s.records;
    const now = this.now;
    let inProgress = 0;
    for (let j = 0; j < r.data; j++) if (this.isOtherReplica(j) && (r.reconf[j] === Reconf.sent || r.reconf[j] === Reconf.inProgress)) inProgress++;
    for (let j = 0; j < r.data && inProgress < s.fabric.timing.parallelSyncs; j++) {
      if (!this.isOtherReplica(j) || r.reconf[j] === Reconf.done) continue;
      if (r.reconf[j] === Reconf.sent && now - r.reconfSentNs[j]! > REPLICA_RECONF_TIMEOUT_NS) r.reconf[j] = Reconf.done;
      if (r.reconf[j] !== Reconf.none || r.linkDown[j] === 1) continue;
      this.sendReconf(j);
      inProgress++;
    }
    this.detectEnd();
  }

  private sendReconf(j: number): void {
    this.s.sendReplicaof(j, this.promoted);
    this.s.records.reconf[j] = Reconf.sent;
    this.s.records.reconfSentNs[j] = this.now;
  }

  /** sentinelFailoverDetectEnd. */
  private detectEnd(): void {
    const r = this.s.records;
    if (this.promoted < 0 || r.sdown[this.promoted] === 1) return;
    let notDone = 0;
    for (let j = 0; j < r.data; j++) if (this.isOtherReplica(j) && r.reconf[j] !== Reconf.done && r.sdown[j] === 0) notDone++;
    const timedOut = this.now - this.stateChangeNs > this.s.fabric.timing.failoverTimeoutNs;
    if (notDone > 0 && !timedOut) return;
    this.enter(FailoverState.updateConfig);
    if (!timedOut) return;
    for (let j = 0; j < r.data; j++) if (this.isOtherReplica(j) && r.reconf[j] === Reconf.none && r.linkDown[j] === 0) this.sendReconf(j);
  }

  /** sentinelFailoverSwitchToPromotedSlave: the failover is over; the promoted replica is the master. */
  switchToPromoted(): void {
    const s = this.s;
    s.fabric.event(ClusterEventKind['failover-end'], s.me, s.master);
    s.resetMaster(this.promoted);
  }
}
