// `cachetopo worker`: takes jobs from the queue and runs each in one of `threads` worker threads
// (BullMQ's sandboxed processors, so a long run never blocks the lock renewals of the others), until
// stopped. Its --root is where relative scenario and trace paths are resolved.

import { Worker } from 'bullmq';
import { QUEUE_NAME, type QueuedRun } from './queue-jobs.js';
import type { QueueConnection } from './queue-url.js';

export async function startQueueWorker(connection: QueueConnection, threads: number, root: string): Promise<Worker<QueuedRun, string>> {
  process.env.CACHETOPO_QUEUE_ROOT = root;
  const worker = new Worker<QueuedRun, string>(QUEUE_NAME, new URL('./queue-processor.js', import.meta.url), {
    connection, concurrency: threads, useWorkerThreads: true,
  });
  await worker.waitUntilReady();
  return worker;
}
