// A Redis Sentinel process (REDIS-MODEL §8, sentinel.c 7.0) monitoring one master, on its own host
// and thread (a paused sentinel runs no timer and answers nothing). Its timer runs every 1000/hz ms
// with hz = 10 + rand()%10 redrawn after each run (52…100 ms). Each run visits the master, its
// replicas and the other sentinels: sends INFO to the master and replicas every 10 s (replicas: 1 s
// while the master is ODOWN or failing over, or while they report their master link down), PING when
// the last reply is older than min(down-after, 1 s) and the last PING older than half that, and a
// hello (PUBLISH __sentinel__:hello) every 2 s to every instance and sentinel, nothing more to an
// instance with 100 commands pending; flags SDOWN when the oldest unanswered PING is older than
// down-after; for the master, ODOWN when it is SDOWN and quorum − 1 peers said so within 5 s, then
// the failover (sentinel-failover.ts), and `SENTINEL is-master-down-by-addr` to each peer while
// SDOWN at most once a second per peer (at once, with its vote request, when a failover starts).
// INFO replies drive promotion, reconfiguration, the demotion of a returning old master (reported
// master while it should be a replica, after 8 s of stable observation) and the fixing of a replica
// following a wrong master (after failover-timeout). A hello with a newer config epoch switches the
// master. Answers peers' PING, hello, is-master-down-by-addr (with its vote) and clients'
// get-master-addr-by-name.
// A command link whose PING has been pending for more than down-after/2 (and older than 15 s) is
// closed, and connected again (below) from the next timer run on, the PING clock kept (so SDOWN is
// not reset). A link whose process died is reset by its host (sentinel-fabric.ts). A disconnected
// link has nothing pending and carries no command (no PING, INFO, hello, is-master-down-by-addr,
// REPLICAOF: a failover waits for a promoted replica's link until failover-timeout, and skips a
// replica's in the reconfiguration); each visit at least a ping period after the last attempt
// connects it again (sentinelReconnectInstance), queuing a PING, which starts the PING clock if no
// PING was pending; a refused connect leaves it disconnected, a SYN-ACK connects it and sends that
// PING. So a killed master is SDOWN down-after after the sentinel's first reconnect (its next timer
// run), where a paused one is SDOWN down-after after the first PING it leaves unanswered (up to a
// ping period later). A disconnected link with no PING pending counts from its last reply
// (sentinelCheckSubjectivelyDown); a disconnected replica is not promoted (sentinelSelectSlave).
// Abstracted: TILT; the pub/sub link (replies to commands sent on a reopened link still count when
// they arrive), and a restarted sentinel's first connects (its links to running processes are taken
// as connected at once, those to dead ones as refused, reconnecting from its first timer run);
// discovery (every sentinel knows all instances and sentinels from the start); a master reporting
// itself a replica; scripts; the config file.
// Parameters: down-after (ns), quorum, failover-timeout (ns), parallel-syncs (SentinelTiming).

import type { EventHandler } from '../../sim/engine/engine.js';
import type { Rng } from '../../sim/random/rng.js';
import type { RedisServer } from '../server/redis-server.js';
import type { ServerTask } from '../server/server-hooks.js';
import { ClusterEventKind } from '../signals.js';
import { InstanceRecords, NEVER } from './instance-records.js';
import type { SentinelFabric } from './sentinel-fabric.js';
import { FailoverState, SentinelFailover } from './sentinel-failover.js';
import { SentinelType } from './sentinel-message.js';
import {
  askBytes, askReplyBytes, GET_ADDR_REPLY_BYTES, INFO_BYTES, PING_BYTES, PONG_BYTES, PUBLISH_BYTES, PUBLISH_REPLY_BYTES, replicaofBytes,
  SENTINEL_MESSAGE_NS, SENTINEL_TIMER_PER_INSTANCE_NS,
} from './sentinel-wire.js';

