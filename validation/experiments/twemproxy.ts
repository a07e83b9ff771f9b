// A real twemproxy in front of 3 servers. Real: 3 standalone redis-servers with 10,000 preloaded
// keys "key:<k>" of 512 B, each on the server twemproxy's ketama over fnv1a_64 maps it to (the
// servers named <topology>/shard-<i> on the ring, as the simulated ones are), and nutcracker in
// front of them (validation/redis-fleet.ts). Each replication first runs `cachetopo calibrate`'s
// measurement and fit against shard-0 with C connections, then four closed loops of C connections
// (one request outstanding each, RESP2: twemproxy speaks no RESP3): GET of a random key and MGET of 5 distinct random keys, each
// direct (the client sends a GET to the key's server, and splits an MGET into one MGET per server,
// in parallel, as client-side sharding does) and through nutcracker. Measured: p50 and p99 of each,
// the p50 and p99 the proxy adds (through it less direct), nutcracker's CPU per GET and per MGET
// (/proc/<pid>/stat), and the MGETs the servers received while nutcracker's MGETs ran (INFO
// commandstats). The proxy's CPU is fitted from those like calibrate's costs: a GET is one request
// and one server reply, an MGET one request and f server replies (f: MGETs the servers received per
// MGET), so replyCpu = (CPU per MGET − CPU per GET) / (f − 1) and requestCpu = CPU per GET −
// replyCpu. Simulated, per replication: the `proxy` topology (1 proxy, 3 shards, ketama fnv1a_64)
// and the `sharded` topology (the direct client) with that calibration and proxy CPU, the same
// closed loops from one application host; p50 and p99 after a 1 s warm-up. The backend MGETs are
// compared with what the model's shard map (models/sharding/shard-map.ts) makes of the keys the real
// MGETs asked for: one MGET per distinct server.

import { quantile } from 'd3-array';
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { measureLiveRedis } from '../../experiment/measure-live-redis.js';
import { calibrationOverrides, fitCalibration, type Calibration } from '../../models/server/service-calibration.js';
import { shardMap } from '../../models/sharding/shard-map.js';
import { Op } from '../../models/signals.js';
import type { Comparison } from '../comparison.js';
import { connect, type RedisFleet } from '../redis-fleet.js';
import { closedLoopLatencies } from '../simulated.js';
import type { CalibratedLoadPlan } from '../calibrated-load-plan.js';

export type TwemproxyPlan = CalibratedLoadPlan;

const KEYS = 10_000;
const VALUE = 'v'.repeat(512);
const SHARDS = 3;
const MGET_KEYS = 5;
const TOPOLOGY = 'proxy';
const NAMES = Array.from({ length: SHARDS }, (_, i) => `${TOPOLOGY}/shard-${i}`);
/** The model's key → server map, as the simulated proxy and sharded client use it. */
const MAP = shardMap({ hashing: 'ketama', keyHash: 'fnv1a_64', pointsPerServer: 160 }, [0, 1, 2], NAMES);
const CLOCK_TICKS_PER_S = 100;

interface Loop {
  p50: number;
  p99: number;
}

interface Replication {
  direct: { get: Loop; mget: Loop };
  proxy: { get: Loop; mget: Loop };
  /** MGETs the servers received, and what the model's shard map makes of the same keys. */
  backendMgets: number;
  modelMgets: number;
  proxyCpu: { requestNs: number; replyNs: number };
}

const randomKey = () => Math.floor(Math.random() * KEYS);

function mgetKeys(): number[] {
  const keys = new Set<number>();
  while (keys.size < MGET_KEYS) keys.add(randomKey());
  return [...keys];
}

const loop = (latenciesUs: number[]): Loop => {
  const sorted = Float64Array.from(latenciesUs).sort();
  return { p50: quantile(sorted, 0.5)!, p99: quantile(sorted, 0.99)! };
};

/** CPU time of process `pid` so far (utime + stime), ns. */
function processCpuNs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S) * 1e9;
}

