// A real twemproxy in front of 3 servers. Real: 3 standalone redis-servers with 10,000 preloaded
// keys "key:<k>" of 512 B, each on the server twemproxy's ketama over fnv1a_64 maps it to (the
// servers named <topology>/shard-<i> on the ring, as the simulated ones are), and nutcracker in
// front of them (validation/redis-fleet.ts). Each replication first runs `cachetopo calibrate`'s
// measurement and fit against shard-0 with C connections, then four closed loops of C connections
// (one request outstanding each, RESP2: twemproxy speaks no RESP3): GET of a random key and MGET of 5 distinct random keys, each
// direct (the client sends a GET to the key's server, and splits an MGET into one MGET per server,
// in parallel, as client-side sharding does) and through nutcracker. Measured: p50 and p99 of each,
// the p50 and p99 the proxy adds (through it less direct), nutcracker's CPU per GET and per MGET
// during the loops through it (/proc/<pid>/stat; its sleeps per MGET logged), and the MGETs the
// servers received while nutcracker's MGETs ran (INFO commandstats). The proxy's CPU per event: redis-benchmark with SATURATING connections
// through it, GET of one key and MGET of the 5 keys SPREAD_KEYS (on all 3 servers), keeps it from
// sleeping, and its turns take many events each, so nutcracker's CPU per request is what a request
// and its replies cost: a GET is one request and one server reply, an MGET one request and f
// server replies (f: MGETs the servers received per MGET), so replyCpu = (CPU per MGET − CPU per
// GET) / (f − 1) and requestCpu = CPU per GET − replyCpu. The same GETs from one connection take four
// turns each (the request's and the reply's, each waking nutcracker from sleep: it sleeps twice per
// GET, its voluntary context switches in /proc/<pid>/status, logged; and the two that write what
// those forwarded, models/proxy/proxy.ts), so turnCpu = (CPU per GET on one connection − CPU per GET
// saturated) / 4: what a turn costs whatever it takes, one cost for turns that slept and turns that
// did not (epoll_wait, the switches of a sleep, and the writes and reads to a server that carry
// several requests at once under load; the saturated CPU keeps its small share of turns). Measured on
// this VM: 40–65 µs a GET on one connection against 17–23 µs saturated, so 5–11 µs a turn. At one
// connection the simulated proxy's CPU per GET is then that of redis-benchmark's loop by
// construction (the row compares it with the ioredis loop's); at 8 connections, where a turn takes
// several events, it tests the model. Simulated, per replication: the `proxy` topology (1 proxy,
// 3 shards, ketama fnv1a_64) and the `sharded` topology (the direct client) with that calibration
// and proxy CPU, the same closed loops from one application host; p50 and p99 after a 1 s warm-up,
// and the proxy's CPU per GET and per MGET (its busy share over the requests served). The backend MGETs are
// compared with what the model's shard map (models/sharding/shard-map.ts) makes of the keys the real
// MGETs asked for: one MGET per distinct server.

import { availableParallelism } from 'node:os';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import type { Redis } from 'ioredis';
import type { Calibration } from '../../models/server/service-calibration.js';
import { shardMap } from '../../models/sharding/shard-map.js';
import { Op } from '../../models/signals.js';
import type { Comparison } from '../comparison.js';
import { connect, type RedisFleet } from '../redis-fleet.js';
import { calibrationSets, closedLoopRun } from '../simulated.js';
import { processCpuNs } from '../background-load.js';
import { percentiles, realClosedLoop, type Percentiles } from '../real-closed-loop.js';
import type { CalibratedLoadPlan } from '../calibrated-load-plan.js';
import { liveCalibration } from '../live-calibration.js';

export type TwemproxyPlan = CalibratedLoadPlan;

const KEYS = 10_000;
const VALUE = 'v'.repeat(512);
const SHARDS = 3;
const MGET_KEYS = 5;
const TOPOLOGY = 'proxy';
const NAMES = Array.from({ length: SHARDS }, (_, i) => `${TOPOLOGY}/shard-${i}`);
/** The model's key → server map, as the simulated proxy and sharded client use it. */
const MAP = shardMap({ hashing: 'ketama', keyHash: 'fnv1a_64', pointsPerServer: 160 }, [0, 1, 2], NAMES);
const SATURATING = 32;
const SATURATING_REQUESTS = 100_000;
/** GETs from one connection, for the CPU of a turn, and the turns each takes (see the header). */
const ONE_CONNECTION_REQUESTS = 20_000;
const TURNS_PER_GET_ONE_CONNECTION = 4;