const INFO_PERIOD_NS = 10e9;
const FAST_INFO_PERIOD_NS = 1e9;
const PING_PERIOD_NS = 1e9;
const PUBLISH_PERIOD_NS = 2e9;
const ASK_PERIOD_NS = 1e9;
const ASK_FORGET_NS = 5e9;
const MAX_PENDING_COMMANDS = 100;
const MIN_LINK_RECONNECT_PERIOD_NS = 15e9;
/** Timer task index; message k runs as task k + 1. */
const TIMER = 0;

export class Sentinel implements ServerTask {
  readonly records: InstanceRecords;
  readonly failover: SentinelFailover;
  master = 0;
  configEpoch = 0;
  currentEpoch = 0;
  odown = false;
  private readonly kind: number;
  private timerQueued = false;
  /** The process's run the timer chain belongs to: a chain scheduled before a crash ends, even when the process runs again before its next tick. */
  private timerRun = 0;
  private readonly onTimer: EventHandler = (run) => {
    if (run !== this.timerRun || this.server.crashed || this.timerQueued) return;
    this.timerQueued = true;
    this.server.submitTask(this.kind, TIMER);
  };

  constructor(readonly fabric: SentinelFabric, readonly me: number, readonly server: RedisServer, readonly rng: Rng, priorities: readonly number[]) {
    this.records = new InstanceRecords(fabric.processes.length, fabric.data);
    this.records.priority.set(priorities);
    this.failover = new SentinelFailover(this);
    this.kind = server.addTask(this);
    fabric.receivers[me] = (id) => server.submitTask(this.kind, id + 1);
  }

  private get now(): number {
    return this.fabric.engine.now;
  }

  private get pingPeriodNs(): number {
    return Math.min(this.fabric.timing.downAfterNs, PING_PERIOD_NS);
  }

  /** A deployment already running: every link answered recently, INFO, hello and PING phases spread at random. */
  start(): void {
    const r = this.records;
    for (let j = 0; j < r.n; j++) {
      if (j === this.me) continue;
      r.lastPongNs[j] = r.lastAvailNs[j] = r.lastPingNs[j] = this.now - this.rng() * this.pingPeriodNs;
      r.lastPubNs[j] = this.now - this.rng() * PUBLISH_PERIOD_NS;
      if (j >= r.data) continue;
      r.infoRefreshNs[j] = this.now - this.rng() * INFO_PERIOD_NS;
      r.roleMaster[j] = j === this.master ? 1 : 0;
      r.reportedMaster[j] = j === this.master ? -1 : this.master;
    }
    this.scheduleTimer();
  }

  /** The process started again: new links (nothing pending, last replies now), same configuration. */
  restarted(): void {
    const r = this.records;
    r.pending.fill(0);
    r.actPingNs.fill(NEVER);
    r.lastPongNs.fill(this.now);
    r.lastAvailNs.fill(this.now);
    r.linkCreatedNs.fill(this.now);
    // Its first timer run connects every link: those to dead processes are refused, and stay disconnected.
    for (let j = 0; j < r.n; j++) r.linkDown[j] = j !== this.me && this.fabric.processes[j]!.crashed ? 1 : 0;
    r.lastReconnNs.fill(NEVER);
    this.timerQueued = false;
    this.timerRun++;
    this.scheduleTimer();
  }

  private scheduleTimer(): void {
    const hz = 10 + Math.floor(this.rng() * 10);
    this.fabric.engine.schedule(Math.floor(1000 / hz) * 1e6, this.onTimer, this.timerRun);
  }

  begin(index: number): number {
    return index === TIMER ? SENTINEL_TIMER_PER_INSTANCE_NS * this.records.n : SENTINEL_MESSAGE_NS;
  }

  finish(index: number): void {
    if (index !== TIMER) {
      this.receive(index - 1);
      return;
    }
    this.timerQueued = false;
    this.tick();
    this.scheduleTimer();
  }

