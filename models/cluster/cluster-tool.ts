// What `redis-cli --cluster` does to a running cluster, from one admin client, one command at a time.
// add-node: CLUSTER MEET sent to the new node (it handshakes, gossip spreads it); with a primary to
// replicate, the tool waits (polling every second) until every node knows the new one, then sends
// CLUSTER REPLICATE (a full sync follows). del-node: refused for a primary with slots; otherwise
// CLUSTER FORGET to every other node, then the node shuts down. rebalance (use-empty-masters,
// threshold 2 %, weights): expected slots per primary ∝ weight; the most-giving primary feeds the
// most-receiving, slot by slot, as reshard does.
// reshard moves slots between primaries (REDIS-MODEL §5.2–5.4, clusterManagerMoveSlot), one slot at
// a time:
//   1. target: SETSLOT s IMPORTING source;  2. source: SETSLOT s MIGRATING target;
//   3. until the slot is empty on the source: GETKEYSINSLOT s P (its cost ∝ the keys it returns: Redis 7.0
//      walks the slot's key list and stops after P), then MIGRATE of those ≤ P keys (cluster.c
//      migrateCommand): the source serializes each (createDumpPayload: the value, RDB type and
//      version, CRC64) into one RESTORE-ASKING command per key and writes them all, then stays
//      blocked while they travel to the target, which runs them as one pipeline on its thread
//      (verifyDumpPayload's CRC64, rdbLoadObject, dbAdd) and answers +OK for each; the source reads
//      the answers with syncReadLine (syncio.c: one read(2) per byte), deletes each key answered
//      (replicated as one DEL; client tracking told, as signalModifiedKey does) and answers the
//      admin; the source's iteration, and so its beforeSleep and its writes, ends only then.
//      MIGRATE's timeout (redis-cli passes --cluster-timeout, 60 s by default) bounds the wait from
//      the write: with no answers by then (the target paused, or a partition between them), or
//      answers the source finds only after it (it was paused across it: syncRead checks the time
//      after each wait, before it reads), the source deletes nothing and answers IOERR, and
//      redis-cli stops (clusterManagerMoveSlot prints "[ERR] Calling MIGRATE" and the reshard
//      exits), leaving the slot MIGRATING and IMPORTING; the target still restores what it was sent
//      (the keys as the source serialized them), so both then hold those keys. A target whose
//      process dies before writing its answers fails the MIGRATE at once instead: its host's
//      kernel resets the connection at the death, the source's read fails before the first
//      answer, and MIGRATE retries once with a new connection (migrateCommand's socket_err: not a
//      timeout, nothing read), refused after a round trip: IOERR (7.0's connBlockingConnect waits
//      only for the socket to be writable, which a refused one is, so the retry serializes every key
//      again and its write fails: "error or timeout writing"). A target already dead when MIGRATE
//      writes fails the write (its cached socket was reset), with the same retry;
//   4. SETSLOT s NODE target on the target (configEpoch bumped without consensus, PONG broadcast),
//      then on the source, then on every other primary.
// During 2–4 clients are answered ASK (keys already moved) or TRYAGAIN (multi-key, some moved).
// Costs (server.cost, ns): every admin command request + command; GETKEYSINSLOT + perKey per key
// returned; MIGRATE on the source + dumpPerKey + dumpPerKB·KB per key before the write (the reply
// reads are charged here too: they are per key and the source is blocked either way), then, once
// the answers are in, migrate (waking from poll) and perKey per key deleted; on the target one
// request + (command + restorePerKey + restorePerKB·KB) per key + freshMemoryPerKB per KB the keys
// raise its memory's high-water mark by (the page faults of fresh memory: a target that never held
// that much pays them, one that freed it reuses it). Every reply (the tool's, the target's answers)
// is a write of its connection in its node's beforeSleep (event-loop-iteration.ts): `write` of the
// command's `request` is paid there, after beforeSleep's hooks, so a target's answers also wait
// for its nodes.conf save or its fsync (appendfsync always), as in Redis, and a slow disk lengthens
// every batch's wait on the source. The tool (cluster-admin.ts) adds tool.commandCpu per command. Sources: redis 7.0 src/redis-cli.c, src/cluster.c, src/syncio.c. Payload per key: its value plus DUMP_OVERHEAD_BYTES, values taken as
// incompressible (Redis tries LZF on strings over 20 bytes).
// Every SETSLOT saves the node's nodes.conf before the reply (nodes-conf.ts), the target's SETSLOT
// NODE with an fsync (its configEpoch bumped).
// Abstracted: MIGRATE's 64 KB write chunks and the target's 16 KB reads (the target starts when the
// whole payload is in, where Redis overlaps the two), its socket cache (the one connect modeled is
// the retry's, after a reset); the answers as one message (Redis reads them a line at a time, each read with
// the whole timeout); a target that runs again by the time of the retry's connect (the retry would
// then send the keys to the new process: the model fails the MIGRATE); the retry's own connect
// timeout (a lost SYN waits out what is left of MIGRATE's first timeout, not a fresh one); a
// paused source's retry (it starts at the reset, not at the resume); a source that crashes drops
// its MIGRATE, and the tool, whose connection it was, waits (hiredis has no timeout; its reset is
// not modeled).
// Parameters: slots to move, pipeline P (keys per MIGRATE, default 10), MIGRATE's timeout (ns).

