// Idle gossip vs cluster size and cluster-node-timeout. Real: N nodes (N/2 primaries + 1 replica
// each) with no traffic; after a settling time, a window of W seconds between two snapshots of every
// node's CLUSTER INFO counters (ping and pong sent: the heartbeats) and of the bus sockets' kernel
// byte counters (bus-bytes.ts). Simulated: the same cluster, idle but for a trickle of 1 GET/s, the
// gossip messages each node sent in a window of the same length. Spreads are across nodes.

import { NET_MESSAGE, Purpose, type NetMessage } from '../../models/signals.js';
import { busSocketBytes, bytesBetween } from '../bus-bytes.js';
import type { Comparison } from '../comparison.js';
import { RealCluster } from '../real-cluster.js';
import { BUS_PORT_OFFSET, sleep, type RedisFleet } from '../redis-fleet.js';
import { simulate } from '../simulated.js';

export interface GossipPlan {
  sizes: number[];
  timeoutsMs: number[];
  settleS: number;
  windowS: number;
  simReplications: number;
}

export async function idleGossip(fleet: RedisFleet, plan: GossipPlan, log: (line: string) => void): Promise<Comparison[]> {
  const rows: Comparison[] = [];
  for (const n of plan.sizes) {
    const cluster = await RealCluster.create(fleet, n / 2, 1, plan.timeoutsMs[0]!);
    try {
      for (const t of plan.timeoutsMs) {
        await cluster.setNodeTimeout(t);
        await sleep(plan.settleS * 1000);
        const real = await measureWindow(cluster, plan.windowS);
        const sim = simulatedGossip(n, t, plan);
        log(`gossip N=${n} T=${t} ms: real ${mean(real.perNode).toFixed(3)} msg/s/node, ${real.bytesPerMessage.toFixed(1)} B/msg (${real.lostSockets} sockets lost); sim ${mean(sim.perNode).toFixed(3)}, ${sim.bytesPerMessage.toFixed(1)}`);
        const point = `N = ${n}, T = ${t / 1000} s`;
        rows.push({ point, metric: 'heartbeats (PING+PONG) sent per node', unit: '1/s', real: real.perNode, sim: sim.perNode, bound: 0.2, digits: 3 });
        rows.push({ point, metric: 'bytes per bus message', unit: 'B', real: [real.bytesPerMessage], sim: [sim.bytesPerMessage], bound: 0.01, digits: 1 });
      }
    } finally {
      cluster.close();
    }
  }
  return rows;
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const counter = (info: Record<string, string>, name: string) => Number(info[name] ?? 0);

async function measureWindow(cluster: RealCluster, windowS: number): Promise<{ perNode: number[]; bytesPerMessage: number; lostSockets: number }> {
  const busPorts = new Set(cluster.members.map((m) => m.port + BUS_PORT_OFFSET));
  const before = await cluster.infos();
  const bytesBefore = busSocketBytes(busPorts);
  const t0 = performance.now();
  await sleep(windowS * 1000);
  const after = await cluster.infos();
  const bytesAfter = busSocketBytes(busPorts);
  const elapsedS = (performance.now() - t0) / 1000;
  const heartbeats = (info: Record<string, string>) => counter(info, 'cluster_stats_messages_ping_sent') + counter(info, 'cluster_stats_messages_pong_sent');
  const perNode = after.map((a, i) => (heartbeats(a) - heartbeats(before[i]!)) / elapsedS);
  const sent = after.reduce((s, a, i) => s + counter(a, 'cluster_stats_messages_sent') - counter(before[i]!, 'cluster_stats_messages_sent'), 0);
  const { bytes, lost } = bytesBetween(bytesBefore, bytesAfter);
  return { perNode, bytesPerMessage: bytes / sent, lostSockets: lost };
}

function simulatedGossip(n: number, timeoutMs: number, plan: GossipPlan): { perNode: number[]; bytesPerMessage: number } {
  const warmupS = plan.settleS;
  const yaml = `
name: validation-idle-gossip
seed: 1
duration: ${warmupS + plan.windowS}s
warmup: ${warmupS}s
drain: 0s
workload:
  keys: 1_000
  valueSize: 100B
  popularity: uniform
  mix: { get: 1 }
  arrival: { rate: 1/s }
  readThrough: false
  clients: { hosts: 1, poolSize: 1 }
topologies:
  - { name: cluster, kind: cluster, primaries: ${n / 2}, replicasPerPrimary: 1, nodeTimeout: ${timeoutMs}ms }
`;
  const perNode: number[] = [];
  let messages = 0;
  let bytes = 0;
  simulate('idle-gossip', yaml, plan.simReplications, (run) => {
    const sent = new Map<number, number>();
    run.bus.signal<NetMessage>(NET_MESSAGE).subscribe((m) => {
      if (m.purpose !== Purpose.gossip || run.engine.now < warmupS * 1e9) return;
      sent.set(m.src, (sent.get(m.src) ?? 0) + 1);
      messages++;
      bytes += m.sizeBytes;
    });
    run.engine.schedule((warmupS + plan.windowS) * 1e9 - 1, () => {
      for (const count of sent.values()) perNode.push(count / plan.windowS);
    }, 0);
  });
  return { perNode, bytesPerMessage: bytes / messages };
}
