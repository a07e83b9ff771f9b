// Sweep, capacity and run jobs through a BullMQ queue on Redis instead of this machine's threads.
// The coordinator adds every job it still needs with an id made of its plan's hash and a hash of
// the job, the build (codeVersion) and its input files (jobInputsDigest): adding it again is a
// no-op, so a restarted coordinator enqueues nothing twice, and two sweeps, builds or file versions
// never share an id, so their results are never mixed (a job under our id holding other data is a
// failure, not a result). It collects each result as a worker completes it, including results
// completed while no coordinator was listening, and retries a job that had failed for good (running
// the same command again retries what is missing). Every run of a job logs its result on the job
// (queue-processor.ts); a job that ran twice (a worker presumed dead that finished after all) must
// have logged the same bytes twice, else it is reported as nondeterministic and every version is
// kept in `keepDir` (a best-effort check: it compares only runs that both logged, i.e. a worker
// presumed dead that finished after all; it does not run jobs twice on purpose). Workers
// (queue-worker.ts) run anywhere with the same build and files; the queue's name carries the build
// (codeVersion), so a worker of another build never takes this build's jobs (the coordinator's
// status counts only workers of its build). BullMQ retries a job whose worker died (its
// stalled-job check) and one that failed, up to ATTEMPTS runs. Completions are learned from the
// queue's event stream and, in case an event was missed (a dropped connection, a trimmed stream),
// by re-reading the state of up to RECHECK_BATCH pending jobs every RECHECK_EVERY_MS (a job the queue
// no longer holds, its Redis restarted without its data, is added again). Errors of the
// queue's connections (Redis restarting, say) are passed to `onWarning` as one line each, while
// ioredis reconnects. Same signature as the job runner, so the stores, resumption and outputs are
// unchanged.

import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Job, Queue, QueueEvents } from 'bullmq';
import { canonicalJson } from '../scenario-hash.js';
import type { JobEvents, JobExecutor } from '../sweep/job-runner.js';
import type { SweepJob } from '../sweep/sweep-job.js';
import { codeVersion } from './code-version.js';
import { jobInputsDigest } from './job-inputs.js';
import type { QueueConnection } from './queue-url.js';

/** The queue of this build's jobs. */
export const queueName = (): string => `cachetopo-runs-${codeVersion()}`;
const ATTEMPTS = 3;
const JOB_OPTIONS = { attempts: ATTEMPTS, removeOnComplete: false, removeOnFail: false } as const;
const STATUS_EVERY_MS = 2000;
const RECHECK_EVERY_MS = 10_000;
const RECHECK_BATCH = 100;

/** What a queued job carries: the sweep job, the plan it belongs to, the build that planned it and the digest of its input files. */
export interface QueuedRun {
  plan: string;
  code: string;
  inputs: string;
  job: SweepJob;
}

/** One run's entry in the job's log: its result's SHA-256, the worker that ran it, the result gzipped (base64). */
export interface RunLogEntry {
  sha: string;
  worker: string;
  gz: string;
}

/** The queue's state of one coordinator's jobs, for its progress line. */
export interface QueueStatus {
  queued: number;
  running: number;
  done: number;
  failed: number;
  workers: number;
}

/** A job under one of our ids holds another plan's data: the queue cannot be trusted for this plan. */
export class QueueConflictError extends Error {}

export interface QueueExecutorOptions {
  connection: QueueConnection;
  /** The plan's hash (a sweep's, or a capacity search's or run's scenario hash). */
  plan: string;
  /** Where the versions of a nondeterministic job's result are kept. */
  keepDir: string;
  onStatus?: (status: QueueStatus) => void;
  /** An error of the queue's connections, in one line (ioredis reconnects meanwhile). */
  onWarning?: (message: string) => void;
}

/** The first line of `error`'s message. */
export const firstLine = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0]!;