import type { Signal } from '../../sim/signal/signal.js';
import type { ConnectionHolder } from '../client/client-connections.js';
import { answerHandshake, sendHandshake, sendReset } from '../network/tcp-segments.js';
import type { WriteSender } from '../server/pending-writes.js';
import { ClusterEventKind, Op, Purpose, type SlotMigrated } from '../signals.js';
import type { ClusterAdmin, AdminCommand } from './cluster-admin.js';
import type { ClusterFabric } from './cluster-fabric.js';
import type { KeysBySlot } from './key-slots.js';

/** Bytes per key in a MIGRATE payload beyond its value: RESTORE-ASKING's multibulk framing and TTL (≈ 45), a key name (≈ 20), DUMP's type and length bytes, RDB version (2) and CRC64 (8). */
const DUMP_OVERHEAD_BYTES = 80;
/** The target's answer to each RESTORE-ASKING, "+OK\r\n". */
const OK_REPLY_BYTES = 5;

/** How redis-cli moves a slot's keys: keys per MIGRATE (--cluster-pipeline) and MIGRATE's timeout (--cluster-timeout), ns. */
export interface MoveOptions {
  pipeline: number;
  timeoutNs: number;
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

export class ClusterTool implements ConnectionHolder {
  private readonly restoreKinds: number[];
  private readonly returnKinds: number[];
  private readonly restoring = new Map<number, Migration>();
  private nextRestore = 0;

  constructor(
    private readonly fabric: ClusterFabric,
    private readonly admin: ClusterAdmin,
    private readonly keysBySlot: KeysBySlot,
    private readonly signal: Signal<SlotMigrated>,
    /** A node's process exited (del-node's shutdown): its host resets its clients' connections. */
    private readonly exited: (node: number) => void,
  ) {
    this.restoreKinds = fabric.nodes.map((n) => n.server.addTask({
      begin: (id) => this.restoreCost(id),
      finish: (id) => this.restored(id),
    }));
    this.returnKinds = fabric.nodes.map((n) => n.server.addTask({
      begin: (id) => this.returnCost(id),
      finish: (id) => this.returned(id),
    }));
  }

