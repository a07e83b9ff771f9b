// Asynchronous replication from a primary to one replica (REDIS-MODEL §7): the primary answers the
// client and, in the same pass, sends the write to the replica over their link (FIFO, bytes on the
// wire as the RESP command); the replica applies it on its own thread when it gets to it. The
// writes sent but not yet applied are exactly what a promotion of this replica loses.
// A full sync (a replica that restarted empty, or whose data diverged) waits the diskless sync
// delay, takes a snapshot of the primary's dataset (writes until then are in it), sends it as one
// message of the dataset's size ahead of later writes on the same link, and the replica loads it on
// its thread (replacing its data). Abstracted away: REPLCONF ACK (1/s) and master PINGs (10 s), the
// backlog (a partial resync always succeeds when no full sync is asked for), the fork's cost on the
// primary; a replica's own maxmemory (replicas ignore it by default in Redis 7).
// Parameters: diskless sync delay (5 s, repl-diskless-sync-delay), load cost per key (ns).
import { IntQueue } from '../../sim/collections/int-queue.js';
import { Channel } from '../network/network.js';
import { Op, Purpose } from '../signals.js';
import { keyCommandBytes, setCommandBytes } from '../workload/wire-sizes.js';
/** repl-diskless-sync-delay (Redis 7 default 5 s). */
export const DISKLESS_SYNC_DELAY_NS = 5e9;
/** Replica thread time to load one key of a snapshot, ns. */
const LOAD_PER_KEY_NS = 300;
const SNAPSHOT = -1;
export class ReplicationStream {
    engine;
    network;
    primary;
    replica;
    keyBytes;
    /** Writes sent by the primary on this link, and writes the replica has applied. */
    sentWrites = 0;
    appliedWrites = 0;
    /** Five numbers per write in flight or queued: op, key, value bytes, expiry (ns), version. */
    inFlight = new IntQueue();
    channel = new Channel();
    kind;
    /** Set when the replica stops following this primary: writes still arriving are dropped. */
    detached = false;
    /** Waiting for the full sync's snapshot to be taken: writes until then are in the snapshot. */
    syncing = false;
    snapshot = null;
    onArrive = () => {
        if (!this.detached)
            this.replica.submitTask(this.kind, 0);
    };
    constructor(engine, network, primary, replica, keyBytes) {
        this.engine = engine;
        this.network = network;
        this.primary = primary;
        this.replica = replica;
        this.keyBytes = keyBytes;
        this.kind = replica.addTask(this);
    }
    /** Starts a full sync: the snapshot is taken after the diskless sync delay. */
    fullSync() {
        this.syncing = true;
        this.engine.schedule(DISKLESS_SYNC_DELAY_NS, () => this.takeSnapshot());
    }
    takeSnapshot() {
        if (this.detached)
            return;
        this.syncing = false;
        const ks = this.primary.keyspace;
        const keys = ks.presentKeys();
        this.snapshot = {
            offset: this.primary.replOffset,
            keys,
            bytes: Uint32Array.from(keys, (k) => ks.valueBytesOf(k)),
            versions: ks.tracksVersions ? Uint32Array.from(keys, (k) => ks.versionOf(k)) : null,
        };
        for (let i = 0; i < 5; i++)
            this.inFlight.push(SNAPSHOT);
        this.network.send(this.primary.options.host, this.replica.options.host, Math.max(1, ks.usedBytes), Purpose.replication, this.channel, this.onArrive, 0);
    }
    send(op, key, valueBytes, expireAtNs, version) {
        if (this.syncing)
            return;
        this.inFlight.push(op);
        this.inFlight.push(key);
        this.inFlight.push(valueBytes);
        this.inFlight.push(expireAtNs);
        this.inFlight.push(version);
        this.sentWrites++;
        const bytes = op === Op.del ? keyCommandBytes(3, this.keyBytes) : setCommandBytes(this.keyBytes, valueBytes);
        this.network.send(this.primary.options.host, this.replica.options.host, bytes, Purpose.replication, this.channel, this.onArrive, 0);
    }
    begin() {
        const q = this.inFlight;
        const op = q.shift();
        const key = q.shift();
        const bytes = q.shift();
        const expireAtNs = q.shift();
        const version = q.shift();
        if (this.detached)
            return 0;
        if (op === SNAPSHOT)
            return LOAD_PER_KEY_NS * this.snapshot.keys.length;
        return this.replica.applyWrite(op, key, bytes, expireAtNs, version);
    }
    finish() {
        if (this.detached)
            return;
        const s = this.snapshot;
        if (s === null) {
            this.appliedWrites++;
            return;
        }
        this.snapshot = null;
        this.replica.keyspace.clear();
        s.keys.forEach((k, i) => this.replica.applyWrite(Op.set, k, s.bytes[i], 0, s.versions?.[i] ?? 0));
        this.replica.replOffset = s.offset;
    }
    /** master_link_status: up unless a full sync is still under way. */
    get linkUp() {
        return !this.syncing && this.snapshot === null;
    }
    /** Writes the primary acknowledged that the replica does not have (yet). */
    get lag() {
        return this.sentWrites - this.appliedWrites;
    }
}
/** A primary's write listener: every write goes to every replica's stream. */
export class ReplicationFanOut {
    streams = [];
    written(op, key, valueBytes, expireAtNs, version) {
        for (const s of this.streams)
            s.send(op, key, valueBytes, expireAtNs, version);
    }
}
//# sourceMappingURL=replication-stream.js.map