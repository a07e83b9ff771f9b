// Puts an L1 tier in front of every application host's client library of a built topology, and
// wires its invalidation path: pub/sub nodes on the shared tier's servers (classic or sharded,
// carried over the bus in a cluster) with each host subscribed (in a cluster, again elsewhere when
// its node's process dies) and publishing its writes; or a client-tracking table on each server a
// host connects to (a cluster client: as it first connects there) with the host's pool
// connections registered (default or BCAST), and the host's L1 emptied when one of its connections
// to Redis is lost (unless onDisconnect keep). Each host applies the invalidations it receives on
// its own thread (L1Tier.receive). TTL-only and versioned keys need no wiring.

import type { EventHandler } from '../../sim/engine/engine.js';
import { CACHE_POLICIES } from '../cache/policy-registry.js';
import { PubSubNode } from '../pubsub/pubsub-node.js';
import { TrackingTable } from '../pubsub/tracking-table.js';
import type { WriteLedger } from '../replication/write-ledger.js';
import { Channel } from '../network/network.js';
import type { BuiltTopology, TopologyContext } from './topology.js';
import { InvalidationPublisher } from '../l1/invalidation-publisher.js';
import { flushesOnDisconnect, l1SlotCount, type L1Params } from '../l1/l1-params.js';
import { L1Store } from '../l1/l1-store.js';
import { L1Tier } from '../l1/l1-tier.js';

export function withL1(ctx: TopologyContext, built: BuiltTopology, p: L1Params, ledger: WriteLedger): BuiltTopology {
  const l1ctx = {
    engine: ctx.engine, requests: ctx.requests, bus: ctx.bus, ledger,
    valueBytes: ctx.factory.valueBytes, readThrough: ctx.workload.readThrough && ctx.origin !== null,
    messageCpuNs: ctx.workload.clients.messageCpu,
  };
  const tiers = built.clients.map((client, i) => new L1Tier(l1ctx, p, ctx.clientCpus[i]!, new L1Store(
    CACHE_POLICIES[p.policy](l1SlotCount(p, ctx.workload.keys)), p.bytes ?? Infinity, p.entryOverhead, p.ttl ?? Infinity,
  ), client, ctx.clientHosts[i]!));
  const { servers } = built.shared;
  const mode = p.invalidation.mode;
  if (mode === 'pubsub' || mode === 'spublish') {
    const sharded = mode === 'spublish';
    const nodes = servers.map((s) => new PubSubNode(ctx.network, s, ctx.workload.keyBytes));
    built.shared.connectPubSub?.(nodes);
    const hosts = servers.map((s) => s.options.host);
    const subscribe = (i: number, j: number) => {
      const channel = new Channel();
      nodes[j]!.subscribe(ctx.clientHosts[i]!, channel, (key) => tiers[i]!.receive(1, tiers[i]!.onInvalidate, key, channel));
    };
    const resubscribeOn = built.shared.resubscribeOn;
    if (resubscribeOn) {
      ctx.connections.addHolder({
        processDied: (host) => {
          const dead = hosts.indexOf(host);
          if (dead < 0) return;
          tiers.forEach((_, i) => {
            // With no other node to take it, the subscription waits for its node to run again (the client reconnects there).
            const next = resubscribeOn(i, dead, sharded);
            if (next >= 0 && nodes[dead]!.unsubscribe(ctx.clientHosts[i]!)) subscribe(i, next);
          });
        },
      });
    }
    tiers.forEach((tier, i) => {
      for (const j of built.shared.subscribeOn(i, sharded)) subscribe(i, j);
      const publisher = new InvalidationPublisher(ctx.engine, ctx.network, ctx.clientHosts[i]!, ctx.clientCpus[i]!, ctx.workload.clients.requestCpu, nodes, hosts,
        (key) => built.shared.publishTo(i, key, sharded), p.invalidation.delay, sharded);
      tier.onWritten = (key) => publisher.written(key);
    });
  } else if (mode === 'tracking' || mode === 'bcast') {
    const tables = new Map<number, TrackingTable>();
    const tableOn = (j: number): TrackingTable => {
      const table = tables.get(j) ?? new TrackingTable(ctx.network, servers[j]!, ctx.workload.keyBytes, mode === 'bcast', ctx.streams.stream(`tracking/${servers[j]!.options.name}`));
      tables.set(j, table);
      return table;
    };
    tiers.forEach((tier, i) => built.shared.trackOn(i, (j) => {
      const table = tableOn(j);
      const channel = new Channel();
      const applyBatch: EventHandler = (id) => {
        for (const key of table.batchKeys(id)) tier.onInvalidate(key);
        table.delivered(id);
      };
      table.register(ctx.clientHosts[i]!, ctx.workload.clients.poolSize, channel, (key) => tier.receive(1, tier.onInvalidate, key, channel),
        (id) => tier.receive(table.batchKeys(id).length, applyBatch, id, channel));
    }));
    if (flushesOnDisconnect(p)) tiers.forEach((tier, i) => ctx.connections.onLost(ctx.clientHosts[i]!, () => tier.flush()));
  }
  return { ...built, clients: tiers };
}