  /** Moves `count` slots (the source's lowest-numbered ones) from `source` to `target`; `done` when all have moved (never if a MIGRATE fails: the tool stops). */
  reshard(source: number, target: number, count: number, move: MoveOptions, done: () => void = () => {}): void {
    const src = this.fabric.nodes[source]!;
    const slots = Array.from(src.slotsOf(source)).slice(0, count);
    const step = (i: number): void => {
      if (i < slots.length) this.moveSlot(source, target, slots[i]!, move, () => step(i + 1));
      else done();
    };
    step(0);
  }

  /** add-node: `node` meets `meet`; then, once every node knows it, it replicates `replicaOf` (−1: stays an empty primary). */
  addNode(node: number, meet: number, replicaOf: number): void {
    this.admin.send(node, this.command(node, () => this.fabric.buses[node]!.meet(meet)), () => {
      if (replicaOf < 0) return;
      this.whenKnownByAll(node, () => this.admin.send(node, this.command(node, () => {
        this.fabric.nodes[node]!.primaryOf = replicaOf;
        this.fabric.nodes[node]!.saveConfig(false);
        this.fabric.replication.follow(node, replicaOf, true);
      }), () => {}));
    });
  }

  /** del-node: forget `node` everywhere and shut it down; refused (nothing happens) while it owns slots. */
  removeNode(node: number): void {
    const n = this.fabric.nodes[node]!;
    if (n.isPrimary && n.slotCount[node]! > 0) return;
    const others = this.fabric.nodes.filter((o) => o.index !== node && this.fabric.buses[o.index]!.peers.knows(node)).map((o) => o.index);
    const next = (k: number): void => {
      if (k < others.length) {
        this.admin.send(others[k]!, this.command(others[k]!, () => {
          this.fabric.buses[others[k]!]!.forget(node);
          this.fabric.nodes[others[k]!]!.saveConfig(false);
        }), () => next(k + 1));
        return;
      }
      this.admin.send(node, this.command(node, () => {}), () => {
        n.server.crash();
        this.exited(node);
        this.fabric.buses[node]!.crashed = true;
        this.fabric.replication.follow(node, -1);
      });
    };
    next(0);
  }

  /** rebalance --cluster-use-empty-masters: moves slots so each primary owns slots ∝ its weight (default 1). */
  rebalance(move: MoveOptions, weights: ReadonlyMap<number, number>): void {
    const view = this.fabric.nodes.find((n) => n.isPrimary && n.slotCount[n.index]! > 0)!;
    const bus = this.fabric.buses[view.index]!;
    const primaries = this.fabric.nodes.filter((n) => (n.index === view.index || bus.peers.knows(n.index)) && bus.peers.primaryOf[n.index] === -1)
      .map((n) => n.index);
    const weight = (j: number) => weights.get(j) ?? 1;
    const total = primaries.reduce((a, j) => a + weight(j), 0);
    const slots = view.owner.length;
    const expected = new Map(primaries.map((j) => [j, Math.floor((slots * weight(j)) / total)]));
    const balance = new Map(primaries.map((j) => [j, view.slotCount[j]! - expected.get(j)!]));
    let totalBalance = [...balance.values()].reduce((a, b) => a + b, 0);
    while (totalBalance > 0) {
      for (const j of primaries) {
        if (balance.get(j)! <= 0 && totalBalance > 0) {
          balance.set(j, balance.get(j)! - 1);
          totalBalance--;
        }
      }
    }
    const threshold = primaries.some((j) => expected.get(j) === 0 ? balance.get(j)! !== 0 : Math.abs(balance.get(j)!) / expected.get(j)! * 100 > 2);
    if (!threshold) return;
    const order = [...primaries].sort((a, b) => balance.get(a)! - balance.get(b)!);
    const moves: [number, number, number][] = [];
    let dst = 0;
    let src = order.length - 1;
    while (dst < src) {
      const n = Math.min(-balance.get(order[dst]!)!, balance.get(order[src]!)!);
      if (n > 0) moves.push([order[src]!, order[dst]!, n]);
      balance.set(order[dst]!, balance.get(order[dst]!)! + n);
      balance.set(order[src]!, balance.get(order[src]!)! - n);
      if (balance.get(order[dst]!) === 0) dst++;
      if (balance.get(order[src]!) === 0) src--;
    }
    const step = (i: number): void => {
      if (i < moves.length) this.reshard(moves[i]![0], moves[i]![1], moves[i]![2], move, () => step(i + 1));
    };
    step(0);
  }

