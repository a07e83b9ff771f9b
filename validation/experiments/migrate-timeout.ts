// A reshard whose target stops answering: MIGRATE's timeout (the method: validate.ts, METHODS.migrateTimeout).
// Real: redis-cli reshards slot 0 of a 3-primary cluster and the target is paused mid-move; simulated:
// the same move with the same pause, from the `reshard` operation with the same timeout.

import { spawn } from 'node:child_process';
import { keySlot } from '../../models/cluster/key-slot.js';
import { SERVER_COMMAND, SERVER_STATE, type ServerCommand, type ServerState } from '../../models/signals.js';
import type { Comparison } from '../comparison.js';
import { RealCluster, type ClusterMember } from '../real-cluster.js';
import { connect, LOOPBACK, sleep, type RedisFleet } from '../redis-fleet.js';
import { simulate } from '../simulated.js';
import { fillSlotZero, slotZeroMoveScenario } from '../slot-zero-keys.js';

const VALUE_BYTES = 100;
const PAUSE_AT_MOVED = 0.4;
const PROBE_EVERY_MS = 1;
const RESUME_AFTER_EXIT_MS = 200;
const SETTLE_MS = 300;
const RESHARD_AT_S = 5;

export interface MigrateTimeoutPlan {
  timeoutsMs: number[];
  keys: number;
  pipeline: number;
  replications: number;
}

interface Outcome {
  /** 1 when the tool failed, 0 when it moved the slot. */
  failed: number;
  pauseToFailureS: number;
  longestStallS: number;
  /** Keys of slot 0 on both the source and the target. */
  onBoth: number;
}

export async function migrateTimeout(fleet: RedisFleet, plan: MigrateTimeoutPlan, log: (line: string) => void): Promise<Comparison[]> {
  const cluster = await RealCluster.create(fleet, 3, 0, 15_000);
  const rows: Comparison[] = [];
  try {
    for (const t of plan.timeoutsMs) {
      const real: Outcome[] = [];
      const sim: Outcome[] = [];
      for (let r = 0; r < plan.replications; r++) {
        real.push(await pausedTarget(cluster, plan, t));
        sim.push(simulatedPausedTarget(plan, t, r + 1));
        log(`migrate timeout T=${t} ms #${r + 1}: real ${JSON.stringify(real.at(-1))}, simulated ${JSON.stringify(sim.at(-1))}`);
      }
      const point = `T = ${t / 1000} s, K = ${plan.keys.toLocaleString('en')}, batch ${plan.pipeline}`;
      const row = (metric: string, unit: string, of: (o: Outcome) => number, bound: Comparison['bound'], digits: number): Comparison =>
        ({ point, metric, unit, real: real.map(of), sim: sim.map(of), bound, digits });
      rows.push(
        row('reshard failed (redis-cli exit status; simulated: migrate-failed)', '', (o) => o.failed, 'exact', 0),
        row('from the target\'s pause to the failure', 's', (o) => o.pauseToFailureS, 0.2, 3),
        row('source\'s longest stall', 's', (o) => o.longestStallS, 0.2, 3),
        row('keys on both nodes after the target resumed', '', (o) => o.onBoth, 'exact', 0),
      );
    }
  } finally {
    cluster.close();
  }
  return rows;
}

/** A key of `owner`'s other slots (primary-0 owns 0–5460), which the reshard never moves. */
function probeKey(): string {
  for (let i = 0; ; i++) {
    const slot = keySlot(`probe:${i}`);
    if (slot > 0 && slot <= 5460) return `probe:${i}`;
  }
}

