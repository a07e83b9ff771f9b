// `cluster`: Redis Cluster with P primaries, each with its own replicas (per-shard counts allowed),
// every node on its own host, primaries spread over the zones and each replica in another zone than
// its primary. Slots are split into contiguous ranges as `redis-cli --cluster create` does. Primaries
// replicate asynchronously to their replicas. Each application host runs a smart cluster client
// whose slot map starts as the cluster's (as fetched before the run).
// Node names (for faults and reports): <topology>/primary-<i>, <topology>/replica-<i>-<j>.

import { ClusterClient, type ClusterAccess } from '../client/cluster-client.js';
import { ClusterNode } from '../cluster/cluster-node.js';
import { clusterParams, MAX_NODES, parseSlotRanges, type ClusterParams } from '../cluster/cluster-params.js';
import { ClusterSlotsService } from '../cluster/cluster-slots-service.js';
import { keysBySlot, slotsOfKeys } from '../cluster/key-slots.js';
import { ClusterAdmin } from '../cluster/cluster-admin.js';
import { ClusterTool, type MoveOptions } from '../cluster/cluster-tool.js';
import { processFaultTarget } from '../faults/fault-injector.js';
import { ClusterBus } from '../cluster/cluster-bus.js';
import { ClusterFabric } from '../cluster/cluster-fabric.js';
import { NodesConf } from '../cluster/nodes-conf.js';
import { createDistribution } from '../../sim/dist/registry.js';
import { ReplicationHub } from '../replication/replication-hub.js';
import { MinReplicas } from '../replication/min-replicas.js';
import { WriteLedger } from '../replication/write-ledger.js';
import { ClusterEventKind, SLOT_MIGRATED, type SlotMigrated } from '../signals.js';
import { RedisServer } from '../server/redis-server.js';
import { CHANNEL_BYTES } from '../pubsub/pubsub-node.js';
import { preloadByOwner } from './preload.js';
import type { BuiltTopology, SharedTier, TopologyContext } from './topology.js';
import { keysExpire } from '../workload/workload-params.js';
import { serverEndpoint } from '../client/connection-pool.js';

export { clusterParams };

/** Contiguous slot ranges, one per primary, as redis-cli --cluster create computes them. */
export function initialSlotOwners(slots: number, primaries: number): Int16Array {
  const owner = new Int16Array(slots);
  const perPrimary = slots / primaries;
  let first = 0;
  let cursor = 0;
  for (let i = 0; i < primaries; i++) {
    let last = Math.round(cursor + perPrimary - 1);
    if (last > slots - 1 || i === primaries - 1) last = slots - 1;
    owner.fill(i, first, last + 1);
    first = last + 1;
    cursor += perPrimary;
  }
  return owner;
}

interface Member {
  name: string;
  /** Position among its primary's replicas (−1 for a primary); places it in a zone. */
  replica: number;
  primaryOf: number;
}

/** The cluster's nodes: primaries 0..P−1, then each primary's replicas in order (none for a size out of bounds). */
function clusterMembers(p: ClusterParams): Member[] {
  const replicaCounts = Array.isArray(p.replicasPerPrimary) ? p.replicasPerPrimary : new Array<number>(Math.min(p.primaries, MAX_NODES)).fill(p.replicasPerPrimary);
  const members: Member[] = [];
  if (p.primaries + replicaCounts.reduce((a, r) => a + r, 0) + p.spareNodes > MAX_NODES) return members;
  for (let i = 0; i < p.primaries; i++) members.push({ name: `${p.name}/primary-${i}`, replica: -1, primaryOf: -1 });
  replicaCounts.forEach((count, i) => {
    for (let j = 0; j < count; j++) members.push({ name: `${p.name}/replica-${i}-${j}`, replica: j, primaryOf: i });
  });
  for (let i = 0; i < p.spareNodes; i++) members.push({ name: `${p.name}/spare-${i}`, replica: -2, primaryOf: -1 });
  return members;
}

export function clusterNodeNames(p: ClusterParams): string[] {
  return clusterMembers(p).map((m) => m.name);
}

