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
//      walks the slot's key list and stops after P), then MIGRATE of those ≤ P keys:
//      the source serializes them (DUMP) on its thread and stays blocked while they travel to the
//      target, which restores them (RESTORE-ASKING) on its thread and answers; the source then
//      deletes them (replicated as DEL) and answers the admin;
//   4. SETSLOT s NODE target on the target (configEpoch bumped without consensus, PONG broadcast),
//      then on the source, then on every other primary.
// During 2–4 clients are answered ASK (keys already moved) or TRYAGAIN (multi-key, some moved).
// Abstracted: MIGRATE's 64 KB write chunks and socket cache, timeouts and retries (nothing fails).
// Parameters: slots to move, pipeline P (keys per MIGRATE, default 10).
import { Op, Purpose } from '../signals.js';
/** Executor time of a SETSLOT or the base of GETKEYSINSLOT, ns. */
const SMALL_COMMAND_NS = 1000;
/** GETKEYSINSLOT's executor time per key returned, ns: Redis 7.0 walks the slot's own key list and stops after COUNT keys. */
const GETKEYSINSLOT_PER_KEY_NS = 100;
/** Serialized overhead per key in a MIGRATE payload (RESTORE arguments, DUMP trailer), bytes. */
const DUMP_OVERHEAD_BYTES = 40;
export class ClusterTool {
    fabric;
    admin;
    keysBySlot;
    signal;
    restoreKinds;
    restoring = new Map();
    nextRestore = 0;
    constructor(fabric, admin, keysBySlot, signal) {
        this.fabric = fabric;
        this.admin = admin;
        this.keysBySlot = keysBySlot;
        this.signal = signal;
        this.restoreKinds = fabric.nodes.map((n) => n.server.addTask({
            begin: (id) => this.restoreCost(id),
            finish: (id) => this.restored(id),
        }));
    }
    /** Moves `count` slots (the source's lowest-numbered ones) from `source` to `target`, `pipeline` keys per MIGRATE. */
    reshard(source, target, count, pipeline, done = () => { }) {
        const src = this.fabric.nodes[source];
        const slots = Array.from(src.slotsOf(source)).slice(0, count);
        const step = (i) => {
            if (i < slots.length)
                this.moveSlot(source, target, slots[i], pipeline, () => step(i + 1));
            else
                done();
        };
        step(0);
    }
    /** add-node: `node` meets `meet`; then, once every node knows it, it replicates `replicaOf` (−1: stays an empty primary). */
    addNode(node, meet, replicaOf) {
        this.admin.send(node, this.command(() => this.fabric.buses[node].meet(meet)), () => {
            if (replicaOf < 0)
                return;
            this.whenKnownByAll(node, () => this.admin.send(node, this.command(() => {
                this.fabric.nodes[node].primaryOf = replicaOf;
                this.fabric.replication.follow(node, replicaOf, true);
            }), () => { }));
        });
    }
    /** del-node: forget `node` everywhere and shut it down; refused (nothing happens) while it owns slots. */
    removeNode(node) {
        const n = this.fabric.nodes[node];
        if (n.isPrimary && n.slotCount[node] > 0)
            return;
        const others = this.fabric.nodes.filter((o) => o.index !== node && this.fabric.buses[o.index].peers.knows(node)).map((o) => o.index);
        const next = (k) => {
            if (k < others.length) {
                this.admin.send(others[k], this.command(() => this.fabric.buses[others[k]].forget(node)), () => next(k + 1));
                return;
            }
            this.admin.send(node, this.command(() => { }), () => {
                n.server.crash();
                this.fabric.buses[node].crashed = true;
                this.fabric.replication.follow(node, -1);
            });
        };
        next(0);
    }
    /** rebalance --cluster-use-empty-masters: moves slots so each primary owns slots ∝ its weight (default 1). */
    rebalance(pipeline, weights) {
        const view = this.fabric.nodes.find((n) => n.isPrimary && n.slotCount[n.index] > 0);
        const bus = this.fabric.buses[view.index];
        const primaries = this.fabric.nodes.filter((n) => (n.index === view.index || bus.peers.knows(n.index)) && bus.peers.primaryOf[n.index] === -1)
            .map((n) => n.index);
        const weight = (j) => weights.get(j) ?? 1;
        const total = primaries.reduce((a, j) => a + weight(j), 0);
        const slots = view.owner.length;
        const expected = new Map(primaries.map((j) => [j, Math.floor((slots * weight(j)) / total)]));
        const balance = new Map(primaries.map((j) => [j, view.slotCount[j] - expected.get(j)]));
        let totalBalance = [...balance.values()].reduce((a, b) => a + b, 0);
        while (totalBalance > 0) {
            for (const j of primaries) {
                if (balance.get(j) <= 0 && totalBalance > 0) {
                    balance.set(j, balance.get(j) - 1);
                    totalBalance--;
                }
            }
        }
        const threshold = primaries.some((j) => expected.get(j) === 0 ? balance.get(j) !== 0 : Math.abs(balance.get(j)) / expected.get(j) * 100 > 2);
        if (!threshold)
            return;
        const order = [...primaries].sort((a, b) => balance.get(a) - balance.get(b));
        const moves = [];
        let dst = 0;
        let src = order.length - 1;
        while (dst < src) {
            const n = Math.min(-balance.get(order[dst]), balance.get(order[src]));
            if (n > 0)
                moves.push([order[src], order[dst], n]);
            balance.set(order[dst], balance.get(order[dst]) + n);
            balance.set(order[src], balance.get(order[src]) - n);
            if (balance.get(order[dst]) === 0)
                dst++;
            if (balance.get(order[src]) === 0)
                src--;
        }
        const step = (i) => {
            if (i < moves.length)
                this.reshard(moves[i][0], moves[i][1], moves[i][2], pipeline, () => step(i + 1));
        };
        step(0);
    }
    /** Polls (every second, as redis-cli waits for the cluster to join) until every other node knows `node`. */
    whenKnownByAll(node, then) {
        const check = () => {
            const all = this.fabric.buses.every((b) => b.crashed || b.node.index === node || !this.fabric.initialMembers[b.node.index] || b.peers.knows(node));
            if (all)
                then();
            else
                this.fabric.engine.schedule(1e9, check);
        };
        check();
    }
    /** A small admin command whose effect is `effect`. */
    command(effect) {
        return {
            cost: () => SMALL_COMMAND_NS,
            run: (reply) => {
                effect();
                reply();
            },
        };
    }
    moveSlot(source, target, slot, pipeline, done) {
        const nodes = this.fabric.nodes;
        const startNs = this.fabric.engine.now;
        let keysMoved = 0;
        let bytesMoved = 0;
        const small = (effect) => (node) => this.command(() => effect(node));
        const importing = small((n) => { nodes[n].importingFrom[slot] = source; });
        const migrating = small((n) => { nodes[n].migratingTo[slot] = target; });
        const setNode = small((n) => {
            const node = nodes[n];
            node.setOwner(slot, target);
            node.importingFrom[slot] = -1;
            node.migratingTo[slot] = -1;
            if (n === target) {
                // clusterBumpConfigEpochWithoutConsensus: only when this node's configEpoch is not already the greatest.
                if (node.configEpoch !== node.currentEpoch) {
                    node.currentEpoch++;
                    node.configEpoch = node.currentEpoch;
                }
                this.fabric.buses[n].broadcastPong();
            }
            this.fabric.buses[n].updateState();
        });
        const others = nodes.filter((n) => n.isPrimary && n.index !== source && n.index !== target).map((n) => n.index);
        const finalize = () => {
            this.admin.send(target, setNode(target), () => this.admin.send(source, setNode(source), () => {
                const next = (k) => {
                    if (k < others.length)
                        this.admin.send(others[k], setNode(others[k]), () => next(k + 1));
                    else {
                        this.signal.emit({
                            slot, from: nodes[source].server.options.name, to: nodes[target].server.options.name,
                            keys: keysMoved, bytes: bytesMoved, startNs, endNs: this.fabric.engine.now,
                        });
                        done();
                    }
                };
                next(0);
            }));
        };
        const batch = () => {
            let keys = [];
            this.admin.send(source, {
                cost: () => {
                    keys = this.presentKeys(source, slot, pipeline);
                    return SMALL_COMMAND_NS + GETKEYSINSLOT_PER_KEY_NS * keys.length;
                },
                run: (reply) => reply(),
            }, () => {
                if (keys.length === 0) {
                    finalize();
                    return;
                }
                const bytes = keys.reduce((a, k) => a + nodes[source].server.keyspace.valueBytesOf(k) + DUMP_OVERHEAD_BYTES, 0);
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
    presentKeys(node, slot, max) {
        const keyspace = this.fabric.nodes[node].server.keyspace;
        const out = [];
        for (let i = this.keysBySlot.start[slot]; i < this.keysBySlot.start[slot + 1] && out.length < max; i++) {
            const k = this.keysBySlot.keys[i];
            if (keyspace.has(k))
                out.push(k);
        }
        return out;
    }
    perKeyCost(node, key) {
        const server = this.fabric.nodes[node].server;
        const cost = server.params.cost;
        return cost.command + cost.perKey + (cost.perKB * server.keyspace.valueBytesOf(key)) / 1000;
    }
    /** MIGRATE: the source is blocked from now until the target's answer is back and the keys deleted. */
    migrate(source, target, keys, bytes, then) {
        const src = this.fabric.nodes[source].server;
        src.executor.block();
        const id = this.nextRestore++;
        this.restoring.set(id, { keys, source, target, then });
        this.fabric.network.send(src.options.host, this.fabric.nodes[target].server.options.host, bytes, Purpose.migration, null, (r) => this.fabric.nodes[target].server.submitTask(this.restoreKinds[target], r), id);
    }
    restoreCost(id) {
        const r = this.restoring.get(id);
        return r.keys.reduce((a, k) => a + this.perKeyCost(r.source, k), 0);
    }
    /** The target restored the keys (and replicates them); its answer travels back to the source. */
    restored(id) {
        const r = this.restoring.get(id);
        const src = this.fabric.nodes[r.source].server;
        const dst = this.fabric.nodes[r.target].server;
        for (const k of r.keys) {
            const bytes = src.keyspace.valueBytesOf(k);
            const version = src.keyspace.versionOf(k);
            dst.applyWrite(Op.set, k, bytes, 0, version);
            dst.writeListener?.written(Op.set, k, bytes, 0, version);
        }
        this.fabric.network.send(dst.options.host, src.options.host, 5 * r.keys.length, Purpose.migration, null, (x) => this.migrated(x), id);
    }
    migrated(id) {
        const r = this.restoring.get(id);
        this.restoring.delete(id);
        const src = this.fabric.nodes[r.source].server;
        for (const k of r.keys) {
            src.writeListener?.written(Op.del, k, 0, 0, src.keyspace.versionOf(k));
            src.keyspace.delete(k);
        }
        src.executor.unblock();
        r.then();
    }
}
//# sourceMappingURL=cluster-tool.js.map