async function mgetCalls(servers: readonly Redis[]): Promise<number> {
  let calls = 0;
  for (const s of servers) calls += Number(/cmdstat_mget:calls=(\d+)/.exec(await s.info('commandstats'))?.[1] ?? 0);
  return calls;
}

/** C lanes in a closed loop for `ms`, each running `request` one at a time; the latency of each, µs. */
async function closedLoop(lanes: number, ms: number, request: (lane: number) => Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  const until = performance.now() + ms;
  await Promise.all(Array.from({ length: lanes }, async (_, lane) => {
    while (performance.now() < until) {
      const t = performance.now();
      await request(lane);
      latencies.push((performance.now() - t) * 1000);
    }
  }));
  return latencies;
}

export async function twemproxy(fleet: RedisFleet, plan: TwemproxyPlan, log: (line: string) => void): Promise<Comparison[]> {
  const servers = [];
  for (const name of NAMES) servers.push(await fleet.server(name.replace('/', '-'), []));
  const proxy = await fleet.twemproxy('twemproxy', servers.map((s, i) => ({ port: s.port, name: NAMES[i]! })));
  const admin = servers.map((s) => connect(s.port, 10_000));
  await Promise.all(admin.map((c) => c.connect()));
  for (let k = 0; k < KEYS; k++) void admin[MAP.serverOf(k)]!.set(`key:${k}`, VALUE);
  await Promise.all(admin.map((c) => c.ping()));
  const rows: Comparison[] = [];
  try {
    for (const c of plan.connections) {
      const reps: Replication[] = [];
      const sims: { proxy: { get: Loop; mget: Loop }; direct: { get: Loop; mget: Loop } }[] = [];
      for (let r = 0; r < plan.replications; r++) {
        const calibration = fitCalibration((await measureLiveRedis(`redis://127.0.0.1:${servers[0]!.port}`,
          { connections: c, phaseMs: plan.calibrationPhaseMs, maxKeys: KEYS, repeats: 1 }))[0]!);
        const rep = await measureReal(c, plan.loadMs, servers.map((s) => s.port), proxy.port, proxy.pid, admin);
        reps.push(rep);
        sims.push({ proxy: simulated('proxy', c, plan.loadMs, calibration, rep.proxyCpu), direct: simulated('sharded', c, plan.loadMs, calibration, rep.proxyCpu) });
        log(`twemproxy, ${c} connection(s), replication ${r + 1}: real ${JSON.stringify(rep)}; simulated ${JSON.stringify(sims.at(-1))}`);
      }
      const point = (op: string) => `${op}, ${c} connection${c > 1 ? 's' : ''}`;
      for (const op of ['get', 'mget'] as const) {
        const name = op === 'get' ? 'GET' : `MGET of ${MGET_KEYS}`;
        const added = (q: 'p50' | 'p99', x: { proxy: { get: Loop; mget: Loop }; direct: { get: Loop; mget: Loop } }) => x.proxy[op][q] - x.direct[op][q];
        rows.push(
          { point: point(name), metric: 'p50 added by the proxy', unit: 'µs', real: reps.map((x) => added('p50', x)), sim: sims.map((x) => added('p50', x)), bound: 0.25, digits: 1 },
          { point: point(name), metric: 'p99 added by the proxy', unit: 'µs', real: reps.map((x) => added('p99', x)), sim: sims.map((x) => added('p99', x)), bound: 0.35, digits: 1 },
          { point: point(name), metric: 'p50 through the proxy', unit: 'µs', real: reps.map((x) => x.proxy[op].p50), sim: sims.map((x) => x.proxy[op].p50), bound: null, digits: 1 },
          { point: point(name), metric: 'p99 through the proxy', unit: 'µs', real: reps.map((x) => x.proxy[op].p99), sim: sims.map((x) => x.proxy[op].p99), bound: null, digits: 1 },
        );
      }
      rows.push({ point: point(`MGET of ${MGET_KEYS}`), metric: 'backend MGETs (model: its shard map on the same keys)', unit: '',
        real: reps.map((x) => x.backendMgets), sim: reps.map((x) => x.modelMgets), bound: 'exact', digits: 0 });
    }
  } finally {
    for (const a of admin) a.disconnect();
  }
  return rows;
}

