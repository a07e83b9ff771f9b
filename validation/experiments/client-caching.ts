// Client-side caching: how long after a write's reply another host's L1 still holds the old value,
// and how many invalidation messages a write costs, by client tracking (default and BCAST) and by
// classic pub/sub. Real: a standalone redis-server with 200 preloaded keys "key:<k>" of 100 B; two
// application hosts, each its own Node.js process (l1-host.ts) with an L1 holding every key and C
// connections, closed loops of GET/SET 80/20 over uniform keys: idle (one connection per host,
// 2 ms of think time) and busy (four connections per host, no think time: 8 busy connections; two
// Node.js processes and the server then want more than this machine's 2 cores).
// Each replication first runs `cachetopo calibrate`'s measurement and fit with C connections.
// Measured, from the hosts' logs on one monotonic clock:
// - the invalidation delay: for each invalidation that drops an L1 entry, the time from the reply
//   of the write that replaced the entry's version (at the writing host) to the message's arrival
//   (negative when it overtook that reply); every value names its write, and SET … GET returns the
//   one it replaced, so each key's chain of versions is known in the server's order;
// - invalidation messages per write, compared with what the model's rule (models/pubsub/
//   tracking-table.ts, invalidation-publisher.ts) makes of the real run's reads and writes: default
//   tracking, one message at each write to every connection that read the version it replaced;
//   BCAST, every written key to every tracking connection (counted in keys: Redis batches the keys
//   of one event-loop iteration in one message, a key written twice in it listed once, which the
//   logs cannot see: exact at idle, where an iteration holds one write, reported when busy);
//   pub/sub, one message per subscribed host per write.
// Simulated, per replication: a `single` topology with that calibration and an L1 of every key in
// the same invalidation mode that keeps every value it reads, as the real hosts' L1 does
// (inFlightReads keep), two application hosts that are event loops, the same closed loops
// after a 1 s warm-up; the delay from the `l1.written` and `l1.invalidated` signals, paired by
// version (the model's versions are numbered, so version v is replaced by v + 1).

import { availableParallelism } from 'node:os';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from 'd3-array';
import { L1_INVALIDATED, L1_WRITTEN, NET_MESSAGE, Purpose, type L1Invalidated, type L1Written, type NetMessage } from '../../models/signals.js';
import type { Comparison } from '../comparison.js';
import { connect, type RedisFleet } from '../redis-fleet.js';
import { calibrationSets, closedLoopScenario, simulate } from '../simulated.js';
import { liveCalibration } from '../live-calibration.js';
import { keyName, PRELOADED, versionValue, type CachingMode, type L1HostLog, type L1HostPlan } from '../l1-host.js';

export interface ClientCachingPlan {
  modes: CachingMode[];
  loads: LoadName[];
  loadMs: number;
  calibrationPhaseMs: number;
  replications: number;
}

export type LoadName = 'idle' | 'busy';

const KEYS = 200;
const VALUE_BYTES = 100;
const GET_SHARE = 0.8;
const HOSTS = 2;

interface Load {
  connections: number;
  thinkMs: number;
  label: string;
}

const LOADS: Record<LoadName, Load> = {
  idle: { connections: 1, thinkMs: 2, label: 'idle (1 connection per host, 2 ms think time)' },
  busy: { connections: 4, thinkMs: 0, label: '8 busy connections (4 per host, no think time)' },
};
const HOST_SCRIPT = fileURLToPath(new URL('../l1-host.ts', import.meta.url));

interface Outcomes {
  delaysUs: number[];
  writes: number;
  messages: number;
}

interface RealOutcomes extends Outcomes {
  invalidatedKeys: number;
  /** What the model's rule makes of the run's reads and writes: messages (tracking, pub/sub) or keys (BCAST). */
  ruleCount: number;
}

