// Runs the capacity searches of several topologies side by side: in each round every unfinished
// search names one rate, and the probes of that round (topology × replication at its rate, each
// with the replication's seed: the same seeds at every rate, common random numbers) run as jobs of
// the sweep's job runner on worker threads, one pool kept for the whole search (so Ctrl-C stops a
// probe at once, also with one thread, and no round starts its threads again). Each finished probe is stored at once (probe-store.ts)
// and a probe already stored is not run again. When a round is complete, the caller's judge tells
// each search whether its rate passed. A search halves at most 10 times below the scenario's rate.
// The verdicts, and so the whole search, do not depend on the number of threads; an aborted search
// keeps every probe that finished.

import { loadScenario, type SetInput } from '../load-scenario.js';
import { RESULTS_FORMAT, type ReplicationResult } from '../results.js';
import { scenarioHash } from '../scenario-hash.js';
import { traceDigest } from '../trace/trace-digest.js';
import { WorkerPool, type JobExecutor } from '../sweep/job-runner.js';
import type { SweepJob, SweepJobResult } from '../sweep/sweep-job.js';
import { CapacitySearch, type CapacityBracket } from './capacity-search.js';
import { ProbeStore, type ProbeKey } from './probe-store.js';

export interface CapacityRunOptions {
  file: string;
  sets: readonly SetInput[];
  /** Indexes of the topologies to search. */
  topologies: readonly number[];
  replications: number;
  startRatePerS: number;
  precision: number;
  threads: number;
  maxEvents: number;
  dir: string;
  signal: AbortSignal;
  /** Whether topology `t` met every SLO in these replications of one rate. */
  judge(t: number, replications: readonly ReplicationResult[]): boolean;
  onProgress?: (p: { round: number; done: number; total: number; events: number }) => void;
  onDamaged?: (message: string) => void;
  /** Runs the probes elsewhere (a BullMQ queue: distributed/queue-jobs.ts) instead of on `threads` threads here. */
  execute?: JobExecutor;
}

export interface ProbeResult {
  ratePerS: number;
  passed: boolean;
  replications: ReplicationResult[];
}

export interface TopologyCapacity {
  topology: number;
  name: string;
  kind: string;
  bracket: CapacityBracket;
  /** Every probe, in the order the search ran them. */
  probes: ProbeResult[];
}

export interface CapacityOutcome {
  topologies: TopologyCapacity[];
  /** Null when every search finished; else why not (interrupted, or the first probe that failed to run). */
  stopped: string | null;
  events: number;
  probesRun: number;
  probesFound: number;
}

/** Halvings below the starting rate before a search gives up: an SLO missed at 1/1024 of the load is not missed for lack of capacity. */
const MAX_HALVINGS = 10;

export function lowestRate(startRatePerS: number): number {
  return Math.max(1, Math.floor(startRatePerS / 2 ** MAX_HALVINGS));
}

/** The override that sets a probe's rate. */
export function rateSet(ratePerS: number): SetInput {
  return { text: `workload.arrival.rate=${ratePerS}/s`, flag: `capacity probe (workload.arrival.rate=${ratePerS}/s)` };
}

export async function runCapacity(o: CapacityRunOptions): Promise<CapacityOutcome> {
  const store = new ProbeStore(o.dir);
  if (o.onDamaged) store.onDamaged = o.onDamaged;
  const names = loadScenario(o.file, o.sets).scenario.topologies.map((t) => ({ name: t.name, kind: t.kind }));
  const searches = new Map(o.topologies.map((t) => [t, new CapacitySearch({ startRatePerS: o.startRatePerS, precision: o.precision, minRatePerS: lowestRate(o.startRatePerS) })]));
  const probes = new Map(o.topologies.map((t) => [t, [] as ProbeResult[]]));
  const hashes = new Map<number, string>();
  const hashOf = (rate: number) => {
    if (!hashes.has(rate)) {
      const { scenario } = loadScenario(o.file, [...o.sets, rateSet(rate)]);
      const trace = traceDigest(o.file, scenario.workload.popularity);
      hashes.set(rate, scenarioHash({ format: RESULTS_FORMAT, scenario, ...(trace === null ? {} : { trace }) }));
    }
    return hashes.get(rate)!;
  };
  let events = 0;
  let probesRun = 0;
  let probesFound = 0;
  let stopped: string | null = null;
  const pool = o.execute ? null : new WorkerPool(o.threads);
  try {
    for (let round = 1; stopped === null; round++) {
      const active = o.topologies.filter((t) => searches.get(t)!.next() !== null);
      if (active.length === 0) break;
      const keys = new Map<SweepJob, ProbeKey>();
      const jobs: SweepJob[] = [];
      for (const t of active) {
        const rate = searches.get(t)!.next()!;
        for (let r = 0; r < o.replications; r++) {
          const key: ProbeKey = { topology: names[t]!.name, ratePerS: rate, replication: r, hash: hashOf(rate) };
          if (store.has(key)) {
            probesFound++;
            continue;
          }
          const job: SweepJob = { point: 0, replication: r, file: o.file, sets: [...o.sets, rateSet(rate)], maxEvents: o.maxEvents, topologies: [t] };
          keys.set(job, key);
          jobs.push(job);
        }
      }
      const controller = new AbortController();
      const stop = () => controller.abort();
      o.signal.addEventListener('abort', stop, { once: true });
      let done = 0;
      await (o.execute ?? pool!.execute)(jobs, {
        progress: () => {},
        done: (job, json) => {
          const result = JSON.parse(json) as SweepJobResult;
          store.put(keys.get(job)!, result.topologies[0]!.replications[0]!);
          events += result.events;
          probesRun++;
          o.onProgress?.({ round, done: ++done, total: jobs.length, events });
        },
        failed: (job, error) => {
          const key = keys.get(job)!;
          stopped ??= `the probe of ${key.topology} at ${key.ratePerS}/s, replication ${key.replication}, failed: ${error}`;
          controller.abort();
        },
      }, controller.signal);
      o.signal.removeEventListener('abort', stop);
      if (o.signal.aborted) stopped ??= 'interrupted';
      if (stopped !== null) break;
      for (const t of active) {
        const search = searches.get(t)!;
        const rate = search.next()!;
        const replications = Array.from({ length: o.replications }, (_, r) => store.get({ topology: names[t]!.name, ratePerS: rate, replication: r, hash: hashOf(rate) }));
        const passed = o.judge(t, replications);
        probes.get(t)!.push({ ratePerS: rate, passed, replications });
        search.record(passed);
      }
    }
  } finally {
    await pool?.close();
  }
  return {
    topologies: o.topologies.map((t) => ({ topology: t, ...names[t]!, bracket: searches.get(t)!.result(), probes: probes.get(t)! })),
    stopped, events, probesRun, probesFound,
  };
}
