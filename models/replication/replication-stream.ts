// Asynchronous replication from a primary to one replica (REDIS-MODEL §7): the primary answers the
// client and, in the same pass, sends the write to the replica over their link (FIFO, bytes on the
// wire as the RESP command); the replica applies it on its own thread when it gets to it. The
// writes sent but not yet applied are exactly what a promotion of this replica loses.
// Abstracted away: REPLCONF ACK (1/s) and master PINGs (10 s), the backlog and partial resync,
// full sync; a replica's own maxmemory (replicas ignore it by default in Redis 7).

import { IntQueue } from '../../sim/collections/int-queue.js';
import type { EventHandler } from '../../sim/engine/engine.js';
import { Channel, type Network } from '../network/network.js';
import type { RedisServer, ServerTask, WriteListener } from '../server/redis-server.js';
import { Op, Purpose } from '../signals.js';
import { keyCommandBytes, setCommandBytes } from '../workload/wire-sizes.js';

export class ReplicationStream implements ServerTask {
  /** Writes sent by the primary on this link, and writes the replica has applied. */
  sentWrites = 0;
  appliedWrites = 0;
  /** Five numbers per write in flight or queued: op, key, value bytes, expiry (ns), version. */
  private readonly inFlight = new IntQueue();
  private readonly channel = new Channel();
  private readonly kind: number;
  /** Set when the replica stops following this primary: writes still arriving are dropped. */
  detached = false;
  private readonly onArrive: EventHandler = () => {
    if (!this.detached) this.replica.submitTask(this.kind, 0);
  };

  constructor(private readonly network: Network, readonly primary: RedisServer, readonly replica: RedisServer, private readonly keyBytes: number) {
    this.kind = replica.addTask(this);
  }

  send(op: number, key: number, valueBytes: number, expireAtNs: number, version: number): void {
    this.inFlight.push(op);
    this.inFlight.push(key);
    this.inFlight.push(valueBytes);
    this.inFlight.push(expireAtNs);
    this.inFlight.push(version);
    this.sentWrites++;
    const bytes = op === Op.del ? keyCommandBytes(3, this.keyBytes) : setCommandBytes(this.keyBytes, valueBytes);
    this.network.send(this.primary.options.host, this.replica.options.host, bytes, Purpose.replication, this.channel, this.onArrive, 0);
  }

  begin(): number {
    const q = this.inFlight;
    const op = q.shift();
    const key = q.shift();
    const bytes = q.shift();
    const expireAtNs = q.shift();
    const version = q.shift();
    return this.detached ? 0 : this.replica.applyWrite(op, key, bytes, expireAtNs, version);
  }

  finish(): void {
    if (!this.detached) this.appliedWrites++;
  }

  /** Writes the primary acknowledged that the replica does not have (yet). */
  get lag(): number {
    return this.sentWrites - this.appliedWrites;
  }
}

/** A primary's write listener: every write goes to every replica's stream. */
export class ReplicationFanOut implements WriteListener {
  readonly streams: ReplicationStream[] = [];

  written(op: number, key: number, valueBytes: number, expireAtNs: number, version: number): void {
    for (const s of this.streams) s.send(op, key, valueBytes, expireAtNs, version);
  }
}
