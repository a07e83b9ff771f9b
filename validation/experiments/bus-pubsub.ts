// PUBLISH vs SPUBLISH fan-out over the cluster bus. Real: a 3+3 cluster; K publishes (pipelined) of
// a 16-byte message (5K for SPUBLISH) on the 10-byte channel "invalidate" (the L1 tier's invalidation channel and key
// name sizes) sent to the primary owning that channel's slot; the bus messages are the nodes'
// cluster_stats_messages_publish_sent / publishshard_sent deltas, their bytes the bus sockets' kernel
// counters (bus-bytes.ts) less the other bus messages sent meanwhile (heartbeats) at their known
// size (2256 + 3 × 104 B, N = 6: three gossip entries). Simulated: the same cluster with an L1 whose writes publish the key
// (mode pubsub / spublish), bus-pubsub messages per client publish and their bytes.

import { heartbeatBytes, wantedGossip } from '../../models/cluster/bus-sizes.js';
import { keySlot } from '../../models/cluster/key-slot.js';
import { NET_MESSAGE, Purpose, type NetMessage } from '../../models/signals.js';
import { busSocketBytes, bytesBetween } from '../bus-bytes.js';
import type { Comparison } from '../comparison.js';
import { parseClusterNodes, RealCluster } from '../real-cluster.js';
import { BUS_PORT_OFFSET, sleep, type RedisFleet } from '../redis-fleet.js';
import { simulate } from '../simulated.js';

const CHANNEL = 'invalidate';
const MESSAGE = 'k'.repeat(16);
const SLOTS = 16384;
/** Lets the bus traffic of the cluster's creation pass. */
const SETTLE_MS = 5000;
/** SPUBLISH sends one bus message per publish, PUBLISH N − 1: more SPUBLISHes keep the heartbeats' share of the bytes as small. */
const SHARDED_FACTOR = 5;

export async function busPubSub(fleet: RedisFleet, publishes: number, log: (line: string) => void): Promise<Comparison[]> {
  const cluster = await RealCluster.create(fleet, 3, 1, 15_000);
  const rows: Comparison[] = [];
  try {
    const slot = keySlot(CHANNEL);
    const lines = parseClusterNodes(await cluster.members[0]!.client.cluster('NODES') as string);
    const owners = lines.filter((l) => l.flags.has('master')).sort((a, b) => a.firstSlot - b.firstSlot);
    const owner = owners.filter((l) => l.firstSlot <= slot).at(-1)!;
    const publisher = cluster.members.find((m) => m.id === owner.id)!;
    const busPorts = new Set(cluster.members.map((m) => m.port + BUS_PORT_OFFSET));
    const heartbeat = heartbeatBytes(SLOTS, wantedGossip(cluster.members.length), false);
    await sleep(SETTLE_MS);
    for (const sharded of [false, true]) {
      const command = sharded ? 'spublish' : 'publish';
      const counterName = sharded ? 'cluster_stats_messages_publishshard_sent' : 'cluster_stats_messages_publish_sent';
      const before = await cluster.infos();
      const bytesBefore = busSocketBytes(busPorts);
      const pipeline = publisher.client.pipeline();
      const count = sharded ? publishes * SHARDED_FACTOR : publishes;
      for (let i = 0; i < count; i++) pipeline.call(command, CHANNEL, MESSAGE);
      await pipeline.exec();
      await sleep(500);
      const after = await cluster.infos();
      const { bytes } = bytesBetween(bytesBefore, busSocketBytes(busPorts));
      const delta = (name: string) => after.reduce((s, a, i) => s + Number(a[name] ?? 0) - Number(before[i]![name] ?? 0), 0);
      const busMessages = delta(counterName);
      const heartbeats = delta('cluster_stats_messages_sent') - busMessages;
      const realPerPublish = busMessages / count;
      const realBytes = (bytes - heartbeats * heartbeat) / busMessages;
      const sim = simulatedPubSub(sharded);
      log(`${command}: real ${realPerPublish} bus messages per publish, ${realBytes.toFixed(2)} B each (${heartbeats} heartbeats subtracted); sim ${sim.perPublish}, ${sim.bytes}`);
      const point = sharded ? 'SPUBLISH' : 'PUBLISH';
      rows.push({ point, metric: 'bus messages per publish (3+3 cluster)', unit: '', real: [realPerPublish], sim: [sim.perPublish], bound: 'exact', digits: 3 });
      rows.push({ point, metric: `bytes per bus message (channel ${CHANNEL.length} B, message ${MESSAGE.length} B)`, unit: 'B', real: [realBytes], sim: [sim.bytes], bound: 'exact', digits: 0 });
    }
  } finally {
    cluster.close();
  }
  return rows;
}

/** Bus messages per client publish and bytes per bus message in a simulated 3+3 cluster whose writes publish their key. */
function simulatedPubSub(sharded: boolean): { perPublish: number; bytes: number } {
  const yaml = `
name: validation-bus-pubsub
seed: 1
duration: 3s
warmup: 0s
drain: 1s
workload:
  keys: 1_000
  keyBytes: ${MESSAGE.length}B
  valueSize: 100B
  popularity: uniform
  mix: { get: 0, set: 1 }
  arrival: { rate: 200/s }
  readThrough: false
  clients: { hosts: 1, poolSize: 1 }
topologies:
  - { name: cluster, kind: cluster, primaries: 3, replicasPerPrimary: 1, l1: { entries: 100, invalidation: { mode: ${sharded ? 'spublish' : 'pubsub'} } } }
`;
  let published = 0;
  let busMessages = 0;
  let busBytes = 0;
  simulate('bus-pubsub', yaml, 1, (run) => {
    run.bus.signal<NetMessage>(NET_MESSAGE).subscribe((m) => {
      if (m.purpose === Purpose.pubsub && m.src === 0) published++;
      if (m.purpose === Purpose['bus-pubsub']) {
        busMessages++;
        busBytes += m.sizeBytes;
      }
    });
  });
  return { perPublish: busMessages / published, bytes: busBytes / busMessages };
}

