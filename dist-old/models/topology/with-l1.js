// Puts an L1 tier in front of every application host's client library of a built topology, and
// wires its invalidation path: pub/sub nodes on the shared tier's servers (classic or sharded,
// carried over the bus in a cluster) with each host subscribed and publishing its writes, or a
// client-tracking table on each server some host reads from, with those hosts registered
// (default or BCAST); TTL-only
// and versioned keys need no wiring.
import { CACHE_POLICIES } from '../cache/policy-registry.js';
import { PubSubNode } from '../pubsub/pubsub-node.js';
import { TrackingTable } from '../pubsub/tracking-table.js';
import { Channel } from '../network/network.js';
import { InvalidationPublisher } from '../l1/invalidation-publisher.js';
import { l1SlotCount } from '../l1/l1-params.js';
import { L1Store } from '../l1/l1-store.js';
import { L1Tier } from '../l1/l1-tier.js';
export function withL1(ctx, built, p, ledger) {
    const l1ctx = {
        engine: ctx.engine, requests: ctx.requests, bus: ctx.bus, ledger,
        valueBytes: ctx.factory.valueBytes, readThrough: ctx.workload.readThrough && ctx.origin !== null,
    };
    const tiers = built.clients.map((client, i) => new L1Tier(l1ctx, p, ctx.clientCpus[i], new L1Store(CACHE_POLICIES[p.policy](l1SlotCount(p, ctx.workload.keys)), p.bytes ?? Infinity, p.entryOverhead, p.ttl ?? Infinity), client, ctx.clientHosts[i]));
    const { servers } = built.shared;
    const mode = p.invalidation.mode;
    if (mode === 'pubsub' || mode === 'spublish') {
        const sharded = mode === 'spublish';
        const nodes = servers.map((s) => new PubSubNode(ctx.network, s, ctx.workload.keyBytes));
        built.shared.connectPubSub?.(nodes);
        const hosts = servers.map((s) => s.options.host);
        tiers.forEach((tier, i) => {
            for (const j of built.shared.subscribeOn(i, sharded))
                nodes[j].subscribe(ctx.clientHosts[i], new Channel(), tier.onInvalidate);
            const publisher = new InvalidationPublisher(ctx.engine, ctx.network, ctx.clientHosts[i], nodes, hosts, (key) => built.shared.publishTo(i, key, sharded), p.invalidation.delay, sharded);
            tier.onWritten = (key) => publisher.written(key);
        });
    }
    else if (mode === 'tracking' || mode === 'bcast') {
        const tables = new Map();
        const tableOn = (j) => {
            const table = tables.get(j) ?? new TrackingTable(ctx.network, servers[j], ctx.workload.keyBytes, mode === 'bcast');
            tables.set(j, table);
            return table;
        };
        tiers.forEach((tier, i) => {
            for (const j of built.shared.readNodes(i)) {
                const table = tableOn(j);
                table.register(ctx.clientHosts[i], tier.onInvalidate, (id) => {
                    for (const key of table.batchKeys(id))
                        tier.onInvalidate(key);
                    table.delivered(id);
                });
            }
        });
    }
    return { ...built, clients: tiers };
}
//# sourceMappingURL=with-l1.js.map