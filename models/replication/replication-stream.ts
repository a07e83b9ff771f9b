// Asynchronous replication from a primary to one replica (REDIS-MODEL §7): the primary answers the
// client and, in the same pass, sends the write to the replica over their link (FIFO, bytes on the
// wire as the RESP command); the replica applies it on its own thread when it gets to it. The
// writes sent but not yet applied are exactly what a promotion of this replica loses.
// A full sync (a replica that restarted empty, or whose data diverged) waits the diskless sync
// delay, forks the primary (a pause of its thread, fork.ts), and its child sends the dataset as of
// the fork (diskless, repl-diskless-sync yes) or writes it to disk at persistence.diskWrite and then
// sends that file (disk), as one message of the dataset's size ahead of later writes on the same
// link; the replica loads it on its thread (replacing its data). The primary also feeds its stream
// a PING every repl-ping-replica-period (replication-pings.ts): it moves the replication offset
// without a write, so the replica's count of PINGs it never got says whether the primary's offset
// is beyond its own. A PING on a path that can lose nothing now (network.canLose, and no message
// of the link being recovered) counts as arrived when it is sent: it costs no message, no event
// and no thread time, and it cannot be lost. The connection's other direction (`back`) carries
// the replica's REPLCONF ACKs (min-replicas.ts) and its FIN when it leaves (replication-hub.ts).
// Abstracted away: the backlog (a partial resync always succeeds when no full sync is asked
// for), the diskless child's own pace (the network's), writes during a disk sync's file write
// (they follow the file, as Redis buffers them); a replica's own maxmemory (replicas ignore it by
// default in Redis 7); the bytes a primary still writes to a replica that has left, until it
// learns so (the replica reads none of them).
// Parameters: diskless sync delay (5 s, repl-diskless-sync-delay), load cost per key (ns).

import { IntQueue } from '../../sim/collections/int-queue.js';
import type { Engine, EventHandler } from '../../sim/engine/engine.js';
import { Channel, type Network } from '../network/network.js';
import type { RedisServer } from '../server/redis-server.js';
import type { ServerTask, WriteListener } from '../server/server-hooks.js';
import { Op, Purpose } from '../signals.js';
import type { KeyspaceSnapshot } from '../server/keyspace.js';
import { keyCommandBytes, setCommandBytes } from '../workload/wire-sizes.js';

/** repl-diskless-sync-delay (Redis 7 default 5 s). */
export const DISKLESS_SYNC_DELAY_NS = 5e9;
/** Replica thread time to load one key of a snapshot, ns. */
const LOAD_PER_KEY_NS = 300;
const SNAPSHOT = -1;
/** "*1\r\n$4\r\nPING\r\n". */
const PING_BYTES = 14;

/** The primary's dataset at the fork, its replication offset then, and the stream's writes and PINGs it holds. */
interface Snapshot extends KeyspaceSnapshot {
  offset: number;
  writes: number;
  pings: number;
}

/** A replica's one task kind for every stream it ever follows (a server has few kinds; streams come and go with restarts and failovers). */
class StreamTasks implements ServerTask {
  readonly streams: ReplicationStream[] = [];
  kind = -1;

  begin(index: number): number {
    return this.streams[index]!.begin();
  }

  finish(index: number): void {
    this.streams[index]!.finish();
  }
}

const tasksOf = new WeakMap<RedisServer, StreamTasks>();

export class ReplicationStream {
  /** Writes sent by the primary on this link, and writes the replica has applied. */
  sentWrites = 0;
  appliedWrites = 0;
  /** PINGs the primary fed this stream, and PINGs that reached the replica. */
  private pingsSent = 0;
  private pingsArrived = 0;
  /** PINGs fed during a disk sync's file write, sent after the file. */
  private bufferedPings = 0;
  /** Five numbers per write in flight or queued: op, key, value bytes, expiry (ns), version. */
  private readonly inFlight = new IntQueue();
  private readonly channel = new Channel();
  /** The connection's direction from the replica to the primary. */
  readonly back = new Channel();
  private readonly kind: number;
  /** Set when the replica stops following this primary: writes still arriving are dropped. */
  detached = false;
  /** Waiting for the full sync's snapshot to be taken: writes until then are in the snapshot. */
  private syncing = false;
  private snapshot: Snapshot | null = null;
  /** A disk-based sync's writes after the fork (five numbers each), sent after the RDB file, as Redis buffers them for the replica. */
  private buffered: number[] | null = null;
  /** Its number among the streams its replica ever followed. */
  readonly index: number;
  private readonly onArrive: EventHandler = () => {
    if (!this.detached) this.replica.submitTask(this.kind, this.index);
  };
  private readonly onPing: EventHandler = () => {
    if (!this.detached) this.pingsArrived++;
  };

  constructor(
    private readonly engine: Engine, private readonly network: Network,
    readonly primary: RedisServer, readonly replica: RedisServer, private readonly keyBytes: number,
  ) {
    let tasks = tasksOf.get(replica);
    if (!tasks) {
      tasks = new StreamTasks();
      tasks.kind = replica.addTask(tasks);
      tasksOf.set(replica, tasks);
    }
    this.kind = tasks.kind;
    this.index = tasks.streams.push(this) - 1;
  }

