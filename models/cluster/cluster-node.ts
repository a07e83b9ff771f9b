// A Redis Cluster node: a Redis server plus its own view of the cluster (which node owns each slot,
// who its primary is, whether it thinks the cluster is up), and the routing Redis applies before
// running a command (getNodeByQuery, REDIS-MODEL §5.1): CROSSSLOT for a multi-key command (MGET, MSET, MULTI … EXEC, EVAL) over
// several slots, CLUSTERDOWN when the cluster is down or the slot unowned, MOVED to the owner in
// this node's view; for a slot this node is MIGRATING, ASK to the target when all the keys are
// missing here and TRYAGAIN when only some are; for a slot it is IMPORTING, served after ASKING
// (TRYAGAIN for a multi-key command with missing keys), MOVED otherwise; a replica serves reads
// of its primary's slots sent on a READONLY connection. Pipelines are checked
// command by command; if any command's slot is not served here the whole request is answered with
// that command's redirection (a client re-sends the pipeline). A write routed here is refused with
// NOREPLICAS while min-replicas-to-write is not met (checked after the routing, as processCommand
// does; min-replicas.ts counts the good replicas).
// Parameters: allowReadsWhenDown; minReplicas (from the topology's minReplicasToWrite).

import type { RequestTable } from '../request/request-table.js';
import type { MinReplicas } from '../replication/min-replicas.js';
import type { RedisServer } from '../server/redis-server.js';
import type { NodesConf } from './nodes-conf.js';
import { Admission, type CommandRouter } from '../server/server-hooks.js';
import { isMultiKey, Op, Outcome } from '../signals.js';

const shared = new Map<number, Int16Array>();

/** One array of `slots` −1s, shared by every node that has not set a slot MIGRATING or IMPORTING. */
function noSlotNodes(slots: number): Int16Array {
  let none = shared.get(slots);
  if (!none) {
    none = new Int16Array(slots).fill(-1);
    shared.set(slots, none);
  }
  return none;
}

export class ClusterNode implements CommandRouter {
  /** Owner of each slot in this node's view (node index), −1 for none. Change it with setOwner. */
  readonly owner: Int16Array;
  /** Index of this node's primary, or −1 if it is a primary. */
  primaryOf: number;
  /** This node's view of the cluster state (cluster_state:ok). */
  stateOk = true;
  /**
   * Per slot: the node this node migrates it to / imports it from (CLUSTER SETSLOT), −1 for none.
   * Every node shares one array of −1 until its first SETSLOT (setMigrating, setImporting), so a
   * large cluster does not hold two unused 32 KB arrays per node.
   */
  private migrating: Int16Array;
  private importing: Int16Array;
  currentEpoch = 0;
  /** This node's configEpoch (meaningful while it is a primary). */
  configEpoch = 0;
  /** Slots owned by each node in this view, slots owned by nobody, and primaries owning ≥ 1 slot. */
  readonly slotCount: Int32Array;
  unowned = 0;
  ownersWithSlots = 0;
  /** Writes this node served as a primary; and that count when another node took its slots. */
  private writesServed = 0;
  private writesWhenSuperseded = -1;
  /** The replica promoted in this node's place missed writes this node had taken. */
  private aheadOfSuccessor = false;
  private awaitingFirstWrite = false;
  /** Told when this node, newly promoted, serves its first write. */
  onFirstWrite: () => void = () => {};
  /** This node's nodes.conf (null: saves cost nothing, as in hand-built test clusters). */
  nodesConf: NodesConf | null = null;
  /** min-replicas-to-write, when set: decides whether a write routed here is served. */
  minReplicas: MinReplicas | null = null;
  private claimed: Int32Array | null = null;
  private claimedOf = -2;
  private version = 0;

  constructor(
    readonly index: number,
    readonly server: RedisServer,
    private readonly requests: RequestTable,
    private readonly slotOfKey: Uint16Array,
    initialOwner: Int16Array,
    nodeCount: number,
    primaryOf: number,
    private readonly allowReadsWhenDown: boolean,
  ) {
    this.owner = Int16Array.from(initialOwner);
    this.migrating = this.importing = noSlotNodes(initialOwner.length);
    this.slotCount = new Int32Array(nodeCount);
    for (const node of initialOwner) {
      if (node < 0) this.unowned++;
      else if (this.slotCount[node]++ === 0) this.ownersWithSlots++;
    }
    this.version = initialOwner.length - this.unowned;
    this.primaryOf = primaryOf;
    this.configEpoch = primaryOf < 0 ? index + 1 : 0;
    server.router = this;
  }