  // ——— timer ———

  private tick(): void {
    const r = this.records;
    this.visit(this.master);
    for (let j = 0; j < r.n; j++) if (j !== this.master && j !== this.me) this.visit(j);
    if (this.failover.state === FailoverState.updateConfig) this.failover.switchToPromoted();
  }

  private visit(j: number): void {
    this.reconnect(j);
    this.sendPeriodicCommands(j);
    this.checkSubjectivelyDown(j);
    if (j !== this.master) return;
    this.checkObjectivelyDown();
    if (this.failover.startIfNeeded()) this.askPeers(true);
    this.failover.step();
    this.askPeers(false);
  }

  /** sentinelReconnectInstance: a disconnected link connects again, at most once a ping period; the PING it queues starts the PING clock if none was pending. */
  private reconnect(j: number): void {
    const r = this.records;
    if (r.linkDown[j] === 0 || this.now - r.lastReconnNs[j]! < PING_PERIOD_NS) return;
    r.lastReconnNs[j] = this.now;
    r.reconnects[j]!++;
    r.pending[j] = 0;
    r.lastPingNs[j] = this.now;
    if (r.actPingNs[j] === NEVER) r.actPingNs[j] = this.now;
    this.fabric.connect(this.me, j, r.reconnects[j]!);
  }

  private sendPeriodicCommands(j: number): void {
    const r = this.records;
    const now = this.now;
    if (r.linkDown[j] === 1 || r.pending[j]! >= MAX_PENDING_COMMANDS) return;
    if (j < r.data) {
      const fast = j !== this.master && (this.odown || this.failover.inProgress || r.linkUp[j] === 0);
      if (now - r.infoRefreshNs[j]! > (fast ? FAST_INFO_PERIOD_NS : INFO_PERIOD_NS)) this.fabric.send(this.command(SentinelType.info, j, INFO_BYTES));
    }
    const period = this.pingPeriodNs;
    if (now - r.lastPongNs[j]! > period && now - r.lastPingNs[j]! > period / 2) {
      r.lastPingNs[j] = now;
      if (r.actPingNs[j] === NEVER) r.actPingNs[j] = now;
      this.fabric.send(this.command(SentinelType.ping, j, PING_BYTES));
    }
    if (now - r.lastPubNs[j]! > PUBLISH_PERIOD_NS) {
      const id = this.command(SentinelType.publish, j, PUBLISH_BYTES);
      const m = this.fabric.pool.get(id);
      m.epoch = this.currentEpoch; m.master = this.failover.currentMasterAddress(); m.configEpoch = this.configEpoch;
      this.fabric.send(id);
    }
  }

  private replied(from: number): void {
    const r = this.records;
    if (r.pending[from]! > 0) r.pending[from]!--;
  }

  private command(type: number, to: number, bytes: number): number {
    this.records.pending[to]!++;
    return this.fabric.pool.alloc(type, this.me, to, bytes);
  }

  /** REPLICAOF NO ONE (target −1) or REPLICAOF <target>, with CONFIG REWRITE and CLIENT KILL, in MULTI/EXEC. */
  sendReplicaof(j: number, target: number): void {
    const id = this.command(SentinelType.replicaof, j, replicaofBytes(target < 0));
    this.fabric.pool.get(id).master = target;
    this.fabric.send(id);
  }

  private checkSubjectivelyDown(j: number): void {
    const r = this.records;
    const now = this.now;
    const half = this.fabric.timing.downAfterNs / 2;
    if (r.linkDown[j] === 0 && now - r.linkCreatedNs[j]! > MIN_LINK_RECONNECT_PERIOD_NS && r.actPingNs[j] !== NEVER && now - r.actPingNs[j]! > half && now - r.lastPongNs[j]! > half) {
      // instanceLinkCloseConnection: closed, and connected again from the next timer run on.
      r.linkDown[j] = 1;
      r.pending[j] = 0;
    }
    const elapsed = r.actPingNs[j] !== NEVER ? now - r.actPingNs[j]! : r.linkDown[j] === 1 ? now - r.lastAvailNs[j]! : 0;
    if (elapsed > this.fabric.timing.downAfterNs) {
      if (r.sdown[j] === 1) return;
      r.sdown[j] = 1;
      r.sdownSinceNs[j] = this.now;
      this.fabric.event(ClusterEventKind.sdown, this.me, j);
    } else r.sdown[j] = 0;
  }

