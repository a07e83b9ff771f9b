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
//      walks the slot's key list and stops after P), then MIGRATE of those ≤ P keys, which the two
//      nodes run (migrate-command.ts); an IOERR (MIGRATE's timeout, redis-cli's --cluster-timeout, 60 s
//      by default; or a target that died) stops redis-cli (clusterManagerMoveSlot prints "[ERR]
//      Calling MIGRATE" and the reshard exits), leaving the slot MIGRATING and IMPORTING;
//   4. SETSLOT s NODE target on the target (configEpoch bumped without consensus, PONG broadcast),
//      then on the source, then on every other primary.
// During 2–4 clients are answered ASK (keys already moved) or TRYAGAIN (multi-key, some moved).
// Costs (server.cost, ns): every admin command request + command; GETKEYSINSLOT + perKey per key
// returned; MIGRATE's (migrate-command.ts). Every reply is a write of its connection in its node's
// beforeSleep (event-loop-iteration.ts), after beforeSleep's hooks. The tool (cluster-admin.ts) adds
// tool.commandCpu per command. Sources: redis 7.0 src/redis-cli.c, src/cluster.c.
// Every SETSLOT saves the node's nodes.conf before the reply (nodes-conf.ts), the target's SETSLOT
// NODE with an fsync (its configEpoch bumped).
// Before a reshard or rebalance, redis-cli's check refuses a cluster with an open slot (another move
// under way, or one cut short) and a source or target that is not a primary (`tool-refused`). A node
// whose process dies, or that refuses a SETSLOT (a replica), stops the tool midway (`tool-failed`,
// cluster-admin.ts). Abstracted: a target demoted during a slot's batches still takes them (its
// RESTORE-ASKING would be answered MOVED); the next SETSLOT to it stops the tool.
// Parameters: slots to move, pipeline P (keys per MIGRATE, default 10), MIGRATE's timeout (ns).

import type { Signal } from '../../sim/signal/signal.js';
import { ClusterEventKind, type SlotMigrated } from '../signals.js';
import type { ClusterAdmin, AdminCommand } from './cluster-admin.js';
import type { ClusterFabric } from './cluster-fabric.js';
import type { KeysBySlot } from './key-slots.js';
import { MigrateCommand } from './migrate-command.js';

/** How redis-cli moves a slot's keys: keys per MIGRATE (--cluster-pipeline) and MIGRATE's timeout (--cluster-timeout), ns. */
export interface MoveOptions {
  pipeline: number;
  timeoutNs: number;
}

export class ClusterTool {
  /** MIGRATE as the nodes run it; the topology tells it of a node's death. */
  readonly migrations: MigrateCommand;
  /** The source and target of the move under way (a reshard, or a rebalance's current step), null when none or when the tool stopped. */
  private moving: [number, number] | null = null;

  constructor(
    private readonly fabric: ClusterFabric,
    private readonly admin: ClusterAdmin,
    private readonly keysBySlot: KeysBySlot,
    private readonly signal: Signal<SlotMigrated>,
    /** A node's process exited (del-node's shutdown): its host resets its clients' connections. */
    private readonly exited: (node: number) => void,
  ) {
    this.migrations = new MigrateCommand(fabric);
    admin.onStopped = () => {
      this.moving = null;
    };
  }

  /** Moves `count` slots (the source's lowest-numbered ones) from `source` to `target`; `done` when all have moved (never if a MIGRATE fails: the tool stops). */
  reshard(source: number, target: number, count: number, move: MoveOptions, done: () => void = () => {}): void {
    if (!this.checked([source, target])) return;
    const src = this.fabric.nodes[source]!;
    const slots = Array.from(src.slotsOf(source)).slice(0, count);
    this.moving = [source, target];
    const step = (i: number): void => {
      if (i < slots.length) this.moveSlot(source, target, slots[i]!, move, () => step(i + 1));
      else {
        this.moving = null;
        done();
      }
    };
    step(0);
  }

  /** The run ends: a move still under way is told (`tool-unfinished`), so its slots moved are read as a part. */
  runEnds(): void {
    if (this.moving !== null) this.fabric.event(ClusterEventKind['tool-unfinished'], this.moving[0], this.moving[1]);
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

  /** del-node: forget `node` everywhere and shut it down; refused (an event, nothing else happens) while it owns slots. */
  removeNode(node: number): void {
    const n = this.fabric.nodes[node]!;
    if (n.isPrimary && n.slotCount[node]! > 0) {
      this.fabric.event(ClusterEventKind['del-node-refused'], node, node);
      return;
    }
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
    if (!this.checked([])) return;
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

  /**
   * redis-cli's check before a reshard or rebalance (clusterManagerCheckCluster, then "Please fix your
   * cluster problems"): no live node may have an open slot, and `movers` must be primaries; a
   * `tool-refused` event names the first node that fails it. The nodes' views are read as they are
   * (the CLUSTER NODES round trips of the tool's load are abstracted).
   */
  private checked(movers: readonly number[]): boolean {
    const nodes = this.fabric.nodes;
    const open = nodes.find((n) => !n.server.crashed && n.hasOpenSlots);
    const bad = open?.index ?? movers.find((m) => !nodes[m]!.isPrimary || nodes[m]!.server.crashed);
    if (bad === undefined) return true;
    this.fabric.event(ClusterEventKind['tool-refused'], bad, bad);
    return false;
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
        reply(true);
      },
    };
  }

  /** CLUSTER SETSLOT on `node`, `effect` if it is a primary; a replica refuses it ("Please use SETSLOT only with masters"). */
  private setSlot(node: number, effect: () => void): AdminCommand {
    return {
      cost: () => this.baseCost(node),
      run: (reply) => {
        const primary = this.fabric.nodes[node]!.isPrimary;
        if (primary) effect();
        reply(primary);
      },
    };
  }

  private moveSlot(source: number, target: number, slot: number, move: MoveOptions, done: () => void): void {
    const nodes = this.fabric.nodes;
    const startNs = this.fabric.engine.now;
    let keysMoved = 0;
    let bytesMoved = 0;
    const small = (effect: (node: number) => void) => (node: number): AdminCommand => this.setSlot(node, () => effect(node));
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
      // A source that has just lost its last slot may have made itself a replica of the target on the
      // target's PONG: redis-cli accepts its refusal (issue #9223).
      this.admin.send(target, setNode(target), () => this.admin.send(source, setNode(source), () => next(0), () => next(0)));
    };
    const batch = (): void => {
      let keys: number[] = [];
      this.admin.send(source, {
        cost: () => {
          keys = this.presentKeys(source, slot, move.pipeline);
          return this.baseCost(source) + nodes[source]!.server.params.cost.perKey * keys.length;
        },
        run: (reply) => reply(true),
      }, () => {
        if (keys.length === 0) {
          finalize();
          return;
        }
        const bytes = this.migrations.payloadBytes(source, keys);
        let failed = false;
        this.admin.send(source, {
          cost: () => this.baseCost(source) + this.migrations.serializeNs(source, keys),
          run: (reply) => this.migrations.run(source, target, keys, bytes, move.timeoutNs, (ok) => {
            if (ok) {
              keysMoved += keys.length;
              bytesMoved += bytes;
            } else failed = true;
            reply(true);
          }),
        }, () => {
          // redis-cli prints "[ERR] Calling MIGRATE" and exits: the slot stays MIGRATING and IMPORTING.
          if (failed) {
            this.moving = null;
            this.fabric.event(ClusterEventKind['migrate-failed'], source, target);
          } else batch();
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
}
