// min-replicas-to-write (REDIS-MODEL §7): every replica's replicationCron (1 s, on its own thread,
// so a paused replica sends none) sends REPLCONF ACK to the primary it follows once its sync is
// done (a replica in a full sync has no master client yet). Once a second each primary counts the
// replicas following it that are online (their sync done: refreshGoodSlavesCount counts only
// SLAVE_STATE_ONLINE, src/replication.c) and alive (a dead replica's host reset its connection, so
// the primary freed it) and whose last ACK to it is at most `maxLag` old (1-second resolution);
// while fewer than `minReplicas` are good it refuses writes with -NOREPLICAS, serving reads as
// usual. The ACK travels on the replica's connection to its primary (its stream's `back` direction),
// so each new replication stream (a failover, a restart of either end) is a new connection, and an
// ACK still resent on an old one holds up nothing and counts for nothing. The replica's cron is a
// timer of its own, one task queued at a time (a paused replica runs one when it resumes), none
// while its process is down.
// Abstracted: the primary records ACKs and counts good replicas off its thread.
// Parameters: minReplicas (count, 0 = off), maxLag (ns, default 10 s).

import type { Engine, EventHandler } from '../../sim/engine/engine.js';
import type { RequestTable } from '../request/request-table.js';
import type { Network } from '../network/network.js';
import type { RedisServer } from '../server/redis-server.js';
import { Admission } from '../server/server-hooks.js';
import { Op, Outcome, Purpose } from '../signals.js';
import type { ReplicationHub } from './replication-hub.js';

const CRON_NS = 1e9;
/** Bytes of "REPLCONF ACK <offset>". */
const ACK_BYTES = 40;

export class MinReplicas {
  /** Per server as a replica: when its last ACK reached a primary, and which one. */
  private readonly lastAckNs: Float64Array;
  private readonly ackedTo: Int32Array;
  /** Per server as a primary: good replicas at its last count. */
  private readonly good: Int32Array;
  private readonly onPrimaryCron: EventHandler = () => this.count();

  constructor(
    private readonly engine: Engine, network: Network, private readonly requests: RequestTable,
    private readonly servers: readonly RedisServer[], private readonly hub: ReplicationHub,
    private readonly minReplicas: number, private readonly maxLagNs: number,
  ) {
    this.lastAckNs = new Float64Array(servers.length);
    this.ackedTo = Int32Array.from(servers, (_, i) => this.primaryOf(i));
    this.good = Int32Array.from(servers, (_, p) => this.ackedTo.filter((q) => q === p).length);
    servers.forEach((replica, i) => {
      // An ACK carries its stream's number: one sent on a connection the replica has left counts for nothing.
      const onAck: EventHandler = (stream) => {
        const now = this.hub.streamInto(i);
        if (now === null || now.index !== stream) return;
        this.lastAckNs[i] = this.engine.now;
        this.ackedTo[i] = this.primaryOf(i);
      };
      // The run of the process whose cron task is queued (−1: none); a crash drops it with the rest of the queue.
      let queuedRun = -1;
      const kind = replica.addTask({
        begin: () => 100,
        finish: () => {
          queuedRun = -1;
          const stream = this.hub.streamInto(i);
          // A replica acknowledges only once its sync is done (replicationSendAck needs server.master, set when the RDB is loaded).
          if (stream !== null && stream.linkUp) network.send(replica.options.host, stream.primary.options.host, ACK_BYTES, Purpose.replication, stream.back, onAck, stream.index);
        },
      });
      // The cron's timer runs whether or not the process does: a crashed process runs no cron, and its restart resumes it.
      const tick = (): void => {
        if (!replica.crashed && queuedRun !== replica.incarnation) {
          queuedRun = replica.incarnation;
          replica.submitTask(kind, 0);
        }
        engine.schedule(CRON_NS, tick);
      };
      engine.schedule(CRON_NS * (i / servers.length), tick);
    });
    engine.schedule(CRON_NS, this.onPrimaryCron);
  }

  private primaryOf(server: number): number {
    const stream = this.hub.streamInto(server);
    return stream ? this.servers.indexOf(stream.primary) : -1;
  }

  private count(): void {
    const nowS = Math.floor(this.engine.now / 1e9);
    this.good.fill(0);
    for (let i = 0; i < this.servers.length; i++) {
      const p = this.ackedTo[i]!;
      if (p >= 0 && !this.servers[i]!.crashed && this.primaryOf(i) === p && this.hub.streamInto(i)!.linkUp && nowS - Math.floor(this.lastAckNs[i]! / 1e9) <= this.maxLagNs / 1e9) this.good[p]!++;
    }
    this.engine.schedule(CRON_NS, this.onPrimaryCron);
  }

  /** Whether server `primary` serves request `req` now (refused with NOREPLICAS: a write with too few good replicas). */
  admit(primary: number, req: number): number {
    if (this.good[primary]! >= this.minReplicas) return Admission.serve;
    const t = this.requests;
    for (let i = req * t.stride, end = i + t.commandCount[req]!; i < end; i++) {
      if (t.cmdOp[i] !== Op.get) {
        t.outcome[req] = Outcome.noreplicas;
        return Admission.refuse;
      }
    }
    return Admission.serve;
  }
}
