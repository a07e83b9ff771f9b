// `cachetopo worker`: takes jobs from the queue and runs each in one of `threads` worker threads
// (BullMQ's sandboxed processors, so a long run never blocks the lock renewals of the others), until
// stopped. A job's lock lasts `lockDurationMs` without renewal: a worker that dies (SIGKILL, power
// loss) loses its jobs' locks that long after its last renewal, and BullMQ's stalled-job check (run
// by every live worker at the same period) hands them to another worker. Stopping hands the jobs in
// progress back to the queue at once. Its --root is where relative scenario and trace paths are resolved.
// It listens on its build's queue (queueName) only. Known gap: a job fetched in the instant before a
// stop, whose 'active' event has not yet arrived, is not handed back at once; its lock expires and
// the stalled-job check hands it on (counted as one stall).

import { Worker, type Job } from 'bullmq';
import { firstLine, queueName, type QueuedRun } from './queue-jobs.js';
import type { QueueConnection } from './queue-url.js';

/** A job may be found stalled (its worker presumed dead) this many times and still be run again. */
const MAX_STALLED = 2;

export interface QueueWorker {
  worker: Worker<QueuedRun, string>;
  /** Hands the jobs in progress back to the queue, then closes without waiting for them. */
  stop(): Promise<void>;
}

/** Starts taking this build's jobs; an error of the queue's connection is passed to `onWarning` in one line (ioredis reconnects meanwhile). */
export async function startQueueWorker(connection: QueueConnection, threads: number, root: string, lockDurationMs: number, onWarning: (message: string) => void): Promise<QueueWorker> {
  process.env.CACHETOPO_QUEUE_ROOT = root;
  const worker = new Worker<QueuedRun, string>(queueName(), new URL('./queue-processor.js', import.meta.url), {
    connection, concurrency: threads, useWorkerThreads: true,
    lockDuration: lockDurationMs, stalledInterval: lockDurationMs, maxStalledCount: MAX_STALLED,
  });
  worker.on('error', (error) => onWarning(`queue: ${firstLine(error)}`));
  const active = new Set<Job<QueuedRun, string>>();
  worker.on('active', (job) => active.add(job));
  worker.on('completed', (job) => active.delete(job));
  worker.on('failed', (job) => { if (job) active.delete(job); });
  await worker.waitUntilReady();
  return {
    worker,
    async stop() {
      await worker.pause(true);
      await Promise.all([...active].map((job) => job.moveToWait(job.token).catch(() => 0)));
      await worker.close(true);
    },
  };
}