async function pausedTarget(cluster: RealCluster, plan: MigrateTimeoutPlan, timeoutMs: number): Promise<Outcome> {
  const source = cluster.byName('primary-0');
  const target = cluster.byName('primary-1');
  await Promise.all(cluster.members.map((m) => m.client.flushall()));
  await fillSlotZero(source, plan.keys, VALUE_BYTES);
  const probe = probeKey();
  await source.client.set(probe, 'v');
  const prober = connect(source.port, 60_000);
  const watcher = connect(source.port, 60_000);
  await Promise.all([prober.connect(), watcher.connect()]);
  let probing = true;
  let stall = { fromMs: Infinity, untilMs: Infinity, longestMs: 0, lastMs: 0 };
  const probes = (async () => {
    while (probing) {
      await prober.get(probe);
      const now = performance.now();
      if (now > stall.fromMs && now <= stall.untilMs) stall.longestMs = Math.max(stall.longestMs, now - Math.max(stall.lastMs, stall.fromMs));
      stall.lastMs = now;
      await sleep(PROBE_EVERY_MS);
    }
  })();
  try {
    const tool = spawn('redis-cli', ['--cluster', 'reshard', `${LOOPBACK}:${source.port}`, '--cluster-from', source.id, '--cluster-to', target.id,
      '--cluster-slots', '1', '--cluster-pipeline', String(plan.pipeline), '--cluster-timeout', String(timeoutMs), '--cluster-yes'], { stdio: 'ignore' });
    let toolExited = false;
    const exited = new Promise<{ code: number; atMs: number }>((resolve) => tool.once('exit', (code) => {
      toolExited = true;
      resolve({ code: code ?? -1, atMs: performance.now() });
    }));
    while ((await watcher.cluster('COUNTKEYSINSLOT', 0) as number) > plan.keys * (1 - PAUSE_AT_MOVED)) {
      if (toolExited) throw new Error(`redis-cli --cluster reshard exited with ${(await exited).code} before the move was under way`);
      await sleep(1);
    }
    cluster.fleet.pause(target);
    const pausedAtMs = performance.now();
    stall = { fromMs: pausedAtMs, untilMs: Infinity, longestMs: 0, lastMs: pausedAtMs };
    const exit = await exited;
    stall.untilMs = exit.atMs;
    await sleep(RESUME_AFTER_EXIT_MS);
    cluster.fleet.resume(target);
    await sleep(SETTLE_MS);
    const onSource = await watcher.cluster('COUNTKEYSINSLOT', 0) as number;
    const onTarget = await target.client.cluster('COUNTKEYSINSLOT', 0) as number;
    return { failed: exit.code === 0 ? 0 : 1, pauseToFailureS: (exit.atMs - pausedAtMs) / 1000, longestStallS: stall.longestMs / 1000, onBoth: onSource + onTarget - plan.keys };
  } finally {
    probing = false;
    await probes;
    prober.disconnect();
    watcher.disconnect();
    await restoreSlotZero(source, target);
  }
}

/** Ends the failed move: slot 0 STABLE on both nodes (it stays primary-0's). */
async function restoreSlotZero(source: ClusterMember, target: ClusterMember): Promise<void> {
  for (const m of [source, target]) await m.client.cluster('SETSLOT', 0, 'STABLE');
}

function migrationScenario(plan: MigrateTimeoutPlan, timeoutMs: number, seed: number, faults: string): string {
  return slotZeroMoveScenario({
    name: 'migrate-timeout', seed, durationS: RESHARD_AT_S + 3 + Math.ceil((2 * timeoutMs) / 1000), keys: plan.keys, valueBytes: VALUE_BYTES,
    readsPerSecond: 1000 / PROBE_EVERY_MS, poolSize: 8, clientTimeout: '60s', reshardAtS: RESHARD_AT_S, pipeline: plan.pipeline,
    migrateTimeout: `${timeoutMs}ms`, faults,
  });
}

function simulatedPausedTarget(plan: MigrateTimeoutPlan, timeoutMs: number, seed: number): Outcome {
  const [undisturbed] = simulate('migrate-timeout', migrationScenario(plan, timeoutMs, seed, ''), 1);
  const m = undisturbed!.migration;
  const pauseNs = Math.round(m.firstStartNs + PAUSE_AT_MOVED * (m.lastEndNs - m.firstStartNs));
  const resumeNs = pauseNs + timeoutMs * 1e6 + SETTLE_MS * 1e6;
  const faults = `faults:\n  - { at: ${pauseNs}ns, pause: cluster/primary-1 }\n  - { at: ${resumeNs}ns, resume: cluster/primary-1 }`;
  const names = new Map<number, string>();
  const keys = new Map<string, number>();
  const startsNs = new Map<number, number[]>();
  const [stats] = simulate('migrate-timeout', migrationScenario(plan, timeoutMs, seed, faults), 1, (run) => {
    run.bus.signal<ServerCommand>(SERVER_COMMAND).subscribe((c) => {
      if (c.startNs < pauseNs) return;
      const of = startsNs.get(c.server);
      if (of === undefined) startsNs.set(c.server, [c.startNs]);
      else of.push(c.startNs);
    });
    run.bus.signal<ServerState>(SERVER_STATE).subscribe((s) => {
      names.set(s.server, s.name);
      keys.set(s.name, s.keys);
    });
  });
  const failure = stats!.events.find((e) => e.kind === 'migrate-failed');
  const failedAtNs = failure?.timeNs ?? Infinity;
  const source = [...names].find(([, name]) => name === 'cluster/primary-0')![0];
  let longestNs = 0;
  let lastNs = pauseNs;
  // Up to the first command after the failure, which ends the stall if nothing did before.
  for (const startNs of startsNs.get(source) ?? []) {
    longestNs = Math.max(longestNs, startNs - lastNs);
    lastNs = startNs;
    if (startNs > failedAtNs) break;
  }
  return {
    failed: failure === undefined ? 0 : 1,
    pauseToFailureS: failure === undefined ? NaN : (failure.timeNs - pauseNs) / 1e9,
    longestStallS: longestNs / 1e9,
    onBoth: (keys.get('cluster/primary-0') ?? 0) + (keys.get('cluster/primary-1') ?? 0) - plan.keys,
  };
}
