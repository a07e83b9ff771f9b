// Slot migration of K keys. Real: a 3-primary cluster (no replicas); K keys of V bytes (random
// base64, which LZF cannot compress), all sharing one hash tag whose slot is 0 (the lowest slot of
// primary-0), are written, then `redis-cli --cluster reshard --cluster-slots 1 --cluster-pipeline B`
// moves that slot (SETSLOT IMPORTING/MIGRATING, GETKEYSINSLOT + MIGRATE … KEYS in batches of B,
// SETSLOT NODE everywhere), timed from start to exit less the time of a `redis-cli --cluster check`
// of the same cluster just before (redis-cli's start-up, cluster load and check, which reshard also
// does first); each move takes the slot back to where it was before the last. Meanwhile a stale
// client (a raw connection to the slot's old owner) GETs a random one of the K keys every 5 ms, and
// once more after the reshard, and counts the ASK and MOVED answers. The moves of one K and V go in
// rounds: each round first measures (below), then moves the slot once with every pipeline size, in
// an order that turns by one from round to round (10, 50, 100; 50, 100, 10; …), so that every
// pipeline size is measured as often early and late in a round, and this machine's drift over
// minutes falls on all of them alike, where measuring all the moves of one size before the next
// made the size stand for the time. A round's measurements are `cachetopo calibrate`'s measurement
// and fit (3 repetitions, their median, as the calibration file's) against a standalone
// redis-server of the same build (calibrate refuses cluster mode; the costs are the same): server
// costs, MIGRATE's and RESTORE's per key and per KB, the page faults of fresh memory, and the one-way
// latency; and redis-cli's own CPU per command (user + system, from bash's `times`) over
// `redis-cli -r N PING` against that server, and the one-way latency its round trips leave: (wall
// time − its CPU − the server's main-thread CPU) / N / 2. A migration's hops are redis-cli's and
// redis-server's, so that latency replaces calibrate's, which is what a Node.js round trip leaves
// after the CPU it measures (Node's own wake-up included: 12.5 µs a way against 3–10 µs on one
// machine); the start-up of bash and redis-cli (a few ms of ≈ 0.5 s) is counted in it. And on the
// cluster itself, what its nodes.conf saves cost (every SETSLOT saves it before replying, and the
// target's SETSLOT NODE, which bumps its configEpoch, fsyncs it too): the main-thread CPU of
// CLUSTER SETSLOT s STABLE (a save) less that of CLUSTER COUNTKEYSINSLOT (none), and the median round
// trip of CLUSTER SAVECONFIG (a save and an fsync) less SETSLOT's, on a slot the reshard never moves.
// Simulated, once per real move, with the round's measurements: the same cluster with that
// calibration and the same keys (workload hashTag with that tag on every key), and a client GETting
// one every 5 ms; the `reshard` operation moves slot 0 with pipeline B; duration from the migration
// stats (first slot start to last slot end), ASK and MOVED from the client's redirections (its slot
// map goes stale with the move).

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { median } from 'd3-array';
import type { Redis } from 'ioredis';
import { mainThreadCpuNs } from '../../experiment/measure-live-redis.js';
import { MIN_ONE_WAY_NS, type Calibration } from '../../models/server/service-calibration.js';
import type { Comparison } from '../comparison.js';
import { RealCluster, type ClusterMember } from '../real-cluster.js';
import { connect, LOOPBACK, type RedisFleet } from '../redis-fleet.js';
import { calibrationSets, simulate } from '../simulated.js';
import { liveCalibration } from '../live-calibration.js';
import { fillSlotZero, slotZeroKey, slotZeroMoveScenario } from '../slot-zero-keys.js';

const READ_EVERY_MS = 5;
const RESHARD_AT_S = 5;
/** PINGs of the redis-cli timing. */
const TOOL_PINGS = 10_000;
/** Commands of the nodes.conf timing (each kind), and the slot it sets STABLE (primary-2's last: never moved). */
const SAVE_COMMANDS = 200;
const UNMOVED_SLOT = 16383;

export interface MigrationPlan {
  keys: number[];
  valueBytes: number[];
  pipelines: number[];
  /** Wall time of each of calibrate's measurement phases. */
  calibrationPhaseMs: number;
  /** Rounds per K and V: each measures, then moves the slot once with every pipeline size (one real and one simulated move per size). */
  rounds: number;
}

interface Move {
  durationS: number;
  keys: number;
  ask: number;
  moved: number;
}

