// `run` on every core: each topology × replication of a scenario is one job of the sweep's job runner
// (sweep/job-runner.ts), on `threads` worker threads (1: in this thread), or of another executor
// (a queue, for `run --queue`). A job is a pure function of
// (scenario file, overrides, topology, replication), and the results are assembled in topology and
// replication order, so the outputs are byte-identical whatever the number of threads. Jobs start
// longest first by their estimated events (run-cost.ts), so that no thread is left with a long run
// at the end while the others are idle. Progress is the sum over the jobs in flight. The first
// failure stops the others and is thrown.

import type { Scenario } from '../models/scenario/scenario-schema.js';
import type { SetInput } from './load-scenario.js';
import { type RunProgress } from './run-scenario.js';
import { scenarioHeader, type ScenarioResults, type TopologyResult } from './results.js';
import { runCost } from './run-cost.js';
import { threadExecutor, type JobExecutor } from './sweep/job-runner.js';
import type { SweepJob, SweepJobResult } from './sweep/sweep-job.js';

export interface ThreadedRunOptions {
  file: string;
  sets: readonly SetInput[];
  /** The scenario as loaded from (file, sets), for its shape and header. */
  scenario: Scenario;
  threads: number;
  maxEvents: number;
  /** The topologies to run, by index (default: all). */
  topologies?: readonly number[];
  onProgress?: (p: RunProgress) => void;
  /** Where the jobs run (default: `threads` worker threads here; distributed/queue-jobs.ts: a queue). */
  execute?: JobExecutor;
}

export async function runScenarioOnThreads(o: ThreadedRunOptions): Promise<{ results: ScenarioResults; events: number }> {
  const { scenario } = o;
  const which = o.topologies ?? scenario.topologies.map((_, t) => t);
  const jobs: SweepJob[] = [];
  for (let r = 0; r < scenario.replications; r++) {
    for (const t of which) jobs.push({ point: 0, replication: r, file: o.file, sets: [...o.sets], maxEvents: o.maxEvents, topologies: [t] });
  }
  const estimated = scenario.topologies.map((_, t) => runCost(scenario, t).events);
  const longestFirst = [...jobs].sort((a, b) => estimated[b.topologies![0]!]! - estimated[a.topologies![0]!]!);
  const done = new Map<SweepJob, SweepJobResult>();
  const inFlight = new Map<SweepJob, { fraction: number; events: number }>();
  const controller = new AbortController();
  /** The first job's failure, with the job's own stack (so --debug shows where it failed, in a worker thread too). */
  const failures: Error[] = [];
  let events = 0;
  const report = () => {
    let fraction = done.size;
    let partialEvents = 0;
    for (const p of inFlight.values()) {
      fraction += p.fraction;
      partialEvents += p.events;
    }
    o.onProgress?.({ fraction: fraction / jobs.length, events: events + partialEvents });
  };
  await (o.execute ?? threadExecutor(o.threads === 1 ? 0 : o.threads))(longestFirst, {
    progress: (job, fraction, jobEvents) => {
      inFlight.set(job, { fraction, events: jobEvents });
      report();
    },
    done: (job, json) => {
      inFlight.delete(job);
      const result = JSON.parse(json) as SweepJobResult;
      done.set(job, result);
      events += result.events;
      report();
    },
    failed: (_job, error, stack) => {
      if (failures.length === 0) {
        const failure = new Error(error);
        if (stack) failure.stack = stack;
        failures.push(failure);
      }
      controller.abort();
    },
  }, controller.signal);
  if (failures.length > 0) throw failures[0]!;
  const resultOf = (i: number, r: number): TopologyResult => done.get(jobs[r * which.length + i]!)!.topologies[0]!;
  return {
    events,
    results: {
      ...scenarioHeader(scenario),
      topologies: which.map((t, i) => ({
        name: scenario.topologies[t]!.name,
        kind: scenario.topologies[t]!.kind,
        replications: Array.from({ length: scenario.replications }, (_, r) => resultOf(i, r).replications[0]!),
      })),
    },
  };
}