  get isPrimary(): boolean {
    return this.primaryOf < 0;
  }

  /** Another node was promoted in this node's place, missing `lostWrites` of the writes this node had taken. */
  supersede(lostWrites: number): void {
    if (this.writesWhenSuperseded < 0) this.writesWhenSuperseded = this.writesServed;
    if (lostWrites > 0) this.aheadOfSuccessor = true;
  }

  /**
   * Whether this node, demoted, must resync in full for its writes: it took writes its successor never got (before the
   * promotion or after it), so its PSYNC asks for an offset beyond the one the new primary took over (replid2's offset)
   * and is refused (masterTryPartialResynchronization, src/replication.c); or it restarted empty. The PINGs that move
   * its offset too are the replication hub's to count (ReplicationHub.demote).
   */
  takeFullSyncOnDemotion(): boolean {
    const full = this.aheadOfSuccessor || this.writesSinceSuperseded() > 0 || this.needsFullSync;
    this.aheadOfSuccessor = false;
    this.needsFullSync = false;
    this.writesWhenSuperseded = -1;
    return full;
  }

  /** The run ends: the writes this primary served since it was superseded, which its demotion would discard, counted now (and not again). */
  writesPendingLoss(): number {
    if (!this.isPrimary || this.writesWhenSuperseded < 0) return 0;
    const pending = this.writesServed - this.writesWhenSuperseded;
    this.writesWhenSuperseded = this.writesServed;
    return pending;
  }

  /** Writes served since this node was superseded (lost when it learns and becomes a replica). */
  writesSinceSuperseded(): number {
    return this.writesWhenSuperseded < 0 ? 0 : this.writesServed - this.writesWhenSuperseded;
  }

  awaitFirstWrite(): void {
    this.awaitingFirstWrite = true;
  }

  /** The node's view changed in a way Redis saves to nodes.conf before its next replies (with an fsync when `fsync`). */
  saveConfig(fsync: boolean): void {
    this.nodesConf?.save(fsync);
  }

  /** CLUSTER SETSLOT MIGRATING (−1: STABLE). */
  setMigrating(slot: number, target: number): void {
    if (this.migrating[slot] === target) return;
    if (this.migrating === noSlotNodes(this.migrating.length)) this.migrating = this.migrating.slice();
    this.migrating[slot] = target;
  }

  /** Whether some slot is MIGRATING or IMPORTING here (redis-cli's check calls it an open slot). */
  get hasOpenSlots(): boolean {
    const none = noSlotNodes(this.migrating.length);
    return (this.migrating !== none && this.migrating.some((n) => n >= 0)) || (this.importing !== none && this.importing.some((n) => n >= 0));
  }

  /** CLUSTER SETSLOT IMPORTING (−1: STABLE). */
  setImporting(slot: number, source: number): void {
    if (this.importing[slot] === source) return;
    if (this.importing === noSlotNodes(this.importing.length)) this.importing = this.importing.slice();
    this.importing[slot] = source;
  }

  setOwner(slot: number, node: number): void {
    const old = this.owner[slot]!;
    if (old === node) return;
    this.count(old, -1);
    this.count(node, 1);
    this.owner[slot] = node;
    this.claimed = null;
    this.version++;
  }

  private count(node: number, delta: number): void {
    if (node < 0) {
      this.unowned += delta;
      return;
    }
    const before = this.slotCount[node]!;
    this.slotCount[node] = before + delta;
    if (before === 0 && delta > 0) this.ownersWithSlots++;
    if (before + delta === 0 && delta < 0) this.ownersWithSlots--;
  }

  /** The slots owned by `node` in this view (cached until the view changes). */
  slotsOf(node: number): Int32Array {
    if (this.claimed && this.claimedOf === node) return this.claimed;
    const out: number[] = [];
    for (let s = 0; s < this.owner.length; s++) if (this.owner[s] === node) out.push(s);
    this.claimed = Int32Array.from(out);
    this.claimedOf = node;
    return this.claimed;
  }