/** Slot owners from one list of ranges per primary; slots in no range are unowned. */
export function slotOwnersFromRanges(slots: number, ranges: readonly string[]): Int16Array {
  const owner = new Int16Array(slots).fill(-1);
  ranges.forEach((text, primary) => {
    for (const [a, b] of parseSlotRanges(text)) owner.fill(primary, a, b + 1);
  });
  return owner;
}

export function buildCluster(ctx: TopologyContext, p: ClusterParams): BuiltTopology {
  const zones = ctx.network.zoneCount;
  const slotOfKey = slotsOfKeys(ctx.workload.keys, p.slots, ctx.workload.hashTag);
  const owner = p.slotRanges ? slotOwnersFromRanges(p.slots, p.slotRanges) : initialSlotOwners(p.slots, p.primaries);
  const ledger = ctx.ledger ?? new WriteLedger(ctx.workload.keys);
  const members = clusterMembers(p).map((m, i) => ({ ...m, zone: m.primaryOf < 0 ? i % zones : (m.primaryOf + 1 + m.replica) % zones }));
  const isMember = members.map((m) => m.replica !== -2);
  const noSlots = new Int16Array(p.slots).fill(-1);
  const nodes = members.map((m, index) => {
    const server = new RedisServer(ctx.engine, ctx.network, ctx.requests, p.server, {
      id: index, name: m.name, host: ctx.network.addHost(m.name, m.zone), keyCount: ctx.workload.keys, expectedKeyShare: 1 / p.primaries, withExpiry: keysExpire(ctx.workload), ledger,
      machine: ctx.machines.of(m.name),
    }, ctx.streams, ctx.bus);
    return new ClusterNode(index, server, ctx.requests, slotOfKey, isMember[index] ? owner : noSlots, members.length, m.primaryOf, p.allowReadsWhenDown);
  });
  const hub = new ReplicationHub(ctx.engine, ctx.network, nodes.map((n) => n.server), ctx.workload.keyBytes);
  for (const n of nodes) {
    if (!isMember[n.index]) continue;
    n.currentEpoch = p.primaries;
    if (!n.isPrimary) hub.follow(n.index, n.primaryOf);
  }
  const fabric = new ClusterFabric(ctx.engine, ctx.network, nodes, hub, {
    nodeTimeoutNs: p.nodeTimeout, slots: p.slots, shardIdExtension: p.redisVersion !== '7.0', requireFullCoverage: p.requireFullCoverage,
    replicaNoFailover: p.replicaNoFailover,
  }, ctx.bus, isMember);
  ctx.connections.addHolder(fabric.links);
  if (p.minReplicasToWrite > 0) {
    const minReplicas = new MinReplicas(ctx.engine, ctx.network, ctx.requests, nodes.map((n) => n.server), hub, p.minReplicasToWrite, p.minReplicasMaxLag);
    for (const n of nodes) n.minReplicas = minReplicas;
  }
  const nodesConfCosts = { saveCpuNs: p.nodesConf.saveCpu, saveCpuPerNodeNs: p.nodesConf.saveCpuPerNode, fsyncLatency: createDistribution(p.nodesConf.fsyncLatency) };
  for (const n of nodes) {
    const bus = new ClusterBus(fabric, n, ctx.streams);
    fabric.buses.push(bus);
    n.nodesConf = new NodesConf(n.server, nodesConfCosts, ctx.streams.stream(`server/${n.server.options.name}/nodes-conf`), () => bus.peers.knownCount);
    n.onFirstWrite = () => fabric.event(ClusterEventKind['first-write'], n.index, n.index);
  }
  const services = nodes.map((n, i) => new ClusterSlotsService(n, ctx.network, () => {
    const roles = fabric.buses[i]!.peers.primaryOf.slice();
    roles[i] = n.primaryOf;
    return roles;
  }));
  const initialRoles = Int16Array.from(members, (m) => m.primaryOf);
  const primaries = members.flatMap((m, i) => (m.replica === -1 ? [i] : []));
  let tool: ClusterTool | null = null;
  const admin = () => {
    if (tool === null) {
      const clusterAdmin = new ClusterAdmin(fabric, ctx.network.addHost(`${p.name}/admin`, 0), p.tool.commandCpu);
      tool = new ClusterTool(fabric, clusterAdmin,
        keysBySlot(slotOfKey, p.slots), ctx.bus.signal<SlotMigrated>(SLOT_MIGRATED), (node) => ctx.connections.processDied(nodes[node]!.server.options.host));
      ctx.connections.addHolder(tool.migrations);
      ctx.connections.addHolder(clusterAdmin);
    }
    return tool;
  };
  const index = (name: string) => nodes.findIndex((n) => n.server.options.name === name);
  const reshard = (from: string, to: string, slots: number, move: MoveOptions) => admin().reshard(index(from), index(to), slots, move);
  const access: ClusterAccess = {
    nodeCount: nodes.length,
    endpoint: (node) => serverEndpoint(nodes[node]!.server),
    clusterSlots: (node, clientHost, up, down, onMap) => services[node]!.request(clientHost, up, down, onMap),
  };
  const clients = ctx.clientHosts.map((host, i) => new ClusterClient(
    ctx, ctx.workload.clients, p.client, ctx.clientCpus[i]!, host, access, slotOfKey, owner, initialRoles,
    ctx.workload.readThrough, ctx.streams.stream(`client/${i}/ttl`),
  ));
  const targets = new Map(nodes.map((n, i) => [n.server.options.name, processFaultTarget(n.server, {
    crash: () => {
      fabric.buses[i]!.crashed = true;
    },
    restart: () => {
      fabric.buses[i]!.restart();
      n.needsFullSync = n.isPrimary;
      if (n.isPrimary) hub.primaryRestarted(i);
      else hub.follow(i, n.primaryOf, true);
    },
  })]));
  const shared: SharedTier = {
    servers: nodes.map((n) => n.server),
    trackOn: (client, track) => clients[client]!.onFirstConnection(track),
    publishTo: (client, key) => clients[client]!.slotOwner(slotOfKey[key]!),
    subscribeOn: (client, sharded) => (sharded ? primaries : [primaries[client % primaries.length]!]),
    resubscribeOn: (_, dead, sharded) => {
      // Classic: the next node of the cluster (one the dead node knew) whose process runs, as every node delivers a PUBLISH; sharded: a running node of the dead one's shard (SPUBLISH reaches its replicas).
      const shardOf = (k: number) => (nodes[k]!.isPrimary ? k : nodes[k]!.primaryOf);
      for (let step = 1; step < nodes.length; step++) {
        const k = (dead + step) % nodes.length;
        if (!nodes[k]!.server.crashed && fabric.buses[dead]!.peers.knows(k) && (!sharded || shardOf(k) === shardOf(dead))) return k;
      }
      return -1;
    },
    connectPubSub: (pubsub) => pubsub.forEach((node, i) => {
      const bus = fabric.buses[i]!;
      node.propagate = (key, sharded) => bus.publish(key, sharded, CHANNEL_BYTES, ctx.workload.keyBytes);
      bus.subscribers = node;
    }),
  };
  const manualFailover = (replica: string, mode: 'default' | 'force' | 'takeover') => {
    fabric.buses[nodes.findIndex((n) => n.server.options.name === replica)]!.election.manual(mode);
  };
  return {
    clients,
    shared,
    targets,
    reshard,
    manualFailover,
    roleOf: (server) => (nodes[server]!.isPrimary ? 'primary' : 'replica'),
    addNode: (name, meet, replicaOf) => admin().addNode(index(name), index(meet!), replicaOf === null ? -1 : index(replicaOf)),
    rebalance: (move, weights) => admin().rebalance(move, new Map([...weights].map(([n, w]) => [index(n), w]))),
    removeNode: (name) => admin().removeNode(index(name)),
    start: () => {
      for (const b of fabric.buses) b.start();
    },
    runEnds: () => {
      fabric.runEnds();
      tool?.runEnds();
    },
    preload: () => {
      const replicas = nodes.map((n) => hub.streamsFrom(n.index).map((s) => s.replica));
      preloadByOwner(ctx, p.server, (key) => nodes[owner[slotOfKey[key]!]!]?.server ?? null, (server) => replicas[server.options.id]!);
    },
  };
}
