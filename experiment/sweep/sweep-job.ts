// One job of a sweep or of `run`: replication r of every topology (or of the topologies it names) at
// one point. A job names the scenario file and its overrides, so it can run in any thread: the worker
// loads the scenario itself. A job that fails is told as its message and its stack (failureOf).

import type { TopologyResult } from '../results.js';
import { loadScenario, type SetInput } from '../load-scenario.js';
import { runReplication } from '../run-scenario.js';
import { replicationSeed } from '../../sim/random/rng.js';

export interface SweepJob {
  point: number;
  replication: number;
  file: string;
  sets: SetInput[];
  /** Events one run may execute (--max-events). */
  maxEvents: number;
  /** The topologies to run, by index (default: all; `run` on worker threads gives each job one). */
  topologies?: number[];
}

export interface SweepJobResult {
  point: number;
  replication: number;
  seed: number;
  events: number;
  topologies: TopologyResult[];
}

/** Runs `job`; `onProgress(fraction of the job done, events so far)`. */
export function runSweepJob(job: SweepJob, onProgress: (fraction: number, events: number) => void = () => {}): SweepJobResult {
  const { scenario } = loadScenario(job.file, job.sets);
  const which = job.topologies ?? scenario.topologies.map((_, t) => t);
  const runs = which.length;
  let finished = 0;
  let events = 0;
  const topologies = runReplication(scenario, job.replication, (done, runEvents) => {
    onProgress((finished + done) / runs, events + runEvents);
    if (done === 1) {
      finished++;
      events += runEvents;
    }
  }, job.maxEvents, which);
  return { point: job.point, replication: job.replication, seed: replicationSeed(scenario.seed, job.replication), events, topologies };
}

/** A job's error as a message and, when it has one, its stack and those of its causes. */
export function failureOf(error: unknown): { error: string; stack?: string } {
  if (!(error instanceof Error)) return { error: String(error) };
  const stacks: string[] = [];
  for (let e: unknown = error; e instanceof Error && stacks.length < 5; e = e.cause) if (e.stack) stacks.push(e.stack);
  return { error: error.message, ...(stacks.length > 0 ? { stack: stacks.join('\ncaused by: ') } : {}) };
}
