// MIGRATE … KEYS as the two Redis servers run it (Redis 7.0 src/cluster.c migrateCommand,
// migrateGetSocket; src/syncio.c), for the cluster tool's reshard (cluster-tool.ts): the source
// serializes each key (createDumpPayload: the value, RDB type and version, CRC64) into one
// RESTORE-ASKING command per key and writes them all, then stays blocked while they travel to the
// target, which runs them as one pipeline on its thread (verifyDumpPayload's CRC64, rdbLoadObject,
// dbAdd) and answers +OK for each; the source reads the answers with syncReadLine (one read(2) per
// byte), deletes each key answered (replicated as one DEL; client tracking told, as
// signalModifiedKey does) and returns; the source's iteration, and so its beforeSleep and its
// writes, ends only then.
// MIGRATE's timeout bounds the wait from the write: with no answers by then (the target paused, or
// a partition between them), or answers the source finds only after it (it was paused across it:
// syncRead checks the time after each wait, before it reads), the source deletes nothing and
// returns IOERR; the target still restores what it was sent (the keys as the source serialized
// them), so both then hold those keys. A target whose process dies before writing its answers
// fails the MIGRATE at once instead: its host's kernel resets the connection at the death, the
// source's read fails before the first answer, and MIGRATE retries once with a new connection
// (socket_err: not a timeout, nothing read), refused after a round trip: IOERR (7.0's
// connBlockingConnect waits only for the socket to be writable, which a refused one is, so the
// retry serializes every key again and its write fails: "error or timeout writing"). A target
// already dead when MIGRATE writes fails the write (its cached socket was reset), with the same
// retry. A source that crashes drops its MIGRATE (the restarted process is not blocked).
// MIGRATE's connection from a source to a target (migrateGetSocket caches one per target) is TCP:
// a payload or answers lost to a partition or a lossy host are resent (tcp-recovery.ts), so they
// are late, and MIGRATE fails only if they are later than its timeout. A MIGRATE that fails closes
// the connection (migrateCloseSocket) and the next one opens another; what the closed one still
// resends may yet reach the target, which restores it. A process that dies has its host reset the
// connections to and from it, and what they still resend is dropped.
// Costs (server.cost, ns): on the source dumpPerKey + dumpPerKB·KB per key before the write (the
// answers' reads are charged here too: they are per key and the source is blocked either way;
// serializeNs, for the tool's command), then, once the answers are in, migrate (waking from poll)
// and perKey per key deleted (dumpPerKey + dumpPerKB·KB per key again after a retry); on the target
// one request + (command + restorePerKey + restorePerKB·KB) per key + freshMemoryPerKB per KB the
// keys raise its memory's high-water mark by (the page faults of fresh memory: a target that never
// held that much pays them, one that freed it reuses it). The target's answers are a write of its
// connection in its beforeSleep (event-loop-iteration.ts), after beforeSleep's hooks, so they also
// wait for its nodes.conf save or its fsync (appendfsync always), as in Redis. Payload per key: its
// value plus DUMP_OVERHEAD_BYTES, values taken as incompressible (Redis tries LZF on strings over
// 20 bytes).
// Abstracted: MIGRATE's 64 KB write chunks and the target's 16 KB reads (the target starts when the
// whole payload is in, where Redis overlaps the two), its socket cache (the one connect modeled is
// the retry's, after a reset); the answers as one message (Redis reads them a line at a time, each
// read with the whole timeout); a target that runs again by the time of the retry's connect (the
// retry would then send the keys to the new process: the model fails the MIGRATE); the retry's own
// connect timeout (a lost SYN waits out what is left of the first timeout, not a fresh one); a
// paused source's retry (it starts at the reset, not at the resume).
// Parameters: server.cost's dumpPerKey, dumpPerKB, migrate, perKey, request, command,
// restorePerKey, restorePerKB, freshMemoryPerKB (ns); MIGRATE's timeout (ns, from the tool).

import type { ConnectionHolder } from '../client/client-connections.js';
import { Channel } from '../network/network.js';
import { answerHandshake, sendHandshake, sendReset } from '../network/tcp-segments.js';
import type { WriteSender } from '../server/pending-writes.js';
import { Op, Purpose } from '../signals.js';
import type { ClusterFabric } from './cluster-fabric.js';