export async function slotMigration(fleet: RedisFleet, plan: MigrationPlan, log: (line: string) => void): Promise<Comparison[]> {
  const cluster = await RealCluster.create(fleet, 3, 0, 15_000);
  const standalone = await fleet.server('calibrated', []);
  const standaloneClient = connect(standalone.port);
  const rows: Comparison[] = [];
  try {
    await standaloneClient.connect();
    let owner = cluster.byName('primary-0');
    let other = cluster.byName('primary-1');
    for (const k of plan.keys) for (const v of plan.valueBytes) {
      await Promise.all(cluster.members.map((m) => m.client.flushall()));
      await fillSlotZero(owner, k, v);
      const moves = new Map<number, { real: Move[]; sim: Move[] }>(plan.pipelines.map((b) => [b, { real: [], sim: [] }]));
      for (let r = 0; r < plan.rounds; r++) {
        const calibration = await liveCalibration(`redis://${LOOPBACK}:${standalone.port}`,
          { connections: 1, phaseMs: plan.calibrationPhaseMs, maxKeys: 0 }, `slot migration K=${k} V=${v} round ${r + 1}`, log);
        const tool = await redisCliTiming(standalone.port, standaloneClient);
        const nodesConf = await nodesConfTiming(cluster.byName('primary-2'));
        log(`slot migration K=${k} V=${v} round ${r + 1}: redis-cli ${Math.round(tool.commandNs)} ns a command, ${Math.round(tool.oneWayNs)} ns a way; nodes.conf ${Math.round(nodesConf.saveNs)} ns a save, ${Math.round(nodesConf.fsyncNs)} ns an fsync; calibration ${JSON.stringify(calibration, (_, x: unknown) => (typeof x === 'number' ? Math.round(x) : x))}`);
        for (const b of turned(plan.pipelines, r)) {
          const real = await reshard(owner, other, k, b);
          [owner, other] = [other, owner];
          const sim = simulatedMigration(k, v, b, r + 1, calibration, tool, nodesConf);
          const ofSize = moves.get(b)!;
          ofSize.real.push(real);
          ofSize.sim.push(sim);
          log(`slot migration K=${k} V=${v} B=${b}, round ${r + 1}: real ${JSON.stringify(real)}, simulated ${JSON.stringify(sim)}`);
        }
      }
      for (const b of plan.pipelines) {
        const { real, sim } = moves.get(b)!;
        const point = `K = ${k.toLocaleString('en')}, ${v.toLocaleString('en')} B, batch ${b}`;
        const row = (metric: string, unit: string, of: (m: Move) => number, bound: Comparison['bound'], digits: number): Comparison =>
          ({ point, metric, unit, real: real.map(of), sim: sim.map(of), bound, digits });
        rows.push(row('duration', 's', (m) => m.durationS, 0.2, 3), row('keys moved', '', (m) => m.keys, 'exact', 0),
          row('ASK seen by the stale client', '', (m) => m.ask, null, 0), row('MOVED seen by the stale client', '', (m) => m.moved, null, 0));
      }
    }
  } finally {
    standaloneClient.disconnect();
    cluster.close();
  }
  return rows;
}

/** One reshard of slot 0 from `source` to `target` by redis-cli, with the stale client reading on the source. */
async function reshard(source: ClusterMember, target: ClusterMember, keys: number, pipeline: number): Promise<Move> {
  const stale = connect(source.port, 1000);
  await stale.connect();
  const counts = { ask: 0, moved: 0 };
  const reader = setInterval(() => {
    stale.get(slotZeroKey(Math.floor(Math.random() * keys))).catch((error: Error) => {
      if (error.message.startsWith('ASK ')) counts.ask++;
      else if (error.message.startsWith('MOVED ')) counts.moved++;
    });
  }, READ_EVERY_MS);
  const startUpS = await timedRedisCli(['check', `${LOOPBACK}:${source.port}`]);
  let durationS: number;
  try {
    durationS = await timedRedisCli(['reshard', `${LOOPBACK}:${source.port}`, '--cluster-from', source.id, '--cluster-to', target.id,
      '--cluster-slots', '1', '--cluster-pipeline', String(pipeline), '--cluster-yes']) - startUpS;
  } finally {
    clearInterval(reader);
  }
  await stale.get(slotZeroKey(0)).catch((error: Error) => {
    if (error.message.startsWith('MOVED ')) counts.moved++;
  });
  stale.disconnect();
  return { durationS, keys: await target.client.cluster('COUNTKEYSINSLOT', 0) as number, ...counts };
}

interface RedisCliTiming {
  /** redis-cli's own CPU per command, ns. */
  commandNs: number;
  /** The one-way latency its round trips leave, ns. */
  oneWayNs: number;
}