async function measureReal(lanes: number, loadMs: number, ports: number[], proxyPort: number, proxyPid: number, admin: readonly Redis[]): Promise<Replication> {
  const direct = Array.from({ length: lanes }, () => ports.map((p) => connect(p, 2000, 2)));
  const viaProxy = Array.from({ length: lanes }, () => connect(proxyPort, 2000, 2));
  await Promise.all([...direct.flat(), ...viaProxy].map((x) => x.connect()));
  try {
    const directGet = loop(await closedLoop(lanes, loadMs, (l) => {
      const k = randomKey();
      return direct[l]![MAP.serverOf(k)]!.get(`key:${k}`);
    }));
    const directMget = loop(await closedLoop(lanes, loadMs, (l) => {
      const byServer = new Map<number, string[]>();
      for (const k of mgetKeys()) byServer.set(MAP.serverOf(k), [...(byServer.get(MAP.serverOf(k)) ?? []), `key:${k}`]);
      return Promise.all([...byServer].map(([s, keys]) => direct[l]![s]!.mget(keys)));
    }));
    let cpu0 = processCpuNs(proxyPid);
    const proxyGets = await closedLoop(lanes, loadMs, (l) => viaProxy[l]!.get(`key:${randomKey()}`));
    const cpuPerGet = (processCpuNs(proxyPid) - cpu0) / proxyGets.length;
    let modelMgets = 0;
    const calls0 = await mgetCalls(admin);
    cpu0 = processCpuNs(proxyPid);
    const proxyMgetLatencies = await closedLoop(lanes, loadMs, (l) => {
      const keys = mgetKeys();
      modelMgets += new Set(keys.map((k) => MAP.serverOf(k))).size;
      return viaProxy[l]!.mget(keys.map((k) => `key:${k}`));
    });
    const cpuPerMget = (processCpuNs(proxyPid) - cpu0) / proxyMgetLatencies.length;
    const backendMgets = (await mgetCalls(admin)) - calls0;
    const fragments = backendMgets / proxyMgetLatencies.length;
    const replyNs = Math.max(0, (cpuPerMget - cpuPerGet) / (fragments - 1));
    return {
      direct: { get: directGet, mget: directMget },
      proxy: { get: loop(proxyGets), mget: loop(proxyMgetLatencies) },
      backendMgets, modelMgets,
      proxyCpu: { requestNs: Math.max(0, cpuPerGet - replyNs), replyNs },
    };
  } finally {
    for (const x of [...direct.flat(), ...viaProxy]) x.disconnect();
  }
}

function simulated(kind: 'proxy' | 'sharded', connections: number, loadMs: number, calibration: Calibration, proxyCpu: { requestNs: number; replyNs: number }): { get: Loop; mget: Loop } {
  const proxy = kind === 'proxy' ? `    proxies: 1\n    proxy: { requestCpu: ${Math.round(proxyCpu.requestNs)}ns, replyCpu: ${Math.round(proxyCpu.replyNs)}ns }\n` : '';
  const topologies = `  - name: ${TOPOLOGY}\n    kind: ${kind}\n    shards: ${SHARDS}\n    hashing: ketama\n    keyHash: fnv1a_64\n${proxy}`;
  const sets = Object.entries(calibrationOverrides(calibration)).map(([path, value]) => `${path.replace('topologies.*.', `topologies.${TOPOLOGY}.`)}=${value}`);
  const run = (mix: string, op: number): Loop => loop(closedLoopLatencies('twemproxy', { connections, loadMs, keys: KEYS, mix, topologies, ops: [op], sets }));
  return { get: run('{ get: 1 }', Op.get), mget: run(`{ get: 0, mget: { share: 1, keys: ${MGET_KEYS} } }`, Op.mget) };
}