/** Bytes per key in a MIGRATE payload beyond its value: RESTORE-ASKING's multibulk framing and TTL (≈ 45), a key name (≈ 20), DUMP's type and length bytes, RDB version (2) and CRC64 (8). */
const DUMP_OVERHEAD_BYTES = 80;
/** The target's answer to each RESTORE-ASKING, "+OK\r\n". */
const OK_REPLY_BYTES = 5;

/** A source's MIGRATE connection to a target: `up` carries the payloads, `down` the answers. */
class MigrateConnection {
  readonly up = new Channel();
  readonly down = new Channel();
  constructor(readonly sourceHost: number, readonly targetHost: number) {}
}

/**
 * One MIGRATE in flight, from its write until both ends are done with it: the source when the work
 * it returns with has run (or it crashed), the target when its answers are back at the source (or
 * its host's reset, or the retry's refused connect, is).
 */
interface Migration {
  keys: number[];
  /** Each key's value size and version as the source serialized it. */
  valueBytes: number[];
  versions: number[];
  source: number;
  target: number;
  connection: MigrateConnection;
  then: (ok: boolean) => void;
  /** The source's and the target's incarnations when the source wrote the payload. */
  sourceRun: number;
  targetRun: number;
  /** When the source began to wait for the answers, MIGRATE's timeout, and its event. */
  waitStartNs: number;
  timeoutNs: number;
  timer: number;
  /** The source still waits; its answers came back (in time, or late); the work it returns with is queued or running. */
  waiting: boolean;
  answered: boolean;
  answersBack: boolean;
  returning: boolean;
  /** The target wrote its answers; its host reset the connection (its process died first); the source retried (and serialized the keys again). */
  answersSent: boolean;
  reset: boolean;
  retried: boolean;
}

export class MigrateCommand implements ConnectionHolder {
  private readonly restoreKinds: number[];
  private readonly returnKinds: number[];
  private readonly restoring = new Map<number, Migration>();
  private nextRestore = 0;
  /** The open MIGRATE connections, by source · nodes + target. */
  private readonly connections = new Map<number, MigrateConnection>();

  constructor(private readonly fabric: ClusterFabric) {
    this.restoreKinds = fabric.nodes.map((n) => n.server.addTask({
      begin: (id) => this.restoreCost(id),
      finish: (id) => this.restored(id),
    }));
    this.returnKinds = fabric.nodes.map((n) => n.server.addTask({
      begin: (id) => this.returnCost(id),
      finish: (id) => this.returned(id),
    }));
  }

  /** The source's MIGRATE work for one key: serializing and writing it, reading its answer. */
  private dumpCost(node: number, key: number): number {
    const server = this.fabric.nodes[node]!.server;
    const cost = server.params.cost;
    return cost.dumpPerKey + (cost.dumpPerKB * server.keyspace.valueBytesOf(key)) / 1000;
  }

  /** The source's work before the write, ns: serializing each of `keys` (and reading its answer). */
  serializeNs(source: number, keys: readonly number[]): number {
    return keys.reduce((a, k) => a + this.dumpCost(source, k), 0);
  }

  /** Bytes of the payload of `keys` from `source`: each value and its RESTORE-ASKING's framing. */
  payloadBytes(source: number, keys: readonly number[]): number {
    const keyspace = this.fabric.nodes[source]!.server.keyspace;
    return keys.reduce((a, k) => a + keyspace.valueBytesOf(k) + DUMP_OVERHEAD_BYTES, 0);
  }

