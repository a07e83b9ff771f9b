// Moving slots between primaries as `redis-cli --cluster reshard` does (REDIS-MODEL §5.2–5.4,
// clusterManagerMoveSlot), one slot at a time from one admin client:
//   1. target: SETSLOT s IMPORTING source;  2. source: SETSLOT s MIGRATING target;
//   3. until the slot is empty on the source: GETKEYSINSLOT s P, then MIGRATE of those ≤ P keys:
//      the source serializes them (DUMP) on its thread and stays blocked while they travel to the
//      target, which restores them (RESTORE-ASKING) on its thread and answers; the source then
//      deletes them (replicated as DEL) and answers the admin;
//   4. SETSLOT s NODE target on the target (configEpoch bumped without consensus, PONG broadcast),
//      then on the source, then on every other primary.
// During 2–4 clients are answered ASK (keys already moved) or TRYAGAIN (multi-key, some moved).
// Abstracted: MIGRATE's 64 KB write chunks and socket cache, timeouts and retries (nothing fails).
// Parameters: slots to move, pipeline P (keys per MIGRATE, default 10).

import type { Signal } from '../../sim/signal/signal.js';
import { Op, Purpose, type SlotMigrated } from '../signals.js';
import type { ClusterAdmin, AdminCommand } from './cluster-admin.js';
import type { ClusterFabric } from './cluster-fabric.js';
import type { KeysBySlot } from './key-slots.js';

/** Executor time of a SETSLOT or the base of GETKEYSINSLOT, ns. */
const SMALL_COMMAND_NS = 1000;
/** Serialized overhead per key in a MIGRATE payload (RESTORE arguments, DUMP trailer), bytes. */
const DUMP_OVERHEAD_BYTES = 40;

export class Resharding {
  private readonly restoreKinds: number[];
  private readonly restoring = new Map<number, { keys: number[]; source: number; target: number; then: () => void }>();
  private nextRestore = 0;

  constructor(
    private readonly fabric: ClusterFabric,
    private readonly admin: ClusterAdmin,
    private readonly keysBySlot: KeysBySlot,
    private readonly signal: Signal<SlotMigrated>,
  ) {
    this.restoreKinds = fabric.nodes.map((n) => n.server.addTask({
      begin: (id) => this.restoreCost(id),
      finish: (id) => this.restored(id),
    }));
  }

  /** Moves `count` slots (the source's lowest-numbered ones) from `source` to `target`, `pipeline` keys per MIGRATE. */
  reshard(source: number, target: number, count: number, pipeline: number): void {
    const src = this.fabric.nodes[source]!;
    const slots = Array.from(src.slotsOf(source)).slice(0, count);
    const step = (i: number): void => {
      if (i < slots.length) this.moveSlot(source, target, slots[i]!, pipeline, () => step(i + 1));
    };
    step(0);
  }

  private moveSlot(source: number, target: number, slot: number, pipeline: number, done: () => void): void {
    const nodes = this.fabric.nodes;
    const startNs = this.fabric.engine.now;
    let keysMoved = 0;
    let bytesMoved = 0;
    const small = (effect: (node: number) => void) => (node: number): AdminCommand => ({
      cost: () => SMALL_COMMAND_NS,
      run: (reply) => {
        effect(node);
        reply();
      },
    });
    const importing = small((n) => { nodes[n]!.importingFrom[slot] = source; });
    const migrating = small((n) => { nodes[n]!.migratingTo[slot] = target; });
    const setNode = small((n) => {
      const node = nodes[n]!;
      node.setOwner(slot, target);
      node.importingFrom[slot] = -1;
      node.migratingTo[slot] = -1;
      if (n === target) {
        // clusterBumpConfigEpochWithoutConsensus: only when this node's configEpoch is not already the greatest.
        if (node.configEpoch !== node.currentEpoch) {
          node.currentEpoch++;
          node.configEpoch = node.currentEpoch;
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
            this.signal.emit({ slot, keys: keysMoved, bytes: bytesMoved, startNs, endNs: this.fabric.engine.now });
            done();
          }
        };
        next(0);
      }));
    };
    const batch = (): void => {
      let keys: number[] = [];
      this.admin.send(source, {
        cost: () => SMALL_COMMAND_NS + 100 * (this.keysBySlot.start[slot + 1]! - this.keysBySlot.start[slot]!),
        run: (reply) => {
          keys = this.presentKeys(source, slot, pipeline);
          reply();
        },
      }, () => {
        if (keys.length === 0) {
          finalize();
          return;
        }
        const bytes = keys.reduce((a, k) => a + nodes[source]!.server.keyspace.valueBytes[k]! + DUMP_OVERHEAD_BYTES, 0);
        this.admin.send(source, {
          cost: () => keys.reduce((a, k) => a + this.perKeyCost(source, k), 0),
          run: (reply) => this.migrate(source, target, keys, bytes, () => {
            keysMoved += keys.length;
            bytesMoved += bytes;
            reply();
          }),
        }, batch);
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

  private perKeyCost(node: number, key: number): number {
    const server = this.fabric.nodes[node]!.server;
    const cost = server.params.cost;
    return cost.command + cost.perKey + (cost.perKB * server.keyspace.valueBytes[key]!) / 1000;
  }

  /** MIGRATE: the source is blocked from now until the target's answer is back and the keys deleted. */
  private migrate(source: number, target: number, keys: number[], bytes: number, then: () => void): void {
    const src = this.fabric.nodes[source]!.server;
    src.executor.block();
    const id = this.nextRestore++;
    this.restoring.set(id, { keys, source, target, then });
    this.fabric.network.send(src.options.host, this.fabric.nodes[target]!.server.options.host, bytes, Purpose.migration, null,
      (r) => this.fabric.nodes[target]!.server.submitTask(this.restoreKinds[target]!, r), id);
  }

  private restoreCost(id: number): number {
    const r = this.restoring.get(id)!;
    return r.keys.reduce((a, k) => a + this.perKeyCost(r.source, k), 0);
  }

  /** The target restored the keys (and replicates them); its answer travels back to the source. */
  private restored(id: number): void {
    const r = this.restoring.get(id)!;
    const src = this.fabric.nodes[r.source]!.server;
    const dst = this.fabric.nodes[r.target]!.server;
    for (const k of r.keys) {
      const bytes = src.keyspace.valueBytes[k]!;
      const version = src.keyspace.version?.[k] ?? 0;
      dst.applyWrite(Op.set, k, bytes, 0, version);
      dst.writeListener?.written(Op.set, k, bytes, 0, version);
    }
    this.fabric.network.send(dst.options.host, src.options.host, 5 * r.keys.length, Purpose.migration, null, (x) => this.migrated(x), id);
  }

  private migrated(id: number): void {
    const r = this.restoring.get(id)!;
    this.restoring.delete(id);
    const src = this.fabric.nodes[r.source]!.server;
    for (const k of r.keys) {
      src.writeListener?.written(Op.del, k, 0, 0, src.keyspace.version?.[k] ?? 0);
      src.keyspace.delete(k);
    }
    src.executor.unblock();
    r.then();
  }
}
