// A Redis instance watched by sentinels (REDIS-MODEL §7–8): what it answers and how its role changes.
// Sentinel commands run on the instance's thread like client commands (a paused instance answers
// nothing, a crashed one drops them), each costing request + command of executor time (INFO more):
// PING → PONG; INFO → role, master, replication offset (counted in writes), master_link_status and
// replica-priority as they are when it runs; PUBLISH of a hello → ":n" and the message pushed to
// every sentinel (all subscribe to __sentinel__:hello on every instance); MULTI REPLICAOF … CONFIG
// REWRITE, CLIENT KILL TYPE normal/pubsub EXEC → the role change, then every client connection closed.
// REPLICAOF NO ONE: the replica stops following (writes it had not applied are lost) and takes
// writes. REPLICAOF <m> on a primary demotes it: the writes it took after another was promoted are
// lost and it resyncs in full if it took any. A replica refuses writes with -READONLY.
// Abstracted: the replica-side PSYNC handshake (a partial resync succeeds at once), CLIENT KILL of
// the sentinels' own links, runs ids (indexes), min-replicas state across restarts.
// Parameters: replica-priority (0 = never promoted, default 100).

import type { RequestTable } from '../request/request-table.js';
import type { MinReplicas } from '../replication/min-replicas.js';
import type { RedisServer } from '../server/redis-server.js';
import { Admission, type CommandRouter, type ServerTask } from '../server/server-hooks.js';
import { ClusterEventKind, Outcome } from '../signals.js';
import type { SentinelFabric } from './sentinel-fabric.js';
import { SentinelType } from './sentinel-message.js';
import {
  CONFIG_REWRITE_NS, HELLO_MESSAGE_BYTES, INFO_EXTRA_NS, infoReplyBytes, PONG_BYTES, PUBLISH_REPLY_BYTES, REPLICAOF_REPLY_BYTES,
} from './sentinel-wire.js';

export class MonitoredInstance implements ServerTask, CommandRouter {
  isPrimary: boolean;
  private readonly kind: number;
  private writesServed = 0;
  private writesWhenSuperseded = -1;
  /** The replica promoted in this one's place missed writes this one had taken, or this process restarted (a new replication ID): demoted, it resyncs in full. */
  private aheadOfSuccessor = false;
  private awaitingFirstWrite = false;

  constructor(
    private readonly fabric: SentinelFabric,
    readonly index: number,
    readonly server: RedisServer,
    private readonly requests: RequestTable,
    readonly priority: number,
    private readonly minReplicas: MinReplicas | null,
  ) {
    this.isPrimary = fabric.replication.streamInto(index) === null;
    this.kind = server.addTask(this);
    fabric.receivers[index] = (id) => server.submitTask(this.kind, id);
    server.router = this;
  }

  /** The instance this one replicates from, or −1. */
  get following(): number {
    const stream = this.fabric.replication.streamInto(this.index);
    return stream ? this.fabric.processes.indexOf(stream.primary) : -1;
  }

  begin(id: number): number {
    const m = this.fabric.pool.get(id);
    const cost = this.server.params.cost;
    if (m.type === SentinelType.info) return cost.request + cost.command + INFO_EXTRA_NS;
    if (m.type === SentinelType.replicaof) return cost.request + 6 * cost.command + CONFIG_REWRITE_NS;
    return cost.request + cost.command;
  }

  finish(id: number): void {
    const fabric = this.fabric;
    const m = fabric.pool.get(id);
    const asker = m.from;
    m.from = this.index;
    m.to = asker;
    switch (m.type) {
      case SentinelType.ping:
        m.type = SentinelType.pong;
        m.sizeBytes = PONG_BYTES;
        break;
      case SentinelType.info: {
        const stream = fabric.replication.streamInto(this.index);
        m.type = SentinelType.infoReply;
        m.flag = this.isPrimary ? 1 : 0;
        m.master = this.following;
        m.offset = this.server.replOffset;
        m.linkUp = stream?.linkUp ? 1 : 0;
        m.priority = this.priority;
        m.sizeBytes = infoReplyBytes(fabric.replication.streamsFrom(this.index).length);
        break;
      }
      case SentinelType.publish:
        this.fanOutHello(m.epoch, m.master, m.configEpoch, asker);
        m.type = SentinelType.publishReply;
        m.sizeBytes = PUBLISH_REPLY_BYTES;
        break;
      case SentinelType.replicaof:
        if (m.master < 0) this.promote();
        else this.follow(m.master);
        fabric.closeClients(this.index);
        m.type = SentinelType.replicaofReply;
        m.sizeBytes = REPLICAOF_REPLY_BYTES;
        break;
    }
    fabric.send(id);
  }

