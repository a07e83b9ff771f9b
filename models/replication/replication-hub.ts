// Who replicates from whom, for a set of servers whose roles change (failover, demotion, restart):
// each replica follows at most one primary through one stream; following another primary detaches
// the old stream (its writes in flight are dropped) and starts a new one, either as a partial
// resync (the replica's data is kept, as PSYNC after a failover allows) or as a full sync. A primary
// whose process died and started again has a new replication ID (and, with persistence, an older
// offset than its replicas'), so each replica that follows it resyncs in full and takes what it
// holds now: nothing, without persistence (the data loss the Redis replication docs warn of).
// A replica that leaves closes its connection: the primary keeps it in its list, and PINGs it
// (replication-pings.ts), until the FIN reaches it (resent by TCP through a partition; at once on a
// path that can lose nothing). A replica promoted in its primary's place took over the primary's
// offset as far as it got: a demoted primary that fed its backlog a PING its successor never got,
// before the promotion or after it, resyncs in full.
// Abstracted: the primary's repl-timeout (60 s without an ACK), which would also drop a replica cut
// off for that long.

import type { Engine, EventHandler } from '../../sim/engine/engine.js';
import type { Network } from '../network/network.js';
import { FIN_BYTES } from '../network/tcp-segments.js';
import type { RedisServer } from '../server/redis-server.js';
import { Purpose } from '../signals.js';
import { startReplicationPings } from './replication-pings.js';
import { ReplicationFanOut, ReplicationStream } from './replication-stream.js';

export class ReplicationHub {
  private readonly fanOuts: ReplicationFanOut[];
  private readonly inbound: (ReplicationStream | null)[];
  /** Streams whose replica left, until the FIN reaches the primary, by number. */
  private readonly leaving = new Map<number, ReplicationStream>();
  private left = 0;
  private readonly onFin: EventHandler = (n) => {
    const stream = this.leaving.get(n)!;
    this.leaving.delete(n);
    this.drop(stream);
  };
  /** Per server superseded as a primary: its backlog's PINGs then (−1: not superseded), and whether its successor had missed one by then. */
  private readonly pingsWhenSuperseded: Float64Array;
  private readonly successorMissedPing: Uint8Array;

  constructor(
    private readonly engine: Engine, private readonly network: Network,
    private readonly servers: readonly RedisServer[], private readonly keyBytes: number,
  ) {
    this.fanOuts = servers.map((s) => {
      const fanOut = new ReplicationFanOut();
      s.writeListener = fanOut;
      return fanOut;
    });
    this.inbound = servers.map(() => null);
    this.pingsWhenSuperseded = new Float64Array(servers.length).fill(-1);
    this.successorMissedPing = new Uint8Array(servers.length);
    startReplicationPings(engine, servers, this.fanOuts);
  }

  /**
   * Makes server `replica` follow server `primary` (−1: follow nobody, it is a primary now), with a full sync if asked.
   * A new stream from the primary it followed already (a restart of either) still counts what the replica never got
   * from the old one as sent: the writes a promotion before the sync ends would lose.
   */
  follow(replica: number, primary: number, fullSync = false): void {
    const old = this.inbound[replica];
    const missing = old !== null && old.primary === this.servers[primary] ? old.lag : 0;
    if (old) {
      old.detached = true;
      this.inbound[replica] = null;
      this.leave(old);
    }
    this.servers[replica]!.following = primary >= 0;
    if (primary < 0) return;
    const stream = new ReplicationStream(this.engine, this.network, this.servers[primary]!, this.servers[replica]!, this.keyBytes);
    this.fanOuts[primary]!.streams.push(stream);
    this.inbound[replica] = stream;
    stream.sentWrites = missing;
    if (fullSync) stream.fullSync();
  }

  /**
   * Promotes replica `successor` (REPLICAOF NO ONE, or a cluster failover): it stops following its primary and takes
   * over the primary's offset as far as it got. Returns the writes it never got (lost).
   */
  promote(successor: number): number {
    const stream = this.inbound[successor];
    if (stream === null) return 0;
    const old = this.servers.indexOf(stream.primary);
    if (this.pingsWhenSuperseded[old]! < 0) this.pingsWhenSuperseded[old] = this.fanOuts[old]!.pings;
    if (stream.pingsMissed > 0) this.successorMissedPing[old] = 1;
    const lost = stream.lag;
    this.follow(successor, -1);
    return lost;
  }

  /**
   * Demotes superseded primary `old` to a replica of `primary`: in full when it took writes its successor never got
   * (`aheadByWrites`) or fed its backlog a PING its successor never got (its PSYNC offset is then beyond the one the
   * successor took over: masterTryPartialResynchronization refuses it), else partially.
   */
  demote(old: number, primary: number, aheadByWrites: boolean): void {
    const aheadByPing = this.successorMissedPing[old] === 1 || (this.pingsWhenSuperseded[old]! >= 0 && this.fanOuts[old]!.pings > this.pingsWhenSuperseded[old]!);
    this.pingsWhenSuperseded[old] = -1;
    this.successorMissedPing[old] = 0;
    this.follow(old, primary, aheadByWrites || aheadByPing);
  }

  /** `primary`'s process started again: every replica that follows it resyncs in full from it. */
  primaryRestarted(primary: number): void {
    for (let r = 0; r < this.servers.length; r++) if (this.inbound[r]?.primary === this.servers[primary]) this.follow(r, primary, true);
  }

  /** The stream `replica` currently applies, if any. */
  streamInto(replica: number): ReplicationStream | null {
    return this.inbound[replica]!;
  }

  /** The streams leaving `primary`. */
  streamsFrom(primary: number): readonly ReplicationStream[] {
    return this.fanOuts[primary]!.streams;
  }

  /** The replica closes the stream's connection: the primary drops it from its list when the FIN arrives. */
  private leave(stream: ReplicationStream): void {
    const src = stream.replica.options.host;
    const dst = stream.primary.options.host;
    if (this.network.certain(stream.back, src, dst)) {
      this.drop(stream);
      return;
    }
    this.leaving.set(++this.left, stream);
    this.network.send(src, dst, FIN_BYTES, Purpose.replication, stream.back, this.onFin, this.left);
  }

  private drop(stream: ReplicationStream): void {
    const streams = this.fanOuts[this.servers.indexOf(stream.primary)]!.streams;
    streams.splice(streams.indexOf(stream), 1);
  }
}
