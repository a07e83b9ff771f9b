// The work of one queued job, in a worker thread of `cachetopo worker` (BullMQ loads this file as
// its sandboxed processor): refuse a job planned by another build, then run it as a local sweep job
// would, its scenario path resolved against the worker's --root. Returns the result's JSON.

import { isAbsolute, resolve } from 'node:path';
import type { Job } from 'bullmq';
import { runSweepJob } from '../sweep/sweep-job.js';
import { codeVersion } from './code-version.js';
import type { QueuedRun } from './queue-jobs.js';

export default async function processQueuedRun(job: Job<QueuedRun, string>): Promise<string> {
  const { code, job: run } = job.data;
  if (code !== codeVersion()) throw new Error(`job ${job.id} was planned by build ${code}, this worker is build ${codeVersion()}: run the same cachetopo build on both`);
  const root = process.env.CACHETOPO_QUEUE_ROOT ?? process.cwd();
  const file = isAbsolute(run.file) ? run.file : resolve(root, run.file);
  return JSON.stringify(runSweepJob({ ...run, file }, (fraction) => void job.updateProgress(Math.round(100 * fraction))));
}