function spreadKeys(): number[] {
  const keys: number[] = [];
  for (let server = 0; server < SHARDS; server++) {
    let k = 0;
    while (MAP.serverOf(k) !== server) k++;
    keys.push(k);
  }
  for (let k = 0; keys.length < MGET_KEYS; k++) if (!keys.includes(k)) keys.push(k);
  return keys;
}

/** Five keys spread over all three servers, for the saturated MGET. */
const SPREAD_KEYS = spreadKeys();

/** A GET loop's and an MGET loop's percentiles, µs. */
interface ByOp {
  get: Percentiles;
  mget: Percentiles;
}

/** Percentiles direct and through the proxy, and the proxy's CPU per GET and per MGET in the loops through it (ns). */
interface Pair {
  direct: ByOp;
  proxy: ByOp;
  proxyCpuPerGetNs: number;
  proxyCpuPerMgetNs: number;
}

/** nutcracker's CPU per request, per server reply and per turn of its event loop, ns. */
interface ProxyCpu {
  requestNs: number;
  replyNs: number;
  turnNs: number;
}

interface Replication extends Pair {
  /** MGETs the servers received, and what the model's shard map makes of the same keys. */
  backendMgets: number;
  modelMgets: number;
  proxyCpu: ProxyCpu;
}

const randomKey = () => Math.floor(Math.random() * KEYS);

function mgetKeys(): number[] {
  const keys = new Set<number>();
  while (keys.size < MGET_KEYS) keys.add(randomKey());
  return [...keys];
}

const realLatencies = async (lanes: number, ms: number, request: (lane: number) => Promise<unknown>) => (await realClosedLoop(lanes, ms, request)).latenciesUs;

async function mgetCalls(servers: readonly Redis[]): Promise<number> {
  let calls = 0;
  for (const s of servers) calls += Number(/cmdstat_mget:calls=(\d+)/.exec(await s.info('commandstats'))?.[1] ?? 0);
  return calls;
}

export async function twemproxy(fleet: RedisFleet, plan: TwemproxyPlan, log: (line: string) => void): Promise<Comparison[]> {
  const servers = [];
  for (const name of NAMES) servers.push(await fleet.server(name.replace('/', '-'), []));
  const proxy = await fleet.twemproxy('twemproxy', servers.map((s, i) => ({ port: s.port, name: NAMES[i]! })));
  const admin = servers.map((s) => connect(s.port, 10_000));
  await Promise.all(admin.map((c) => c.connect()));
  const preload = admin.map((c) => c.pipeline());
  for (let k = 0; k < KEYS; k++) preload[MAP.serverOf(k)]!.set(`key:${k}`, VALUE);
  await Promise.all(preload.map((p) => p.exec()));
  const rows: Comparison[] = [];
  try {
    for (const c of plan.connections) {
      const reps: Replication[] = [];
      const sims: Pair[] = [];
      for (let r = 0; r < plan.replications; r++) {
        const calibration = await liveCalibration(`redis://127.0.0.1:${servers[0]!.port}`,
          { connections: c, phaseMs: plan.calibrationPhaseMs, maxKeys: KEYS }, `twemproxy, ${c} connection(s), replication ${r + 1}`, log);
        const rep = await measureReal(c, plan.loadMs, servers.map((s) => s.port), proxy.port, proxy.pid, admin, log);
        reps.push(rep);
        const viaProxy = simulated('proxy', c, plan.loadMs, calibration, rep.proxyCpu);
        sims.push({
          proxy: viaProxy.latencies, direct: simulated('sharded', c, plan.loadMs, calibration, rep.proxyCpu).latencies,
          proxyCpuPerGetNs: viaProxy.proxyCpuPerGetNs, proxyCpuPerMgetNs: viaProxy.proxyCpuPerMgetNs,
        });
        log(`twemproxy, ${c} connection(s), replication ${r + 1}: real ${JSON.stringify(rep)}; simulated ${JSON.stringify(sims.at(-1))}`);
      }
      const point = (op: string) => `${op}, ${c} connection${c > 1 ? 's' : ''}`;
      for (const op of ['get', 'mget'] as const) {
        const name = op === 'get' ? 'GET' : `MGET of ${MGET_KEYS}`;
        const added = (q: 'p50' | 'p99', x: Pair) => x.proxy[op][q] - x.direct[op][q];
        rows.push(
          { point: point(name), metric: 'p50 added by the proxy', unit: 'µs', real: reps.map((x) => added('p50', x)), sim: sims.map((x) => added('p50', x)), bound: 0.25, digits: 1 },
          { point: point(name), metric: 'p99 added by the proxy', unit: 'µs', real: reps.map((x) => added('p99', x)), sim: sims.map((x) => added('p99', x)), bound: 0.35, digits: 1 },
          { point: point(name), metric: 'p50 through the proxy', unit: 'µs', real: reps.map((x) => x.proxy[op].p50), sim: sims.map((x) => x.proxy[op].p50), bound: null, digits: 1 },
          { point: point(name), metric: 'p99 through the proxy', unit: 'µs', real: reps.map((x) => x.proxy[op].p99), sim: sims.map((x) => x.proxy[op].p99), bound: null, digits: 1 },
        );
      }
      rows.push({ point: point('GET'), metric: 'proxy CPU per GET through the proxy', unit: 'µs',
        real: reps.map((x) => x.proxyCpuPerGetNs / 1000), sim: sims.map((x) => x.proxyCpuPerGetNs / 1000), bound: null, digits: 1 });
      rows.push({ point: point(`MGET of ${MGET_KEYS}`), metric: 'proxy CPU per MGET through the proxy', unit: 'µs',
        real: reps.map((x) => x.proxyCpuPerMgetNs / 1000), sim: sims.map((x) => x.proxyCpuPerMgetNs / 1000), bound: null, digits: 1 });
      rows.push({ point: point(`MGET of ${MGET_KEYS}`), metric: 'backend MGETs (model: its shard map on the same keys)', unit: '',
        real: reps.map((x) => x.backendMgets), sim: reps.map((x) => x.modelMgets), bound: 'exact', digits: 0 });
    }
  } finally {
    for (const a of admin) a.disconnect();
  }
  return rows;
}

