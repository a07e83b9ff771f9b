// The simulator's side of an experiment: a scenario written inline (YAML, as a user would write it)
// with optional --set overrides, run for several replications with derived seeds; `observe` may
// subscribe to a run's signals before it starts. Also the writer workload the failover experiments
// share (one SET every 10 ms, 100 ms timeout, no retry) and their phases from the failover timeline.

import { buildRun, type BuiltRun } from '../experiment/build-run.js';
import { parseScenario } from '../experiment/load-scenario.js';
import type { CollectedStats } from '../experiment/collect/run-collectors.js';
import { failoverTimelines, type FailoverPhase } from '../reports/failover-timeline.js';
import { replicationSeed } from '../sim/random/rng.js';
import { REQUEST_DONE, type RequestDone } from '../models/signals.js';
import { calibrationOverrides, type Calibration } from '../models/server/service-calibration.js';

export function simulate(name: string, yaml: string, replications: number, observe: (run: BuiltRun, replication: number) => void = () => {}, sets: string[] = []): CollectedStats[] {
  const { scenario } = parseScenario(yaml, `validation:${name}`, sets);
  return Array.from({ length: replications }, (_, r) => {
    const run = buildRun(scenario, 0, replicationSeed(scenario.seed, r));
    observe(run, r);
    run.start();
    run.engine.run({ untilNs: run.endNs });
    return run.collectors.result();
  });
}

/**
 * `calibration` as --set overrides of topology `topology`, on the harness's network: every process
 * is on one host and talks over loopback, which has no wire to serialize onto (the kernel's copies
 * are in the CPU costs calibrate measures), so the bandwidth is unlimited.
 */
export function calibrationSets(calibration: Calibration, topology: string): string[] {
  return [
    ...Object.entries(calibrationOverrides(calibration)).map(([path, value]) => `${path.replace('topologies.*.', `topologies.${topology}.`)}=${value}`),
    'network.bandwidth=unlimited',
  ];
}

export interface ClosedLoopSetup {
  /** Connections in all, spread evenly over the hosts (a pool of connections / hosts each). */
  connections: number;
  loadMs: number;
  keys: number;
  /** The workload's mix, as YAML. */
  mix: string;
  /** The topologies list, as YAML. */
  topologies: string;
  /** Application hosts, each one event loop (default 1). */
  hosts?: number;
  /** Cores of the machine all of the run's processes share: the harness's machine, where the real processes run side by side. */
  cores: number;
  thinkMs?: number;
  valueBytes?: number;
  keyBytes?: number;
}

/**
 * A closed loop of C connections from application hosts that are each one event loop (one request
 * outstanding per connection, no think time unless given, 512-byte values unless given, uniform
 * keys), as a scenario running `loadMs` after a 1 s warm-up. Every process of it, application hosts
 * and servers alike, shares one machine of `cores` cores, as the real ones do.
 */
export function closedLoopScenario(name: string, o: ClosedLoopSetup): string {
  const hosts = o.hosts ?? 1;
  return `
name: validation-${name}
seed: 1
duration: ${1 + o.loadMs / 1000}s
warmup: 1s
drain: 0s
workload:
  keys: ${o.keys}${o.keyBytes === undefined ? '' : `
  keyBytes: ${o.keyBytes}B`}
  valueSize: ${o.valueBytes ?? 512}B
  popularity: uniform
  mix: ${o.mix}
  arrival: { connections: ${o.connections}, think: ${o.thinkMs ?? 0}ms }
  readThrough: false
  clients: { hosts: ${hosts}, cores: 1, poolSize: ${o.connections / hosts}, retries: 0 }
machines: [{ name: harness, cores: ${o.cores}, hosts: ['*'] }]
topologies:
${o.topologies}`;
}

export interface ClosedLoop extends ClosedLoopSetup {
  /** The request kinds (Op) whose latencies are kept. */
  ops: readonly number[];
  sets: string[];
}

/** The latency (µs) of each successful request of `ops` that started after the warm-up of closedLoopScenario, and the run's statistics. */
export function closedLoopRun(name: string, o: ClosedLoop): { latenciesUs: number[]; stats: CollectedStats } {
  const latenciesUs: number[] = [];
  const [stats] = simulate(name, closedLoopScenario(name, o), 1, (run) => {
    run.bus.signal<RequestDone>(REQUEST_DONE).subscribe((d) => {
      if (d.startNs >= 1e9 && d.outcome === 0 && o.ops.includes(d.op)) latenciesUs.push((d.endNs - d.startNs) / 1000);
    });
  }, o.sets);
  return { latenciesUs, stats: stats! };
}

export function closedLoopLatencies(name: string, o: ClosedLoop): number[] {
  return closedLoopRun(name, o).latenciesUs;
}

/** The real writers' load (cluster-writer.ts, sentinel-writer.ts) as a scenario's workload block. */
export const WRITER_WORKLOAD = `workload:
  keys: 100_000
  valueSize: 100B
  popularity: uniform
  mix: { get: 0, set: 1 }
  arrival: { rate: 100/s, process: uniform }
  readThrough: false
  clients: { hosts: 1, poolSize: 1, timeout: 100ms, retries: 0 }`;

export type Phases = Partial<Record<FailoverPhase, number>>;

/** Seconds from the run's first fault to each of `phases` (absent when it never happened). */
export function timelinePhases(stats: CollectedStats, phases: readonly FailoverPhase[]): Phases {
  const timeline = failoverTimelines(stats.events)[0]!;
  const out: Phases = {};
  for (const phase of phases) {
    const v = timeline.phases[phase];
    if (v !== null) out[phase] = v;
  }
  return out;
}