export async function clientCaching(fleet: RedisFleet, plan: ClientCachingPlan, log: (line: string) => void): Promise<Comparison[]> {
  const server = await fleet.server('caching', []);
  const admin = connect(server.port, 10_000);
  await admin.connect();
  const rows: Comparison[] = [];
  try {
    for (const mode of plan.modes) {
      for (const loadName of plan.loads) {
        const load = LOADS[loadName];
        const real: RealOutcomes[] = [];
        const sim: Outcomes[] = [];
        for (let r = 0; r < plan.replications; r++) {
          await admin.flushall();
          await admin.mset(...Array.from({ length: KEYS }, (_, k) => [keyName(k), versionValue(PRELOADED, VALUE_BYTES)]).flat());
          const calibration = await liveCalibration(`redis://127.0.0.1:${server.port}`,
            { connections: load.connections, phaseMs: plan.calibrationPhaseMs, maxKeys: KEYS }, `client caching, ${mode}, ${loadName}, replication ${r + 1}`, log);
          real.push(await measureReal(server.port, mode, load, plan.loadMs));
          sim.push(simulated(mode, load, plan.loadMs, calibrationSets(calibration, 'single')));
          const brief = (o: Outcomes) => ({ delayP50Us: median(o.delaysUs), delays: o.delaysUs.length, writes: o.writes, messages: o.messages });
          log(`client caching, ${mode}, ${loadName}, replication ${r + 1}: real ${JSON.stringify({ ...brief(real[r]!), keys: real[r]!.invalidatedKeys, rule: real[r]!.ruleCount })}; simulated ${JSON.stringify(brief(sim[r]!))}`);
        }
        const point = `${mode}, ${load.label}`;
        const perWrite = (o: Outcomes, n: number) => n / Math.max(1, o.writes);
        const counted = mode === 'bcast' ? 'keys invalidated' : 'invalidation messages';
        rows.push(
          { point, metric: 'invalidation delay p50, from the write\'s reply', unit: 'µs', real: real.map((o) => median(o.delaysUs) ?? NaN), sim: sim.map((o) => median(o.delaysUs) ?? NaN), bound: 0.25, digits: 1 },
          {
            point, metric: `${counted} per write (model: its rule on the real reads and writes)`, unit: '',
            real: real.map((o) => perWrite(o, mode === 'bcast' ? o.invalidatedKeys : o.messages)), sim: real.map((o) => perWrite(o, o.ruleCount)),
            bound: mode === 'bcast' && load.thinkMs === 0 ? null : 'exact', digits: 3,
          },
          { point, metric: 'invalidation messages per write (model: its own run)', unit: '', real: real.map((o) => perWrite(o, o.messages)), sim: sim.map((o) => perWrite(o, o.messages)), bound: null, digits: 3 },
          { point, metric: 'writes', unit: 'per s', real: real.map((o) => o.writes / (plan.loadMs / 1000)), sim: sim.map((o) => o.writes / (plan.loadMs / 1000)), bound: null, digits: 0 },
        );
      }
    }
  } finally {
    admin.disconnect();
  }
  return rows;
}