  private checkObjectivelyDown(): void {
    const r = this.records;
    let agree = 0;
    if (r.sdown[this.master] === 1) {
      agree = 1;
      for (let k = r.data; k < r.n; k++) if (k !== this.me && r.masterDown[k] === 1) agree++;
    }
    if (agree > 0 && agree >= this.fabric.timing.quorum) {
      if (this.odown) return;
      this.odown = true;
      this.fabric.event(ClusterEventKind.odown, this.me, this.master);
    } else this.odown = false;
  }

  /** sentinelAskMasterStateToOtherSentinels. */
  private askPeers(forced: boolean): void {
    const r = this.records;
    const now = this.now;
    for (let k = r.data; k < r.n; k++) {
      if (k === this.me) continue;
      const elapsed = now - r.lastMasterDownReplyNs[k]!;
      if (elapsed > ASK_FORGET_NS) {
        r.masterDown[k] = 0;
        r.leader[k] = -1;
      }
      if (r.sdown[this.master] === 0 || r.linkDown[k] === 1 || (!forced && elapsed < ASK_PERIOD_NS)) continue;
      const candidate = this.failover.state > FailoverState.none ? this.me : -1;
      const id = this.command(SentinelType.ask, k, askBytes(candidate >= 0));
      const m = this.fabric.pool.get(id);
      m.master = this.master; m.epoch = this.currentEpoch; m.candidate = candidate;
      this.fabric.send(id);
    }
  }

  // ——— messages ———

  private receive(id: number): void {
    const fabric = this.fabric;
    const m = fabric.pool.get(id);
    const r = this.records;
    const from = m.from;
    switch (m.type) {
      case SentinelType.reset:
        if (r.linkDown[from] === 0) {
          r.linkDown[from] = 1;
          r.pending[from] = 0;
        }
        break;
      case SentinelType.connected:
        if (r.linkDown[from] === 1 && m.epoch === r.reconnects[from]) {
          r.linkDown[from] = 0;
          r.linkCreatedNs[from] = this.now;
          // The PING queued when the link reconnected.
          fabric.send(this.command(SentinelType.ping, from, PING_BYTES));
        }
        break;
      case SentinelType.refused:
        break;
      case SentinelType.pong:
        this.replied(from);
        r.lastPongNs[from] = r.lastAvailNs[from] = this.now;
        r.actPingNs[from] = NEVER;
        break;
      case SentinelType.infoReply:
        this.replied(from);
        this.infoReceived(from, m.flag, m.master, m.offset, m.linkUp, m.priority);
        break;
      case SentinelType.publishReply:
        this.replied(from);
        r.lastPubNs[from] = this.now;
        break;
      case SentinelType.askReply:
        this.replied(from);
        r.lastMasterDownReplyNs[from] = this.now;
        r.masterDown[from] = m.flag;
        if (m.leader >= 0) {
          r.leader[from] = m.leader;
          r.leaderEpoch[from] = m.configEpoch;
        }
        break;
      case SentinelType.replicaofReply:
        this.replied(from);
        break;
      case SentinelType.hello:
        if (m.candidate !== this.me) this.helloReceived(m.epoch, m.master, m.configEpoch);
        break;
      default:
        this.answer(id);
        return;
    }
    fabric.pool.release(id);
  }