  /** What this node's heartbeats claim: its own slots, or its primary's for a replica. */
  claimedSlots(): Int32Array {
    return this.slotsOf(this.isPrimary ? this.index : this.primaryOf);
  }

  /** Counts the changes of this view of slot ownership. */
  get ownershipChanges(): number {
    return this.version;
  }

  /** Changes whenever this view of slot ownership changes. */
  get slotsVersion(): number {
    return this.version * 65536 + (this.isPrimary ? this.index : this.primaryOf);
  }

  /** Set when the node restarted empty: the next primary it follows must send it a full sync. */
  needsFullSync = false;
  /** Writes are paused until this time (CLIENT PAUSE WRITE of a manual failover), ns. */
  private writesPausedUntilNs = -1;
  private readonly heldWrites: number[] = [];

  /** Holds every write until `untilNs` or until resumeWrites(); reads go on. */
  pauseWrites(untilNs: number): void {
    this.writesPausedUntilNs = untilNs;
  }

  /** Ends a write pause: the held writes run again (and are routed anew). */
  resumeWrites(): void {
    this.writesPausedUntilNs = -1;
    for (const req of this.heldWrites.splice(0)) this.server.rerun(req);
  }

  get writesPaused(): boolean {
    return this.writesPausedUntilNs >= 0;
  }

  admit(req: number): number {
    const t = this.requests;
    const op = t.op[req]!;
    const base = req * t.stride;
    const n = t.commandCount[req]!;
    if (op === Op.keys) return Admission.serve;
    const readOnly = isReadOnly(t, base, n);
    if (!readOnly && this.writesPausedUntilNs >= 0 && this.owner[this.slotOfKey[t.cmdKey[base]!]!] === this.index) {
      this.heldWrites.push(req);
      return Admission.hold;
    }
    if (!this.stateOk && !(readOnly && this.allowReadsWhenDown)) return this.refuse(req, Outcome.clusterdown, -1);
    const first = this.slotOfKey[t.cmdKey[base]!]!;
    const keyspace = this.server.keyspace;
    const multiKey = isMultiKey(op);
    for (let i = base; i < base + n; i++) {
      const slot = this.slotOfKey[t.cmdKey[i]!]!;
      if (multiKey && slot !== first) return this.refuse(req, Outcome.crossslot, -1);
    }
    for (let i = base; i < base + n; i++) {
      const slot = this.slotOfKey[t.cmdKey[i]!]!;
      const owner = this.owner[slot]!;
      if (owner < 0) return this.refuse(req, Outcome.clusterdown, -1);
      const migrating = owner === this.index && this.migrating[slot]! >= 0;
      const importing = owner !== this.index && this.importing[slot]! >= 0 && t.asking[req] === 1;
      const replicaRead = readOnly && t.readonly[req] === 1 && owner === this.primaryOf;
      if (owner !== this.index && !importing && !replicaRead) return this.refuse(req, Outcome.moved, owner, slot);
      if (!migrating && !importing) continue;
      const keysOfSlot = multiKey ? n : 1;
      let missing = 0;
      for (let k = multiKey ? base : i, end = k + keysOfSlot; k < end; k++) if (!keyspace.has(t.cmdKey[k]!)) missing++;
      if (migrating && missing === keysOfSlot) return this.refuse(req, Outcome.ask, this.migrating[slot]!, slot);
      if (missing > 0 && keysOfSlot > 1) return this.refuse(req, Outcome.tryagain, -1, slot);
    }
    if (!readOnly && this.minReplicas?.admit(this.index, req) === Admission.refuse) return this.refuse(req, Outcome.noreplicas, -1);
    if (!readOnly) {
      this.writesServed++;
      if (this.awaitingFirstWrite) {
        this.awaitingFirstWrite = false;
        this.onFirstWrite();
      }
    }
    return Admission.serve;
  }

  private refuse(req: number, outcome: number, node: number, slot = -1): number {
    this.requests.outcome[req] = outcome;
    this.requests.redirectNode[req] = node;
    this.requests.redirectSlot[req] = slot;
    return Admission.refuse;
  }
}

function isReadOnly(t: RequestTable, base: number, n: number): boolean {
  for (let i = base; i < base + n; i++) if (t.cmdOp[i] !== Op.get) return false;
  return true;
}