  /** MIGRATE of `keys` (`bytes` on the wire): the source is blocked from now until the target's answers are back (or its timeout, or its IOERR); `then(ok)` when it returns. */
  run(source: number, target: number, keys: number[], bytes: number, timeoutNs: number, then: (ok: boolean) => void): void {
    const src = this.fabric.nodes[source]!.server;
    const dst = this.fabric.nodes[target]!.server;
    src.blockThread();
    const id = this.nextRestore++;
    const key = source * this.fabric.nodes.length + target;
    let connection = this.connections.get(key);
    if (connection === undefined) {
      connection = new MigrateConnection(src.options.host, dst.options.host);
      this.connections.set(key, connection);
    }
    this.restoring.set(id, {
      keys, valueBytes: keys.map((k) => src.keyspace.valueBytesOf(k)), versions: keys.map((k) => src.keyspace.versionOf(k)),
      source, target, connection, then, sourceRun: src.incarnation, targetRun: dst.incarnation,
      waitStartNs: this.fabric.engine.now, timeoutNs, timer: this.fabric.engine.schedule(timeoutNs, this.onTimeout, id),
      waiting: true, answered: false, answersBack: false, returning: false, answersSent: false, reset: dst.crashed, retried: false,
    });
    // A dead target's socket was reset: the write fails, and MIGRATE retries at once.
    if (dst.crashed) this.retry(id);
    else this.fabric.network.send(src.options.host, dst.options.host, bytes, Purpose.migration, connection.up, this.onPayload, id);
  }

  /**
   * The payload is at the target: it queues the RESTORE-ASKING commands, unless the process it was
   * written to died since (its host reset the connection then: processDied; the MIGRATE may even be
   * over, its entry gone, when a large payload arrives after the reset's round trips).
   */
  private readonly onPayload = (id: number): void => {
    const r = this.restoring.get(id);
    if (r === undefined) return;
    const dst = this.fabric.nodes[r.target]!.server;
    if (dst.incarnation === r.targetRun) dst.submitTask(this.restoreKinds[r.target]!, id);
  };

  /** The process on `host` died: each MIGRATE waiting for its answers from it has its connection reset, as has every connection to or from it. */
  processDied(host: number): void {
    for (const id of this.restoring.keys()) {
      const r = this.restoring.get(id)!;
      if (this.fabric.nodes[r.target]!.server.options.host === host) this.resetBy(id);
    }
    for (const [key, c] of this.connections) {
      if (c.sourceHost !== host && c.targetHost !== host) continue;
      this.fabric.network.abort(c.up);
      this.fabric.network.abort(c.down);
      this.connections.delete(key);
    }
  }

  /** The target's host resets the MIGRATE's connection, unless its answers are written or it did already (the process died again). */
  private resetBy(id: number): void {
    const r = this.restoring.get(id)!;
    if (r.answersSent || r.reset) return;
    r.reset = true;
    const nodes = this.fabric.nodes;
    sendReset(this.fabric.network, nodes[r.target]!.server.options.host, nodes[r.source]!.server.options.host, r.connection.up, r.connection.down, this.onReset, id);
  }

  /** The reset is at the source: a source still waiting retries with a new connection. */
  private readonly onReset = (id: number): void => {
    const r = this.restoring.get(id)!;
    if (r.waiting && this.fabric.nodes[r.source]!.server.incarnation === r.sourceRun) this.retry(id);
    else this.targetDone(id, false);
  };

  /** MIGRATE's one retry: a connect to the target, refused while its process is down. */
  private retry(id: number): void {
    const r = this.restoring.get(id)!;
    const nodes = this.fabric.nodes;
    sendHandshake(this.fabric.network, nodes[r.source]!.server.options.host, nodes[r.target]!.server.options.host, null, this.onRetryHandshake, id);
  }

  private readonly onRetryHandshake = (id: number): void => {
    const r = this.restoring.get(id)!;
    const dst = this.fabric.nodes[r.target]!.server;
    answerHandshake(this.fabric.network, dst.options.host, this.fabric.nodes[r.source]!.server.options.host, null, !dst.crashed, this.onRetryAnswered, this.onRetryAnswered, id);
  };

  /** The retry's connect is answered: IOERR (a target running again by now is abstracted away: see the header). */
  private readonly onRetryAnswered = (id: number): void => {
    this.restoring.get(id)!.retried = true;
    this.targetDone(id, false);
  };

  /** The target runs the RESTORE-ASKING commands as one pipeline. */
  private restoreCost(id: number): number {
    const r = this.restoring.get(id)!;
    const dst = this.fabric.nodes[r.target]!.server;
    const cost = dst.params.cost;
    let serviceNs = dst.requestBeforeWriteNs;
    let changeBytes = 0;
    for (let i = 0; i < r.keys.length; i++) {
      const bytes = r.valueBytes[i]!;
      serviceNs += cost.command + cost.restorePerKey + (cost.restorePerKB * bytes) / 1000;
      changeBytes += dst.keyspace.changeBytesOfSet(r.keys[i]!, bytes);
    }
    return serviceNs + dst.freshMemoryNs(dst.keyspace.growthBytesOf(changeBytes));
  }