/** Over `redis-cli -r N PING`: its user + system time (bash's `times`) per PING, and (wall − that − the server's main-thread CPU) / N / 2. */
async function redisCliTiming(port: number, server: Redis): Promise<RedisCliTiming> {
  const serverBeforeNs = await mainThreadCpuNs(server);
  const started = performance.now();
  const { stdout } = await promisify(execFile)('bash', ['-c', `redis-cli -h ${LOOPBACK} -p ${port} -r ${TOOL_PINGS} PING >/dev/null; times`], { timeout: 60_000 });
  const wallNs = (performance.now() - started) * 1e6;
  const serverNs = (await mainThreadCpuNs(server)) - serverBeforeNs;
  const children = stdout.trim().split('\n').at(-1)!.split(' ').map((t) => {
    const m = /^(\d+)m([\d.]+)s$/.exec(t);
    if (m === null) throw new Error(`unexpected output of bash's times: "${stdout}"`);
    return Number(m[1]) * 60 + Number(m[2]);
  });
  const commandNs = ((children[0]! + children[1]!) * 1e9) / TOOL_PINGS;
  return { commandNs, oneWayNs: Math.max(MIN_ONE_WAY_NS, (wallNs / TOOL_PINGS - commandNs - serverNs / TOOL_PINGS) / 2) };
}

interface NodesConfTiming {
  /** Main-thread CPU of one nodes.conf save, ns. */
  saveNs: number;
  /** Wall time of its fsync, ns. */
  fsyncNs: number;
}

/** On `member`: SETSLOT STABLE's main-thread CPU less COUNTKEYSINSLOT's, and SAVECONFIG's median round trip less SETSLOT's. */
async function nodesConfTiming(member: ClusterMember): Promise<NodesConfTiming> {
  const timed = async (command: (string | number)[]) => {
    const cpuBeforeNs = await mainThreadCpuNs(member.client);
    const roundTripsNs: number[] = [];
    for (let i = 0; i < SAVE_COMMANDS; i++) {
      const started = process.hrtime.bigint();
      await member.client.call('CLUSTER', ...command);
      roundTripsNs.push(Number(process.hrtime.bigint() - started));
    }
    return { cpuNs: ((await mainThreadCpuNs(member.client)) - cpuBeforeNs) / SAVE_COMMANDS, roundTripNs: median(roundTripsNs)! };
  };
  const none = await timed(['COUNTKEYSINSLOT', UNMOVED_SLOT]);
  const save = await timed(['SETSLOT', UNMOVED_SLOT, 'STABLE']);
  const saveAndFsync = await timed(['SAVECONFIG']);
  return { saveNs: Math.max(0, save.cpuNs - none.cpuNs), fsyncNs: Math.max(0, saveAndFsync.roundTripNs - save.roundTripNs) };
}

/** Seconds `redis-cli --cluster <args>` took from start to exit. */
async function timedRedisCli(args: string[]): Promise<number> {
  const started = performance.now();
  await promisify(execFile)('redis-cli', ['--cluster', ...args], { timeout: 300_000, maxBuffer: 64 << 20 });
  return (performance.now() - started) / 1000;
}

/** `items` turned left by `by` places (round r of the pipelines starts with the r-th). */
function turned<T>(items: readonly T[], by: number): T[] {
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

/** One simulated move of slot 0 with pipeline `pipeline`, its run seeded with `seed`. */
function simulatedMigration(keys: number, valueBytes: number, pipeline: number, seed: number, calibration: Calibration, tool: RedisCliTiming, nodesConf: NodesConfTiming): Move {
  const yaml = slotZeroMoveScenario({
    name: 'slot-migration', seed, durationS: RESHARD_AT_S + 5 + Math.ceil(keys / 2000), keys, valueBytes,
    readsPerSecond: 1000 / READ_EVERY_MS, poolSize: 1, clientTimeout: '1s', reshardAtS: RESHARD_AT_S, pipeline,
  });
  const sets = [...calibrationSets(calibration, 'cluster'), `topologies.cluster.tool.commandCpu=${Math.round(tool.commandNs)}ns`,
    `network.latency.sameZone={ lognormal: { median: ${Math.round(tool.oneWayNs)}ns, sigma: 0.3 } }`,
    `topologies.cluster.nodesConf.saveCpu=${Math.round(nodesConf.saveNs)}ns`, 'topologies.cluster.nodesConf.saveCpuPerNode=0ns',
    `topologies.cluster.nodesConf.fsyncLatency={ const: ${Math.round(nodesConf.fsyncNs)}ns }`];
  const stats = simulate('slot-migration', yaml, 1, () => {}, sets)[0]!;
  return {
    durationS: stats.migration.slots > 0 ? (stats.migration.lastEndNs - stats.migration.firstStartNs) / 1e9 : NaN,
    keys: stats.migration.keys,
    ask: stats.redirects['ask'] ?? 0,
    moved: stats.redirects['moved'] ?? 0,
  };
}