async function measureReal(port: number, mode: CachingMode, load: Load, loadMs: number): Promise<RealOutcomes> {
  const originNs = process.hrtime.bigint().toString();
  const children = Array.from({ length: HOSTS }, (_, host) => spawn(process.execPath, ['--import', 'tsx', HOST_SCRIPT, JSON.stringify({
    host, port, mode, connections: load.connections, thinkMs: load.thinkMs, keys: KEYS, getShare: GET_SHARE, valueBytes: VALUE_BYTES, loadMs,
    originNs,
  } satisfies L1HostPlan)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  const said = { ready: 0, stopped: 0 };
  const logs = await Promise.all(children.map((child) => new Promise<L1HostLog>((resolve, reject) => {
    let log: L1HostLog | null = null;
    child.on('message', (m) => {
      if (m !== 'ready' && m !== 'stopped') log = m as L1HostLog;
      else if (++said[m] === HOSTS) {
        const answer = m === 'ready' ? Number(process.hrtime.bigint() - BigInt(originNs)) + 20e6 : 0;
        for (const c of children) c.send(answer);
      }
    });
    child.on('error', reject);
    // 'close' waits for the IPC channel too, so it comes after every message; 'exit' may come before the last one.
    child.on('close', (code, signal) => (log ? resolve(log) : reject(new Error(`l1-host ${child.pid} ended without its log (exit code ${code}, signal ${signal})`))));
  }))).catch((error: unknown) => {
    // The other hosts would wait for a start time that never comes, and keep this process alive.
    for (const c of children) c.kill();
    throw error;
  });
  return realOutcomes(mode, logs, load.connections);
}

/**
 * Signed delays (µs) from the reply of the write that made each dropped entry stale (the one that
 * replaced the entry's version) to the invalidation's arrival; negative when it overtook the reply.
 * An entry whose version was replaced only over a millisecond after the invalidation was not stale
 * (a read that raced an earlier invalidation filled it): skipped, as the model reports only stale
 * entries.
 */
function delaysUs(arrivals: readonly { key: number; version: string; t: number }[], replacedAt: ReadonlyMap<string, number>): number[] {
  return arrivals.flatMap(({ key, version, t }) => {
    const ack = replacedAt.get(`${key}/${version}`);
    return ack === undefined || t - ack < -1e6 ? [] : [(t - ack) / 1000];
  });
}

function realOutcomes(mode: CachingMode, logs: readonly L1HostLog[], connections: number): RealOutcomes {
  const replacedAt = new Map<string, number>();
  for (const l of logs) for (const [key, , t, , replaced] of l.writes) replacedAt.set(`${key}/${replaced}`, t);
  const arrivals = logs.flatMap((l) => l.invalidations.flatMap(([t, keys]) => keys.flatMap(([key, version]) => (version === null ? [] : [{ key, version, t }]))));
  const writes = logs.reduce((n, l) => n + l.writes.length, 0);
  return {
    delaysUs: delaysUs(arrivals, replacedAt),
    writes,
    messages: logs.reduce((n, l) => n + l.invalidations.length, 0),
    invalidatedKeys: logs.reduce((n, l) => n + l.invalidations.reduce((k, [, keys]) => k + keys.length, 0), 0),
    ruleCount: ruleCount(mode, logs, writes, connections),
  };
}

/**
 * The model's rule on the run's reads and writes: pub/sub, every write to every subscribed host;
 * BCAST, every written key to every tracking connection; default tracking, one message at each
 * write to every connection that read the version it replaced (the server's order, from the chain
 * of versions, not from the replies' times).
 */
function ruleCount(mode: CachingMode, logs: readonly L1HostLog[], writes: number, connections: number): number {
  if (mode === 'pubsub') return writes * logs.length;
  if (mode === 'bcast') return writes * logs.length * connections;
  const readers = new Map<string, Set<number>>();
  logs.forEach((l, host) => {
    for (const [key, lane, version] of l.reads) {
      const id = `${key}/${version}`;
      readers.set(id, (readers.get(id) ?? new Set()).add(host * connections + lane));
    }
  });
  return logs.reduce((n, l) => n + l.writes.reduce((m, [key, , , , replaced]) => m + (readers.get(`${key}/${replaced}`)?.size ?? 0), 0), 0);
}

function simulated(mode: CachingMode, load: Load, loadMs: number, sets: string[]): Outcomes {
  const yaml = closedLoopScenario('client-caching', {
    connections: HOSTS * load.connections, cores: availableParallelism(), loadMs, keys: KEYS, mix: `{ get: ${GET_SHARE}, set: ${1 - GET_SHARE} }`,
    topologies: `  - { name: single, kind: single, l1: { entries: ${KEYS}, invalidation: { mode: ${mode}, inFlightReads: keep } } }\n`,
    hosts: HOSTS, thinkMs: load.thinkMs, valueBytes: VALUE_BYTES, keyBytes: 6,
  });
  const replacedAt = new Map<string, number>();
  const arrivals: { key: number; version: string; t: number }[] = [];
  let writes = 0;
  let messages = 0;
  simulate('client-caching', yaml, 1, (run) => {
    const measuring = () => run.engine.now >= 1e9;
    run.bus.signal<L1Written>(L1_WRITTEN).subscribe((w) => {
      replacedAt.set(`${w.key}/${w.version - 1}`, run.engine.now);
      if (measuring()) writes++;
    });
    run.bus.signal<L1Invalidated>(L1_INVALIDATED).subscribe((d) => { if (measuring()) arrivals.push({ key: d.key, version: String(d.version), t: run.engine.now }); });
    run.bus.signal<NetMessage>(NET_MESSAGE).subscribe((m) => { if (measuring() && m.purpose === Purpose.pubsub && m.dst < HOSTS) messages++; });
  }, sets);
  return { delaysUs: delaysUs(arrivals, replacedAt), writes, messages };
}
