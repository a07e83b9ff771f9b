// Single-node latency and throughput after calibration. Real: a standalone redis-server with 10,000
// preloaded 512-byte values; each replication runs `cachetopo calibrate`'s measurement and fit with C
// connections (live-calibration.ts: three repetitions, their median), then C ioredis connections, each with one request outstanding (closed loop, no think
// time), GET/SET 90/10 of random keys, for a few seconds: p50 and p99 latency and requests/s. Simulated, for
// each replication: a single node with that replication's calibration (server costs, the client's
// event loop, one-way latency), the same closed loop from one application host, a pool of C
// connections. Calibrating right before each measurement keeps the two under the same conditions
// (this machine's speed drifts by tens of percent over seconds). A point measured while other
// programs kept the cores busy is reported without a verdict (background-load.ts).

import { availableParallelism } from 'node:os';
import { Op } from '../../models/signals.js';
import type { Comparison } from '../comparison.js';
import { connect, type RedisFleet } from '../redis-fleet.js';
import { calibrationSets, closedLoopLatencies } from '../simulated.js';
import { percentiles, realClosedLoop, type Percentiles } from '../real-closed-loop.js';
import type { CalibratedLoadPlan } from '../calibrated-load-plan.js';
import { unjudgedUnderLoad, withBackgroundLoad } from '../background-load.js';
import { liveCalibration } from '../live-calibration.js';

export type SingleNodePlan = CalibratedLoadPlan;

const KEYS = 10_000;
const VALUE = 'v'.repeat(512);

export async function singleNode(fleet: RedisFleet, plan: SingleNodePlan, log: (line: string) => void): Promise<Comparison[]> {
  const server = await fleet.server('single', []);
  const url = `redis://127.0.0.1:${server.port}`;
  const loader = connect(server.port, 10_000);
  await loader.connect();
  for (let i = 0; i < KEYS; i += 1000) await loader.mset(...Array.from({ length: 1000 }, (_, j) => [`key:${i + j}`, VALUE]).flat());
  const rows: Comparison[] = [];
  for (const c of plan.connections) {
    const real: LoopResult[] = [];
    let busiest = 0;
    const sim: LoopResult[] = [];
    for (let r = 0; r < plan.replications; r++) {
      const { result: calibration, otherCores } = await withBackgroundLoad([server.pid], async () => {
        const fitted = await liveCalibration(url, { connections: c, phaseMs: plan.calibrationPhaseMs, maxKeys: KEYS }, `single node, ${c} connection(s), replication ${r + 1}`, log);
        real.push(await closedLoop(server.port, c, plan.loadMs));
        return fitted;
      });
      if (otherCores !== null) busiest = Math.max(busiest, otherCores);
      sim.push(simulatedLoop(c, plan.loadMs, calibrationSets(calibration, 'single')));
      log(`single node, ${c} connection(s), replication ${r + 1}: real p50 ${real[r]!.p50.toFixed(1)} µs, p99 ${real[r]!.p99.toFixed(1)} µs, ${real[r]!.rate.toFixed(0)} req/s; sim ${sim[r]!.p50.toFixed(1)} µs, p99 ${sim[r]!.p99.toFixed(1)} µs, ${sim[r]!.rate.toFixed(0)} req/s; calibration ${JSON.stringify(calibration, (_, v: unknown) => (typeof v === 'number' ? Math.round(v) : v))}`);
    }
    const point = `${c} connection${c > 1 ? 's' : ''}`;
    const unjudged = unjudgedUnderLoad(busiest);
    rows.push({ point, metric: 'p50 latency, GET/SET 90/10, 512 B', unit: 'µs', real: real.map((x) => x.p50), sim: sim.map((x) => x.p50), bound: 0.25, digits: 1, ...unjudged });
    rows.push({ point, metric: 'p99 latency, GET/SET 90/10, 512 B', unit: 'µs', real: real.map((x) => x.p99), sim: sim.map((x) => x.p99), bound: 0.35, digits: 1, ...unjudged });
    rows.push({ point, metric: 'throughput', unit: 'requests/s', real: real.map((x) => x.rate), sim: sim.map((x) => x.rate), bound: null, digits: 0 });
  }
  await loader.flushall();
  loader.disconnect();
  return rows;
}

interface LoopResult extends Percentiles {
  rate: number;
}

/** p50 and p99 (µs) of `latenciesUs`, and the rate over `seconds`. */
function loopResult(latenciesUs: readonly number[], seconds: number): LoopResult {
  return { ...percentiles(latenciesUs), rate: latenciesUs.length / seconds };
}

async function closedLoop(port: number, connections: number, loadMs: number): Promise<LoopResult> {
  const clients = Array.from({ length: connections }, () => connect(port));
  await Promise.all(clients.map((c) => c.connect()));
  const { latenciesUs, elapsedS } = await realClosedLoop(connections, loadMs, (lane) => {
    const key = `key:${Math.floor(Math.random() * KEYS)}`;
    return Math.random() < 0.9 ? clients[lane]!.get(key) : clients[lane]!.set(key, VALUE);
  });
  for (const c of clients) c.disconnect();
  return loopResult(latenciesUs, elapsedS);
}

function simulatedLoop(connections: number, loadMs: number, sets: string[]): LoopResult {
  const latencies = closedLoopLatencies('single-node', {
    connections, cores: availableParallelism(), loadMs, keys: KEYS, mix: '{ get: 0.9, set: 0.1 }', topologies: '  - { name: single, kind: single }\n', ops: [Op.get, Op.set], sets,
  });
  return loopResult(latencies, loadMs / 1000);
}
