// Who replicates from whom, for a set of servers whose roles change (failover, demotion, restart):
// each replica follows at most one primary through one stream; following another primary detaches
// the old stream (its writes in flight are dropped) and starts a new one, either as a partial
// resync (the replica's data is kept, as PSYNC after a failover allows) or as a full sync. A primary
// whose process died and started again has a new replication ID (and, with persistence, an older
// offset than its replicas'), so each replica that follows it resyncs in full and takes what it
// holds now: nothing, without persistence (the data loss the Redis replication docs warn of).

import type { Engine } from '../../sim/engine/engine.js';
import type { Network } from '../network/network.js';
import type { RedisServer } from '../server/redis-server.js';
import { ReplicationFanOut, ReplicationStream } from './replication-stream.js';

export class ReplicationHub {
  private readonly fanOuts: ReplicationFanOut[];
  private readonly inbound: (ReplicationStream | null)[];

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
      const streams = this.fanOuts[this.servers.indexOf(old.primary)]!.streams;
      streams.splice(streams.indexOf(old), 1);
      this.inbound[replica] = null;
    }
    this.servers[replica]!.following = primary >= 0;
    if (primary < 0) return;
    const stream = new ReplicationStream(this.engine, this.network, this.servers[primary]!, this.servers[replica]!, this.keyBytes);
    this.fanOuts[primary]!.streams.push(stream);
    this.inbound[replica] = stream;
    stream.sentWrites = missing;
    if (fullSync) stream.fullSync();
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
}
