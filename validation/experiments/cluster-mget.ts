// Latency under load in a cluster: an MGET of 5 keys split over the nodes that own them. Real: a
// 3-primary Redis Cluster (no replicas) with 10,000 preloaded keys "key:<k>" of 512 B; C ioredis
// lanes, each with one connection to every primary, in a closed loop: MGET of 5 distinct random
// keys, split by the owner of each key's slot (CRC16) into one part per node, sent in parallel, done
// when every part has answered; a part is a pipeline of GETs, or a GET when it has one key (Redis
// refuses an MGET over several slots with CROSSSLOT, so the simulated cluster client's default,
// `multiKey: split-per-node`, sends the GETs grouped per node, one round trip each, and pays
// `clients.pipelineCpu` for a part of several). Each replication first runs
// `cachetopo calibrate`'s measurement and fit with C connections against a standalone redis-server
// (calibrate refuses cluster mode). Measured: p50 and p99 of the whole MGET. Simulated, per
// replication: a `cluster` topology of 3 primaries with that calibration, the same closed loop from
// one application host that is one event loop (its cluster client splits an MGET per node and
// sends the parts, pipelines of GETs, in parallel).

import { availableParallelism } from 'node:os';
import { keySlot } from '../../models/cluster/key-slot.js';
import { Op } from '../../models/signals.js';
import type { Comparison } from '../comparison.js';
import { connect, type RedisFleet } from '../redis-fleet.js';
import { RealCluster, parseClusterNodes } from '../real-cluster.js';
import { calibrationSets, closedLoopLatencies } from '../simulated.js';
import { percentiles, realClosedLoop, type Percentiles } from '../real-closed-loop.js';
import type { CalibratedLoadPlan } from '../calibrated-load-plan.js';
import { unjudgedUnderLoad, withBackgroundLoad } from '../background-load.js';
import { liveCalibration } from '../live-calibration.js';

export type ClusterMgetPlan = CalibratedLoadPlan;

const KEYS = 10_000;
const VALUE = 'v'.repeat(512);
const MGET_KEYS = 5;
const SLOTS = 16_384;

export async function clusterMget(fleet: RedisFleet, plan: ClusterMgetPlan, log: (line: string) => void): Promise<Comparison[]> {
  const cluster = await RealCluster.create(fleet, 3, 0, 15_000);
  const calibrationServer = await fleet.server('calibration', []);
  const rows: Comparison[] = [];
  try {
    const lines = parseClusterNodes(await cluster.members[0]!.client.cluster('NODES') as string).filter((l) => l.flags.has('master')).sort((a, b) => a.firstSlot - b.firstSlot);
    const ports = lines.map((l) => l.port);
    const nodeOfSlot = (slot: number) => lines.filter((l) => l.firstSlot <= slot).length - 1;
    const nodeOfKey = Array.from({ length: KEYS }, (_, k) => nodeOfSlot(keySlot(`key:${k}`, SLOTS)));
    const loaders = ports.map((p) => connect(p, 10_000));
    await Promise.all(loaders.map((c) => c.connect()));
    const preload = loaders.map((c) => c.pipeline());
    for (let k = 0; k < KEYS; k++) preload[nodeOfKey[k]!]!.set(`key:${k}`, VALUE);
    await Promise.all(preload.map((p) => p.exec()));
    for (const c of loaders) c.disconnect();
    for (const c of plan.connections) {
      const real: Percentiles[] = [];
      const sim: Percentiles[] = [];
      let busiest = 0;
      for (let r = 0; r < plan.replications; r++) {
        const { result: calibration, otherCores } = await withBackgroundLoad([calibrationServer.pid, ...cluster.members.map((m) => m.pid)], async () => {
          const fitted = await liveCalibration(`redis://127.0.0.1:${calibrationServer.port}`,
            { connections: c, phaseMs: plan.calibrationPhaseMs, maxKeys: KEYS }, `cluster MGET, ${c} connection(s), replication ${r + 1}`, log);
          real.push(await closedLoop(ports, nodeOfKey, c, plan.loadMs));
          return fitted;
        });
        if (otherCores !== null) busiest = Math.max(busiest, otherCores);
        sim.push(percentiles(closedLoopLatencies('cluster-mget', {
          connections: c, cores: availableParallelism(), loadMs: plan.loadMs, keys: KEYS, mix: `{ get: 0, mget: { share: 1, keys: ${MGET_KEYS} } }`,
          topologies: '  - { name: cluster, kind: cluster, primaries: 3, replicasPerPrimary: 0 }\n', ops: [Op.mget], sets: calibrationSets(calibration, 'cluster'),
        })));
        log(`cluster MGET, ${c} connection(s), replication ${r + 1}: real ${JSON.stringify(real[r])}; simulated ${JSON.stringify(sim[r])}`);
      }
      const point = `MGET of ${MGET_KEYS} over 3 primaries, ${c} connection${c > 1 ? 's' : ''}`;
      const unjudged = unjudgedUnderLoad(busiest);
      rows.push(
        { point, metric: 'p50 latency', unit: 'µs', real: real.map((x) => x.p50), sim: sim.map((x) => x.p50), bound: 0.25, digits: 1, ...unjudged },
        { point, metric: 'p99 latency', unit: 'µs', real: real.map((x) => x.p99), sim: sim.map((x) => x.p99), bound: 0.35, digits: 1, ...unjudged },
      );
    }
  } finally {
    cluster.close();
  }
  return rows;
}

async function closedLoop(ports: readonly number[], nodeOfKey: readonly number[], lanes: number, loadMs: number): Promise<Percentiles> {
  const connections = Array.from({ length: lanes }, () => ports.map((p) => connect(p)));
  await Promise.all(connections.flat().map((x) => x.connect()));
  try {
    const { latenciesUs } = await realClosedLoop(lanes, loadMs, (lane) => {
      const keys = new Set<number>();
      while (keys.size < MGET_KEYS) keys.add(Math.floor(Math.random() * KEYS));
      const byNode = new Map<number, string[]>();
      for (const k of keys) byNode.set(nodeOfKey[k]!, [...(byNode.get(nodeOfKey[k]!) ?? []), `key:${k}`]);
      return Promise.all([...byNode].map(([node, names]) => {
        const connection = connections[lane]![node]!;
        if (names.length === 1) return connection.get(names[0]!);
        const part = connection.pipeline();
        for (const name of names) part.get(name);
        return part.exec();
      }));
    });
    return percentiles(latenciesUs);
  } finally {
    for (const x of connections.flat()) x.disconnect();
  }
}