  /** The target restored the keys (and replicates them); its answers are written with its iteration's writes. */
  private restored(id: number): void {
    const r = this.restoring.get(id)!;
    const dst = this.fabric.nodes[r.target]!.server;
    for (let i = 0; i < r.keys.length; i++) {
      dst.applyWrite(Op.set, r.keys[i]!, r.valueBytes[i]!, 0, r.versions[i]!);
      dst.writeListener?.written(Op.set, r.keys[i]!, r.valueBytes[i]!, 0, r.versions[i]!);
    }
    dst.queueWrite(null, this.answers, id);
  }

  /** The target's answers, written: they travel back to the source. */
  private readonly answers: WriteSender = {
    sendWritten: (id, delayNs) => {
      const r = this.restoring.get(id)!;
      r.answersSent = true;
      const dst = this.fabric.nodes[r.target]!.server;
      this.fabric.network.send(dst.options.host, this.fabric.nodes[r.source]!.server.options.host, OK_REPLY_BYTES * r.keys.length, Purpose.migration, r.connection.down, this.onAnswers, id, delayNs);
    },
  };

  /** The answers are in: the source, if still the process that waits for them, returns from its wait to delete the keys. */
  private readonly onAnswers = (id: number): void => this.targetDone(id, true);

  /** Nothing more will come from the target (its answers, or the IOERR of a dead one): the source, if still the process that waits, returns from its wait. */
  private targetDone(id: number, answered: boolean): void {
    const r = this.restoring.get(id)!;
    r.answersBack = true;
    if (r.waiting && this.fabric.nodes[r.source]!.server.incarnation === r.sourceRun) {
      r.answered = answered;
      this.returnFromWait(id);
      return;
    }
    this.fabric.engine.cancel(r.timer);
    if (!r.returning) this.restoring.delete(id);
  }

  /** MIGRATE's timeout: the source, if still the process that waits, returns from its wait with IOERR. */
  private readonly onTimeout = (id: number): void => {
    const r = this.restoring.get(id)!;
    if (this.fabric.nodes[r.source]!.server.incarnation === r.sourceRun) this.returnFromWait(id);
    else r.waiting = false;
  };

  private returnFromWait(id: number): void {
    const r = this.restoring.get(id)!;
    r.waiting = false;
    r.returning = true;
    if (r.answersBack) this.fabric.engine.cancel(r.timer);
    this.fabric.nodes[r.source]!.server.unblockThread(this.returnKinds[r.source]!, id);
  }

  /**
   * The source's thread back from the wait (waking from poll), and deleting each key answered
   * (perKey each). Answers it finds only once the timeout has passed (it was paused across it) are
   * a timeout: syncRead checks the time after each wait before it reads (src/syncio.c).
   */
  private returnCost(id: number): number {
    const r = this.restoring.get(id)!;
    const src = this.fabric.nodes[r.source]!.server;
    if (r.answered && this.fabric.engine.now - r.waitStartNs >= r.timeoutNs) r.answered = false;
    // A retry serializes every key again (try_again rebuilds the payload) before its write fails.
    const redumpNs = r.retried ? r.keys.reduce((a, k) => a + this.dumpCost(r.source, k), 0) : 0;
    return src.params.cost.migrate + redumpNs + (r.answered ? src.params.cost.perKey * r.keys.length : 0);
  }

  private returned(id: number): void {
    const r = this.restoring.get(id)!;
    const src = this.fabric.nodes[r.source]!.server;
    r.returning = false;
    if (r.answersBack) this.restoring.delete(id);
    // A failed MIGRATE closes its connection; the next opens another.
    const key = r.source * this.fabric.nodes.length + r.target;
    if (!r.answered && this.connections.get(key) === r.connection) this.connections.delete(key);
    if (r.answered) for (const k of r.keys) src.deleteKey(k, src.keyspace.versionOf(k));
    // MIGRATE returns: its reply and the invalidations of the keys it deleted leave with its iteration's writes, before the thread serves what queued while it was blocked.
    r.then(r.answered);
  }
}