  /** Polls (every second, as redis-cli waits for the cluster to join) until every other node knows `node`. */
  private whenKnownByAll(node: number, then: () => void): void {
    const check = (): void => {
      const all = this.fabric.buses.every((b) => b.crashed || b.node.index === node || !this.fabric.initialMembers[b.node.index] || b.peers.knows(node));
      if (all) then();
      else this.fabric.engine.schedule(1e9, check);
    };
    check();
  }

  /** Executor time of one small command on `node` before its reply's write: request (less the write) + command. */
  private baseCost(node: number): number {
    const server = this.fabric.nodes[node]!.server;
    return server.requestBeforeWriteNs + server.params.cost.command;
  }

  /** A small admin command on `node` whose effect is `effect`. */
  private command(node: number, effect: () => void): AdminCommand {
    return {
      cost: () => this.baseCost(node),
      run: (reply) => {
        effect();
        reply();
      },
    };
  }

  private moveSlot(source: number, target: number, slot: number, move: MoveOptions, done: () => void): void {
    const nodes = this.fabric.nodes;
    const startNs = this.fabric.engine.now;
    let keysMoved = 0;
    let bytesMoved = 0;
    const small = (effect: (node: number) => void) => (node: number): AdminCommand => this.command(node, () => effect(node));
    const importing = small((n) => {
      nodes[n]!.setImporting(slot, source);
      nodes[n]!.saveConfig(false);
    });
    const migrating = small((n) => {
      nodes[n]!.setMigrating(slot, target);
      nodes[n]!.saveConfig(false);
    });
    const setNode = small((n) => {
      const node = nodes[n]!;
      node.setOwner(slot, target);
      node.setImporting(slot, -1);
      node.setMigrating(slot, -1);
      node.saveConfig(false);
      if (n === target) {
        // clusterBumpConfigEpochWithoutConsensus: only when this node's configEpoch is not already the greatest.
        if (node.configEpoch !== node.currentEpoch) {
          node.currentEpoch++;
          node.configEpoch = node.currentEpoch;
          node.saveConfig(true);
        }
        this.fabric.buses[n]!.broadcastPong();
      }
      this.fabric.buses[n]!.updateState();
    });
    const others = nodes.filter((n) => n.isPrimary && n.index !== source && n.index !== target).map((n) => n.index);
    const finalize = (): void => {
      this.admin.send(target, setNode(target), () => this.admin.send(source, setNode(source), () => {
        const next = (k: number): void => {
          if (k < others.length) this.admin.send(others[k]!, setNode(others[k]!), () => next(k + 1));
          else {
            this.signal.emit({
              slot, from: nodes[source]!.server.options.name, to: nodes[target]!.server.options.name,
              keys: keysMoved, bytes: bytesMoved, startNs, endNs: this.fabric.engine.now,
            });
            done();
          }
        };
        next(0);
      }));
    };
    const batch = (): void => {
      let keys: number[] = [];
      this.admin.send(source, {
        cost: () => {
          keys = this.presentKeys(source, slot, move.pipeline);
          return this.baseCost(source) + nodes[source]!.server.params.cost.perKey * keys.length;
        },
        run: (reply) => reply(),
      }, () => {
        if (keys.length === 0) {
          finalize();
          return;
        }
        const bytes = keys.reduce((a, k) => a + nodes[source]!.server.keyspace.valueBytesOf(k) + DUMP_OVERHEAD_BYTES, 0);
        let failed = false;
        this.admin.send(source, {
          cost: () => this.baseCost(source) + keys.reduce((a, k) => a + this.dumpCost(source, k), 0),
          run: (reply) => this.migrate(source, target, keys, bytes, move.timeoutNs, (ok) => {
            if (ok) {
              keysMoved += keys.length;
              bytesMoved += bytes;
            } else failed = true;
            reply();
          }),
        }, () => {
          // redis-cli prints "[ERR] Calling MIGRATE" and exits: the slot stays MIGRATING and IMPORTING.
          if (failed) this.fabric.event(ClusterEventKind['migrate-failed'], source, target);
          else batch();
        });
      });
    };
    this.admin.send(target, importing(target), () => this.admin.send(source, migrating(source), batch));
  }