async function measureReal(lanes: number, loadMs: number, ports: number[], proxyPort: number, proxyPid: number, admin: readonly Redis[], log: (line: string) => void): Promise<Replication> {
  const direct = Array.from({ length: lanes }, () => ports.map((p) => connect(p, 2000, 2)));
  const viaProxy = Array.from({ length: lanes }, () => connect(proxyPort, 2000, 2));
  await Promise.all([...direct.flat(), ...viaProxy].map((x) => x.connect()));
  try {
    const directGet = percentiles(await realLatencies(lanes, loadMs, (l) => {
      const k = randomKey();
      return direct[l]![MAP.serverOf(k)]!.get(`key:${k}`);
    }));
    const directMget = percentiles(await realLatencies(lanes, loadMs, (l) => {
      const byServer = new Map<number, string[]>();
      for (const k of mgetKeys()) byServer.set(MAP.serverOf(k), [...(byServer.get(MAP.serverOf(k)) ?? []), `key:${k}`]);
      return Promise.all([...byServer].map(([s, keys]) => direct[l]![s]!.mget(keys)));
    }));
    const cpu0 = processCpuNs(proxyPid);
    const proxyGets = await realLatencies(lanes, loadMs, (l) => viaProxy[l]!.get(`key:${randomKey()}`));
    const proxyCpuPerGetNs = (processCpuNs(proxyPid) - cpu0) / proxyGets.length;
    let modelMgets = 0;
    const calls0 = await mgetCalls(admin);
    const mgetCpu0 = processCpuNs(proxyPid);
    const mgetSleeps0 = sleepsOf(proxyPid);
    const proxyMgets = await realLatencies(lanes, loadMs, (l) => {
      const keys = mgetKeys();
      modelMgets += new Set(keys.map((k) => MAP.serverOf(k))).size;
      return viaProxy[l]!.mget(keys.map((k) => `key:${k}`));
    });
    const proxyCpuPerMgetNs = (processCpuNs(proxyPid) - mgetCpu0) / proxyMgets.length;
    log(`twemproxy, ${lanes} connection(s): nutcracker slept ${((sleepsOf(proxyPid) - mgetSleeps0) / proxyMgets.length).toFixed(2)} times an MGET through it`);
    const backendMgets = (await mgetCalls(admin)) - calls0;
    return {
      direct: { get: directGet, mget: directMget },
      proxy: { get: percentiles(proxyGets), mget: percentiles(proxyMgets) },
      proxyCpuPerGetNs, proxyCpuPerMgetNs,
      backendMgets, modelMgets,
      proxyCpu: await measuredProxyCpu(proxyPort, proxyPid, admin, log),
    };
  } finally {
    for (const x of [...direct.flat(), ...viaProxy]) x.disconnect();
  }
}