/** The queued form of `job`: as JSON carries it (an unlimited --max-events becomes the largest exact number, not null). */
export const queuedRunOf = (plan: string, job: SweepJob, inputs = jobInputsDigest(job)): QueuedRun => ({
  plan, code: codeVersion(), inputs, job: { ...job, maxEvents: Math.min(job.maxEvents, Number.MAX_SAFE_INTEGER) },
});

/** `<plan>-<hash of the job, build and inputs>`: the same job of the same plan always has the same id, and no two differ only by it. */
export const queuedJobId = (run: QueuedRun): string => `${run.plan}-${createHash('sha256').update(canonicalJson(run)).digest('hex').slice(0, 16)}`;

/** The executor that runs a plan's jobs through the queue. */
export const queueExecutor = (o: QueueExecutorOptions): JobExecutor => (jobs, events, signal) => runQueuedJobs(o, jobs, events, signal);

/** Runs `jobs` through the queue; resolves when each has completed or failed for good, or `signal` aborted. */
async function runQueuedJobs(o: QueueExecutorOptions, jobs: readonly SweepJob[], events: JobEvents, signal: AbortSignal): Promise<void> {
  const { connection } = o;
  const queue = new Queue<QueuedRun, string>(queueName(), { connection });
  const queueEvents = new QueueEvents(queueName(), { connection });
  const warn = (error: unknown) => o.onWarning?.(`queue: ${firstLine(error)}`);
  queue.on('error', warn);
  queueEvents.on('error', warn);
  let statusTimer: NodeJS.Timeout | undefined;
  let recheckTimer: NodeJS.Timeout | undefined;
  try {
    await queueEvents.waitUntilReady();
    const digests = new Map<string, string>();
    const inputsOf = (job: SweepJob) => {
      const key = canonicalJson([job.file, job.sets]);
      if (!digests.has(key)) digests.set(key, jobInputsDigest(job));
      return digests.get(key)!;
    };
    const runs = new Map(jobs.map((job) => {
      const run = queuedRunOf(o.plan, job, inputsOf(job));
      return [queuedJobId(run), { run, job }];
    }));
    const pending = new Set(runs.keys());
    const running = new Set<string>();
    let failed = 0;
    let broken: unknown = null;
    let wake: () => void = () => {};
    const onAbort = () => wake();
    const settle = (id: string, outcome: { json: string } | { error: string }) => {
      const entry = runs.get(id);
      if (!entry || !pending.delete(id)) return;
      running.delete(id);
      if ('json' in outcome) events.done(entry.job, outcome.json);
      else {
        failed++;
        events.failed(entry.job, outcome.error);
      }
      wake();
    };
    const collect = async (id: string, json: string) => {
      if (!pending.has(id)) return;
      const versions = await resultVersions(queue, id);
      if (versions.size > 1) settle(id, { error: keepVersions(o.keepDir, id, versions) });
      else {
        await (await Job.fromId(queue, id))?.clearLogs();
        settle(id, { json });
      }
    };
    /** Runs an event's handler; an error of the queue's Redis ends the wait with it. */
    const handle = (work: Promise<void>) => void work.catch((error: unknown) => {
      broken ??= error;
      wake();
    });
    queueEvents.on('active', ({ jobId }) => {
      if (pending.has(jobId)) running.add(jobId);
    });
    queueEvents.on('progress', ({ jobId, data }) => {
      const entry = runs.get(jobId);
      const p = data as { fraction?: number; events?: number };
      if (entry && pending.has(jobId) && typeof p.fraction === 'number') events.progress(entry.job, p.fraction, p.events ?? 0);
    });
    queueEvents.on('completed', ({ jobId, returnvalue }) => handle(collect(jobId, String(returnvalue))));
    const add = (id: string, data: QueuedRun) => queue.add('run', data, { jobId: id, ...JOB_OPTIONS });
    /**
     * Collects job `id` if the queue holds it completed, or settles it as failed if it failed for good
     * (no attempt left); adds it again if the queue lost it (its Redis restarted without its data).
     * The state is read before the job, so a result is never read from a job that completed meanwhile.
     */
    const settleIfFinished = async (id: string) => {
      const state = await queue.getJobState(id);
      if (state === 'unknown') {
        await add(id, runs.get(id)!.run);
        return;
      }
      if (state !== 'completed' && state !== 'failed') return;
      const job = await Job.fromId<QueuedRun, string>(queue, id);
      if (!job) return;
      if (state === 'failed') settle(id, { error: job.failedReason });
      else if (job.returnvalue !== null && job.returnvalue !== undefined) await collect(id, String(job.returnvalue));
    };
    queueEvents.on('failed', ({ jobId }) => {
      if (!pending.has(jobId)) return;
      running.delete(jobId);
      handle(settleIfFinished(jobId));
    });
    await queue.addBulk([...runs].map(([jobId, { run: data }]) => ({ name: 'run', data, opts: { jobId, ...JOB_OPTIONS } })));
    for (const [id, { run }] of runs) {
      const job = await Job.fromId<QueuedRun, string>(queue, id);
      if (!job) continue;
      if (canonicalJson(job.data) !== canonicalJson(run)) {
        broken = new QueueConflictError(`the queue holds a job ${id} that is not this plan's (another tool or a damaged queue wrote it); use another Redis database in --queue`);
        break;
      }
      if (await job.isFailed()) await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      else await settleIfFinished(id);
    }
    const status = async () => {
      const workers = await queue.getWorkersCount();
      o.onStatus?.({ queued: pending.size - running.size, running: running.size, done: runs.size - pending.size - failed, failed, workers });
    };
    if (o.onStatus) {
      await status();
      statusTimer = setInterval(() => void status().catch(warn), STATUS_EVERY_MS);
    }
    const order = [...runs.keys()];
    let cursor = 0;
    let rechecking = false;
    /** Reads the state of the next RECHECK_BATCH pending jobs and settles those that finished unheard. */
    const recheck = async () => {
      if (rechecking) return;
      rechecking = true;
      try {
        for (let seen = 0, n = 0; seen < order.length && n < RECHECK_BATCH && pending.size > 0; seen++) {
          const id = order[cursor]!;
          cursor = (cursor + 1) % order.length;
          if (!pending.has(id)) continue;
          n++;
          await settleIfFinished(id);
        }
      } finally {
        rechecking = false;
      }
    };
    recheckTimer = setInterval(() => handle(recheck()), RECHECK_EVERY_MS);
    signal.addEventListener('abort', onAbort, { once: true });
    while (pending.size > 0 && broken === null && !signal.aborted) {
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    signal.removeEventListener('abort', onAbort);
    if (broken !== null) throw broken;
    // The last state shown is the final one, not the one read up to STATUS_EVERY_MS before the end.
    if (o.onStatus) await status().catch(warn);
  } finally {
    clearInterval(statusTimer);
    clearInterval(recheckTimer);
    await queueEvents.close();
    await queue.close();
  }
}

/** The distinct results the runs of job `id` logged, by SHA-256. */
async function resultVersions(queue: Queue<QueuedRun, string>, id: string): Promise<Map<string, RunLogEntry>> {
  const { logs } = await queue.getJobLogs(id);
  const versions = new Map<string, RunLogEntry>();
  for (const line of logs) {
    const entry = JSON.parse(line) as RunLogEntry;
    versions.set(entry.sha, entry);
  }
  return versions;
}

/** Writes every version of a nondeterministic job's result to `dir`; returns the failure's message. */
function keepVersions(dir: string, id: string, versions: Map<string, RunLogEntry>): string {
  mkdirSync(dir, { recursive: true });
  const files = [...versions.values()].map((v) => {
    const file = join(dir, `${id}-${v.sha.slice(0, 12)}.json`);
    writeFileSync(file, gunzipSync(Buffer.from(v.gz, 'base64')));
    return `${file} (worker ${v.worker})`;
  });
  return `nondeterministic: ${versions.size} runs of queued job ${id} gave different results, kept in ${files.join(' and ')}`;
}
