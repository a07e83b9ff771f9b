// Cluster failover vs cluster-node-timeout. Real: a 3+3 cluster on loopback; the primary of the
// first slot range is paused (SIGSTOP) while a writer (cluster-writer.ts) SETs a random key every
// 10 ms with a 100 ms timeout; CLUSTER NODES of every other node is polled every 50 ms for the first
// `fail?` (PFAIL) and `fail` flags about it and for its replica calling itself master (promotion);
// the first write is the writer's first success on one of its slots. Then the node is resumed, it
// rejoins as a replica, and the next replication pauses the shard's new primary. Simulated: the same
// cluster, writer and fault, the same phases from the failover timeline.

import type { FailoverPhase } from '../../reports/failover-timeline.js';
import { phaseRows, type Comparison } from '../comparison.js';
import { ClusterWriter } from '../cluster-writer.js';
import { parseClusterNodes, RealCluster, type ClusterMember } from '../real-cluster.js';
import { sleep, type RedisFleet } from '../redis-fleet.js';
import { simulate, timelinePhases, WRITER_WORKLOAD, type Phases } from '../simulated.js';

const PHASES: [FailoverPhase, string][] = [['pfail', 'PFAIL seen'], ['fail', 'FAIL seen'], ['promoted', 'promotion'], ['firstWrite', 'first successful write']];
const POLL_MS = 50;
const FAULT_AT_S = 20;

export interface FailoverPlan {
  timeoutsMs: number[];
  realReplications: number;
  simReplications: number;
}

export async function clusterFailover(fleet: RedisFleet, plan: FailoverPlan, log: (line: string) => void): Promise<Comparison[]> {
  const cluster = await RealCluster.create(fleet, 3, 1, plan.timeoutsMs[0]!);
  const rows: Comparison[] = [];
  try {
    for (const t of plan.timeoutsMs) {
      await cluster.setNodeTimeout(t);
      const real: Phases[] = [];
      for (let r = 0; r < plan.realReplications; r++) {
        real.push(await pauseOnePrimary(cluster, t));
        log(`cluster failover T=${t} ms, real #${r + 1}: ${JSON.stringify(real.at(-1))}`);
      }
      const sim = simulatedFailover(t, plan.simReplications);
      rows.push(...phaseRows(`T = ${t / 1000} s`, PHASES, real, sim));
    }
  } finally {
    cluster.close();
  }
  return rows;
}

/** One replication on the real cluster: seconds from SIGSTOP to each phase. */
async function pauseOnePrimary(cluster: RealCluster, timeoutMs: number): Promise<Phases> {
  await cluster.converged(60_000);
  await sleep(Math.max(2000, timeoutMs) + Math.random() * 1000);
  const view = parseClusterNodes(await cluster.members[0]!.client.cluster('NODES') as string);
  const shards = view.filter((l) => l.flags.has('master')).sort((a, b) => a.firstSlot - b.firstSlot);
  const byId = (id: string) => cluster.members.find((m) => m.id === id)!;
  const primaries = shards.map((l) => byId(l.id));
  const replicas = shards.flatMap((p) => view.filter((l) => l.primaryId === p.id).map((l) => byId(l.id)));
  const target = primaries[0]!;
  const targetReplicas = new Set(view.filter((l) => l.primaryId === target.id).map((l) => l.id));
  const firstSlotOfNext = shards[1]!.firstSlot;
  const t0 = performance.now();
  const writer = new ClusterWriter([...primaries, ...replicas], (slot) => slot < firstSlotOfNext, t0);
  await writer.start();
  const phases: Phases = {};
  const since = () => (performance.now() - t0) / 1000;
  const others = cluster.members.filter((m) => m !== target);
  const deadline = t0 + 3 * timeoutMs + 15_000;
  cluster.fleet.pause(target);
  try {
    while (performance.now() < deadline && (phases.promoted === undefined || writer.firstWriteMs === null)) {
      await Promise.all(others.map((m) => pollFlags(m, target, targetReplicas, phases, since)));
      await sleep(POLL_MS);
    }
  } finally {
    writer.stop();
    cluster.fleet.resume(target);
  }
  if (writer.firstWriteMs !== null) phases.firstWrite = (writer.firstWriteMs - t0) / 1000;
  return phases;
}

async function pollFlags(m: ClusterMember, target: ClusterMember, targetReplicas: Set<string>, phases: Phases, since: () => number): Promise<void> {
  const lines = parseClusterNodes(await m.client.cluster('NODES') as string);
  const now = since();
  const about = lines.find((l) => l.id === target.id);
  if (about?.flags.has('fail?')) phases.pfail ??= now;
  if (about?.flags.has('fail')) {
    phases.pfail ??= now;
    phases.fail ??= now;
  }
  const self = lines.find((l) => l.flags.has('myself'));
  if (self && targetReplicas.has(self.id) && self.flags.has('master')) phases.promoted ??= now;
}

function simulatedFailover(timeoutMs: number, replications: number): Phases[] {
  const durationS = FAULT_AT_S + Math.ceil((3 * timeoutMs) / 1000) + 10;
  const yaml = `
name: validation-cluster-failover
seed: 1
duration: ${durationS}s
warmup: 1s
drain: 0s
${WRITER_WORKLOAD}
topologies:
  - { name: cluster, kind: cluster, primaries: 3, replicasPerPrimary: 1, nodeTimeout: ${timeoutMs}ms }
faults:
  - { at: ${FAULT_AT_S}s, pause: cluster/primary-0 }
`;
  return simulate('cluster-failover', yaml, replications).map((stats) => timelinePhases(stats, PHASES.map(([phase]) => phase)));
}