  /** Starts a full sync: the snapshot is taken after the diskless sync delay. */
  fullSync(): void {
    this.syncing = true;
    this.engine.schedule(DISKLESS_SYNC_DELAY_NS, () => this.takeSnapshot());
  }

  /** The primary forks (fork.ts); its child streams the dataset (diskless) or writes it to disk first. A primary that is down, or dies before forking, is asked again a sync delay later. */
  private takeSnapshot(): void {
    if (this.detached) return;
    const retry = (): void => {
      this.engine.schedule(DISKLESS_SYNC_DELAY_NS, () => this.takeSnapshot());
    };
    const forked = this.primary.fork(() => {
      const persistence = this.primary.params.persistence;
      if (persistence.replSync === 'diskless') this.sendSnapshot();
      else {
        const sending = this.capture();
        this.syncing = false;
        this.buffered = [];
        this.engine.schedule((this.primary.keyspace.usedBytes / persistence.diskWrite) * 1e9, () => this.sendSnapshot(sending));
      }
    }, retry);
    if (!forked) retry();
  }

  private capture(): Snapshot {
    return { offset: this.primary.replOffset, writes: this.sentWrites, pings: this.pingsSent, ...this.primary.keyspace.snapshot() };
  }

  /** Sends the snapshot (the dataset now, or the RDB file written at the fork), ahead of the writes that follow it. */
  private sendSnapshot(snapshot: Snapshot = this.capture()): void {
    if (this.detached) return;
    this.syncing = false;
    const ks = this.primary.keyspace;
    this.snapshot = snapshot;
    for (let i = 0; i < 5; i++) this.inFlight.push(SNAPSHOT);
    const bytes = snapshot.valueBytes.reduce((sum, b) => sum + b + ks.perKeyOverheadBytes, 0);
    this.network.send(this.primary.options.host, this.replica.options.host, Math.max(1, bytes), Purpose.replication, this.channel, this.onArrive, 0);
    const buffered = this.buffered;
    this.buffered = null;
    if (buffered) {
      this.sentWrites -= buffered.length / 5;
      for (let i = 0; i < buffered.length; i += 5) this.send(buffered[i]!, buffered[i + 1]!, buffered[i + 2]!, buffered[i + 3]!, buffered[i + 4]!);
    }
    for (; this.bufferedPings > 0; this.bufferedPings--) this.sendPing();
  }

  /** The primary feeds its stream a PING (replication-pings.ts); nobody reads it once the replica has left. */
  ping(): void {
    this.pingsSent++;
    if (this.detached || this.syncing) return;
    if (this.buffered) {
      this.bufferedPings++;
      return;
    }
    this.sendPing();
  }

  private sendPing(): void {
    const src = this.primary.options.host;
    const dst = this.replica.options.host;
    if (this.network.certain(this.channel, src, dst)) this.pingsArrived++;
    else this.network.send(src, dst, PING_BYTES, Purpose.replication, this.channel, this.onPing, 0);
  }

  send(op: number, key: number, valueBytes: number, expireAtNs: number, version: number): void {
    if (this.detached) return;
    // Before the snapshot, a write goes to the replica in it: sent now, applied when the snapshot loads (lost with it if it never does).
    if (this.syncing) {
      this.sentWrites++;
      return;
    }
    if (this.buffered) {
      this.buffered.push(op, key, valueBytes, expireAtNs, version);
      this.sentWrites++;
      return;
    }
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
    if (this.detached) return 0;
    if (op === SNAPSHOT) return LOAD_PER_KEY_NS * this.snapshot!.keys.length;
    return this.replica.applyWrite(op, key, bytes, expireAtNs, version);
  }

  finish(): void {
    if (this.detached) return;
    const s = this.snapshot;
    if (s === null) {
      this.appliedWrites++;
      return;
    }
    this.snapshot = null;
    this.replica.keyspace.clear();
    s.keys.forEach((k, i) => this.replica.applyWrite(Op.set, k, s.valueBytes[i]!, s.expireAtNs[i]!, s.versions[i]!));
    this.replica.replOffset = s.offset;
    this.appliedWrites = s.writes;
    this.pingsArrived = s.pings;
  }

  /** master_link_status: up unless a full sync is still under way. */
  get linkUp(): boolean {
    return !this.syncing && this.snapshot === null && this.buffered === null;
  }

  /** Writes the primary acknowledged that the replica does not have (yet). */
  get lag(): number {
    return this.sentWrites - this.appliedWrites;
  }

  /** PINGs the primary fed this stream that never reached the replica (in flight or lost). */
  get pingsMissed(): number {
    return this.pingsSent - this.pingsArrived;
  }
}

/** A primary's write listener: every write goes to every replica's stream. */
export class ReplicationFanOut implements WriteListener {
  /** The replicas the primary writes to: those that follow it, and those that left it but whose connection it has not yet seen close. */
  readonly streams: ReplicationStream[] = [];
  /** PINGs the primary fed its backlog (each moves its replication offset). */
  pings = 0;

  /** replicationCron's PING, fed to the backlog and to every replica's stream while the primary has any replica. */
  ping(): void {
    if (this.streams.length === 0) return;
    this.pings++;
    for (const s of this.streams) s.ping();
  }

  written(op: number, key: number, valueBytes: number, expireAtNs: number, version: number): void {
    for (const s of this.streams) s.send(op, key, valueBytes, expireAtNs, version);
  }
}