  private presentKeys(node: number, slot: number, max: number): number[] {
    const keyspace = this.fabric.nodes[node]!.server.keyspace;
    const out: number[] = [];
    for (let i = this.keysBySlot.start[slot]!; i < this.keysBySlot.start[slot + 1]! && out.length < max; i++) {
      const k = this.keysBySlot.keys[i]!;
      if (keyspace.has(k)) out.push(k);
    }
    return out;
  }

  /** The source's MIGRATE work for one key: serializing and writing it, reading its answer. */
  private dumpCost(node: number, key: number): number {
    const server = this.fabric.nodes[node]!.server;
    const cost = server.params.cost;
    return cost.dumpPerKey + (cost.dumpPerKB * server.keyspace.valueBytesOf(key)) / 1000;
  }

  /** MIGRATE: the source is blocked from now until the target's answers are back (or its timeout). */
  private migrate(source: number, target: number, keys: number[], bytes: number, timeoutNs: number, then: (ok: boolean) => void): void {
    const src = this.fabric.nodes[source]!.server;
    const dst = this.fabric.nodes[target]!.server;
    src.blockThread();
    const id = this.nextRestore++;
    this.restoring.set(id, {
      keys, valueBytes: keys.map((k) => src.keyspace.valueBytesOf(k)), versions: keys.map((k) => src.keyspace.versionOf(k)),
      source, target, then, sourceRun: src.incarnation, targetRun: dst.incarnation,
      waitStartNs: this.fabric.engine.now, timeoutNs, timer: this.fabric.engine.schedule(timeoutNs, this.onTimeout, id),
      waiting: true, answered: false, answersBack: false, returning: false, answersSent: false, reset: dst.crashed, retried: false,
    });
    // A dead target's socket was reset: the write fails, and MIGRATE retries at once.
    if (dst.crashed) this.retry(id);
    else this.fabric.network.send(src.options.host, dst.options.host, bytes, Purpose.migration, null, this.onPayload, id);
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

  /** The process on `host` died: each MIGRATE waiting for its answers from it has its connection reset. */
  processDied(host: number): void {
    for (const id of this.restoring.keys()) {
      const r = this.restoring.get(id)!;
      if (this.fabric.nodes[r.target]!.server.options.host === host) this.resetBy(id);
    }
  }

  /** The target's host resets the MIGRATE's connection, unless its answers are written or it did already (the process died again). */
  private resetBy(id: number): void {
    const r = this.restoring.get(id)!;
    if (r.answersSent || r.reset) return;
    r.reset = true;
    const nodes = this.fabric.nodes;
    sendReset(this.fabric.network, nodes[r.target]!.server.options.host, nodes[r.source]!.server.options.host, null, this.onReset, id);
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
      this.fabric.network.send(dst.options.host, this.fabric.nodes[r.source]!.server.options.host, OK_REPLY_BYTES * r.keys.length, Purpose.migration, null, this.onAnswers, id, delayNs);
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
    if (r.answered) for (const k of r.keys) src.deleteKey(k, src.keyspace.versionOf(k));
    // MIGRATE returns: its reply and the invalidations of the keys it deleted leave with its iteration's writes, before the thread serves what queued while it was blocked.
    r.then(r.answered);
  }
}