/** nutcracker's voluntary context switches so far (each a sleep in epoll_wait). */
function sleepsOf(pid: number): number {
  return Number(/voluntary_ctxt_switches:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
}

/** CPU of nutcracker's thread per request and per server reply (SATURATING connections keep it from sleeping), and per turn (from one connection). */
async function measuredProxyCpu(port: number, pid: number, admin: readonly Redis[], log: (line: string) => void): Promise<ProxyCpu> {
  const cpuPer = async (connections: number, requests: number, command: string[]): Promise<number> => {
    const cpu0 = processCpuNs(pid);
    await promisify(execFile)('redis-benchmark', ['-h', '127.0.0.1', '-p', String(port), '-c', String(connections), '-n', String(requests), '-q', ...command],
      { timeout: 120_000, maxBuffer: 16 << 20 });
    return (processCpuNs(pid) - cpu0) / requests;
  };
  const perGet = await cpuPer(SATURATING, SATURATING_REQUESTS, ['GET', `key:${SPREAD_KEYS[0]}`]);
  const calls0 = await mgetCalls(admin);
  const perMget = await cpuPer(SATURATING, SATURATING_REQUESTS, ['MGET', ...SPREAD_KEYS.map((k) => `key:${k}`)]);
  const fragments = ((await mgetCalls(admin)) - calls0) / SATURATING_REQUESTS;
  const sleeps0 = sleepsOf(pid);
  const perGetOne = await cpuPer(1, ONE_CONNECTION_REQUESTS, ['GET', `key:${SPREAD_KEYS[0]}`]);
  log(`twemproxy: nutcracker's CPU per GET ${(perGet / 1000).toFixed(1)} µs saturated, ${(perGetOne / 1000).toFixed(1)} µs from one connection with ${((sleepsOf(pid) - sleeps0) / ONE_CONNECTION_REQUESTS).toFixed(2)} sleeps a GET`);
  const replyNs = Math.max(0, (perMget - perGet) / (fragments - 1));
  return { requestNs: Math.max(0, perGet - replyNs), replyNs, turnNs: Math.max(0, (perGetOne - perGet) / TURNS_PER_GET_ONE_CONNECTION) };
}

/** The closed loops' percentiles, and the proxy's CPU per GET and per MGET in their loops (0 for the direct client, which has none). */
function simulated(kind: 'proxy' | 'sharded', connections: number, loadMs: number, calibration: Calibration, proxyCpu: ProxyCpu): { latencies: ByOp; proxyCpuPerGetNs: number; proxyCpuPerMgetNs: number } {
  const ns = (v: number) => `${Math.round(v)}ns`;
  const proxy = kind === 'proxy' ? `    proxies: 1\n    proxy: { requestCpu: ${ns(proxyCpu.requestNs)}, replyCpu: ${ns(proxyCpu.replyNs)}, turnCpu: ${ns(proxyCpu.turnNs)} }\n` : '';
  const topologies = `  - name: ${TOPOLOGY}\n    kind: ${kind}\n    shards: ${SHARDS}\n    hashing: ketama\n    keyHash: fnv1a_64\n${proxy}`;
  const sets = calibrationSets(calibration, TOPOLOGY);
  const run = (mix: string, op: number) => closedLoopRun('twemproxy', { connections, cores: availableParallelism(), loadMs, keys: KEYS, mix, topologies, ops: [op], sets });
  const gets = run('{ get: 1 }', Op.get);
  const mgets = run(`{ get: 0, mget: { share: 1, keys: ${MGET_KEYS} } }`, Op.mget);
  const proxyCpuPer = (loop: typeof gets) => ((loop.stats.resources.find((r) => r.kind === 'proxy-cpu')?.share ?? 0) * loadMs * 1e6) / loop.latenciesUs.length;
  return {
    latencies: { get: percentiles(gets.latenciesUs), mget: percentiles(mgets.latenciesUs) },
    proxyCpuPerGetNs: proxyCpuPer(gets), proxyCpuPerMgetNs: proxyCpuPer(mgets),
  };
}
