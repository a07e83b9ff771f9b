// Sweep and capacity jobs run through a BullMQ queue on Redis instead of this machine's threads: the
// coordinator adds every job it still needs with an id made of its plan's hash and a hash of the job
// (scenario file, overrides, topologies, replication; adding it again is a no-op, so a restarted coordinator re-enqueues nothing twice and
// never mixes two sweeps), then collects each result as a worker completes it, including results
// completed while no coordinator was listening; a job that had failed for good is retried (running
// the same command again retries what is missing). Workers (queue-worker.ts) run anywhere that has
// the same build (checked by codeVersion) and the same scenario files. BullMQ retries a job whose
// worker died (its stalled-job check) up to ATTEMPTS times. Same signature as the job runner, so
// the sweep's store, resumption and outputs are unchanged.

import { createHash } from 'node:crypto';
import { Job, Queue, QueueEvents } from 'bullmq';
import { canonicalJson } from '../scenario-hash.js';
import type { JobEvents, JobExecutor } from '../sweep/job-runner.js';
import type { SweepJob } from '../sweep/sweep-job.js';
import { codeVersion } from './code-version.js';
import type { QueueConnection } from './queue-url.js';

export const QUEUE_NAME = 'cachetopo-runs';
const ATTEMPTS = 3;

/** What a queued job carries: the sweep job, the plan it belongs to and the build that planned it. */
export interface QueuedRun {
  plan: string;
  code: string;
  job: SweepJob;
}

/** `<plan>-<hash of the job>`: the same job of the same plan always has the same id, and no two differ only by it. */
const queuedJobId = (plan: string, job: SweepJob): string => `${plan}-${createHash('sha256').update(canonicalJson(job)).digest('hex').slice(0, 16)}`;

/** The executor that runs a plan's jobs through the queue on `connection`. */
export const queueExecutor = (connection: QueueConnection, plan: string): JobExecutor => (jobs, events, signal) => runQueuedJobs(connection, plan, jobs, events, signal);

/** Runs `jobs` through the queue; resolves when each has completed or failed for good, or `signal` aborted. */
async function runQueuedJobs(connection: QueueConnection, plan: string, jobs: readonly SweepJob[], events: JobEvents, signal: AbortSignal): Promise<void> {
  const queue = new Queue<QueuedRun, string>(QUEUE_NAME, { connection });
  const queueEvents = new QueueEvents(QUEUE_NAME, { connection });
  try {
    await queueEvents.waitUntilReady();
    const byId = new Map(jobs.map((job) => [queuedJobId(plan, job), job]));
    const pending = new Set(byId.keys());
    let wake: () => void = () => {};
    const settle = (id: string, outcome: { json: string } | { error: string }) => {
      const job = byId.get(id);
      if (!job || !pending.delete(id)) return;
      if ('json' in outcome) events.done(job, outcome.json);
      else events.failed(job, outcome.error);
      wake();
    };
    queueEvents.on('completed', ({ jobId, returnvalue }) => settle(jobId, { json: String(returnvalue) }));
    queueEvents.on('failed', async ({ jobId, failedReason }) => {
      const job = await Job.fromId<QueuedRun, string>(queue, jobId);
      if (job && job.attemptsMade >= ATTEMPTS) settle(jobId, { error: failedReason });
    });
    const code = codeVersion();
    await queue.addBulk(jobs.map((job) => ({
      name: 'run', data: { plan, code, job },
      opts: { jobId: queuedJobId(plan, job), attempts: ATTEMPTS, removeOnComplete: false, removeOnFail: false },
    })));
    for (const id of [...pending]) {
      const job = await Job.fromId<QueuedRun, string>(queue, id);
      if (!job) continue;
      if (await job.isCompleted()) settle(id, { json: String(job.returnvalue) });
      else if (await job.isFailed()) await job.retry();
    }
    while (pending.size > 0 && !signal.aborted) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
    }
  } finally {
    await queueEvents.close();
    await queue.close();
  }
}