  /** Pushes a hello published here to every sentinel (each subscribes to the hello channel here). */
  private fanOutHello(epoch: number, master: number, configEpoch: number, publisher: number): void {
    const fabric = this.fabric;
    for (let s = fabric.data; s < fabric.processes.length; s++) {
      const id = fabric.pool.alloc(SentinelType.hello, this.index, s, HELLO_MESSAGE_BYTES);
      const h = fabric.pool.get(id);
      h.epoch = epoch; h.master = master; h.configEpoch = configEpoch; h.candidate = publisher;
      fabric.send(id);
    }
  }

  /** REPLICAOF NO ONE. */
  private promote(): void {
    if (this.isPrimary) return;
    const fabric = this.fabric;
    const old = this.following;
    const missed = fabric.replication.promote(this.index);
    fabric.lost(missed);
    this.isPrimary = true;
    this.awaitingFirstWrite = true;
    fabric.instances[old]?.supersede(missed);
    fabric.event(ClusterEventKind.promoted, this.index, old);
  }

  /** REPLICAOF <primary>: a primary is demoted; a replica switches (partial resync). */
  private follow(primary: number): void {
    if (primary === this.index || (!this.isPrimary && this.following === primary)) return;
    const fabric = this.fabric;
    if (!this.isPrimary) {
      fabric.replication.follow(this.index, primary);
      return;
    }
    const diverged = this.writesWhenSuperseded < 0 ? 0 : this.writesServed - this.writesWhenSuperseded;
    fabric.lost(diverged);
    this.isPrimary = false;
    this.writesWhenSuperseded = -1;
    // Writes its successor never got (before the promotion or after it) put its PSYNC offset beyond what the new primary took over, and a restarted process asks with no replication ID: a full resync (masterTryPartialResynchronization).
    fabric.replication.demote(this.index, primary, diverged > 0 || this.aheadOfSuccessor);
    this.aheadOfSuccessor = false;
    fabric.event(ClusterEventKind.demoted, this.index, primary);
  }

  /** Another instance was promoted in this one's place, missing `lostWrites` of the writes this one had taken: writes it serves from now on will be lost. */
  supersede(lostWrites: number): void {
    if (lostWrites > 0) this.aheadOfSuccessor = true;
    if (this.writesWhenSuperseded < 0) this.writesWhenSuperseded = this.writesServed;
  }

  /** The run ends: the writes this master served since another was promoted in its place, which its demotion would discard, counted now (and not again). */
  writesPendingLoss(): number {
    if (!this.isPrimary || this.writesWhenSuperseded < 0) return 0;
    const pending = this.writesServed - this.writesWhenSuperseded;
    this.writesWhenSuperseded = this.writesServed;
    return pending;
  }

  /** The process started again (empty, or with what its persistence reloaded): a replica resyncs in full from its primary; a primary stays a primary, and its replicas resync in full from it (a new replication ID). */
  restarted(): void {
    const primary = this.following;
    if (primary >= 0) this.fabric.replication.follow(this.index, primary, true);
    else if (this.isPrimary) {
      this.fabric.replication.primaryRestarted(this.index);
      this.aheadOfSuccessor = true;
    }
  }

  admit(req: number): number {
    if (this.requests.readsOnly(req)) return Admission.serve;
    if (!this.isPrimary) {
      this.requests.outcome[req] = Outcome.readonly;
      return Admission.refuse;
    }
    if (this.minReplicas && this.minReplicas.admit(this.index, req) === Admission.refuse) return Admission.refuse;
    this.writesServed++;
    if (this.awaitingFirstWrite) {
      this.awaitingFirstWrite = false;
      this.fabric.event(ClusterEventKind['first-write'], this.index, this.index);
    }
    return Admission.serve;
  }
}