  /** Commands from peers and clients: answered in place (the message becomes its reply). */
  private answer(id: number): void {
    const fabric = this.fabric;
    const m = fabric.pool.get(id);
    m.to = m.from;
    m.from = this.me;
    switch (m.type) {
      case SentinelType.ping:
        m.type = SentinelType.pong;
        m.sizeBytes = PONG_BYTES;
        break;
      case SentinelType.publish:
        this.helloReceived(m.epoch, m.master, m.configEpoch);
        m.type = SentinelType.publishReply;
        m.sizeBytes = PUBLISH_REPLY_BYTES;
        break;
      case SentinelType.ask: {
        const ours = m.master === this.master;
        m.type = SentinelType.askReply;
        m.flag = ours && this.records.sdown[this.master] === 1 ? 1 : 0;
        m.leader = ours && m.candidate >= 0 ? this.failover.vote(m.epoch, m.candidate) : -1;
        m.configEpoch = m.leader >= 0 ? this.failover.leaderEpoch : 0;
        m.sizeBytes = askReplyBytes(m.leader >= 0);
        break;
      }
      case SentinelType.getAddr:
        m.type = SentinelType.getAddrReply;
        m.master = this.failover.currentMasterAddress();
        m.sizeBytes = GET_ADDR_REPLY_BYTES;
        fabric.sendToClient(id);
        return;
    }
    fabric.send(id);
  }

  private helloReceived(epoch: number, master: number, configEpoch: number): void {
    if (epoch > this.currentEpoch) this.currentEpoch = epoch;
    if (configEpoch <= this.configEpoch) return;
    this.configEpoch = configEpoch;
    if (master !== this.master) this.resetMaster(master);
  }

  /** sentinelResetMasterAndChangeAddress: monitor `master` from now on, with fresh records (links kept). */
  resetMaster(master: number): void {
    this.master = master;
    this.records.reset(master, this.now);
    this.odown = false;
    this.failover.reset();
  }

  /** sentinelRefreshInstanceInfo, for the rules that matter here. */
  private infoReceived(j: number, roleMaster: number, master: number, offset: number, linkUp: number, priority: number): void {
    const r = this.records;
    const now = this.now;
    r.infoRefreshNs[j] = now;
    if (r.roleMaster[j] !== roleMaster) {
      r.roleMaster[j] = roleMaster;
      r.roleReportedNs[j] = now;
    }
    if (r.reportedMaster[j] !== master) {
      r.reportedMaster[j] = master;
      r.masterChangedNs[j] = now;
    }
    r.offset[j] = offset;
    r.linkUp[j] = linkUp;
    r.priority[j] = priority;
    if (j === this.master) return;
    const failover = this.failover;
    if (roleMaster === 1) {
      if (j === failover.promoted) {
        if (failover.inProgress && failover.state === FailoverState.waitPromotion) failover.promotionSeen();
      } else if (this.masterLooksSane() && this.noDownFor(j, 4 * PUBLISH_PERIOD_NS) && now - r.roleReportedNs[j]! > 4 * PUBLISH_PERIOD_NS) {
        this.sendReplicaof(j, this.master);
      }
      return;
    }
    const wait = this.fabric.timing.failoverTimeoutNs;
    if (master !== this.master && this.masterLooksSane() && this.noDownFor(j, wait) && now - r.masterChangedNs[j]! > wait) this.sendReplicaof(j, this.master);
    failover.replicaReported(j);
  }

  private masterLooksSane(): boolean {
    const r = this.records;
    const m = this.master;
    return r.roleMaster[m] === 1 && r.sdown[m] === 0 && !this.odown && this.now - r.infoRefreshNs[m]! < 2 * INFO_PERIOD_NS;
  }

  /** sentinelRedisInstanceNoDownFor, for a replica: not flagged SDOWN in the last `ns`. */
  private noDownFor(j: number, ns: number): boolean {
    const since = this.records.sdownSinceNs[j]!;
    return since === NEVER || this.now - since > ns;
  }
}
