// `cachetopo worker --queue redis://host:port[/db] [--jobs N] [--root DIR]`: runs the jobs that
// `sweep --queue` coordinators put on the queue, N at a time in worker threads (default: the cores),
// until Ctrl-C (or SIGTERM), then closes: a job in progress is handed back by BullMQ's stalled-job
// check. Relative scenario and trace paths are resolved against --root (default: this folder).

import { resolve } from 'node:path';
import { startQueueWorker } from '../../experiment/distributed/queue-worker.js';
import { jobsOf } from './run.js';
import { checkQueue, queueConnection } from './sweep.js';

export async function workerCommand(args: { queue: string; jobs?: number | undefined; root?: string | undefined; quiet: boolean }): Promise<number> {
  const connection = queueConnection(args.queue)!;
  await checkQueue(connection, args.queue);
  const threads = jobsOf(args.jobs);
  const worker = await startQueueWorker(connection, threads, resolve(args.root ?? '.'));
  if (!args.quiet) process.stderr.write(`cachetopo worker: ${threads} thread(s) on ${args.queue}; Ctrl-C to stop\n`);
  worker.on('completed', (job) => { if (!args.quiet) process.stderr.write(`cachetopo worker: job ${job.id} done\n`); });
  worker.on('failed', (job, error) => process.stderr.write(`cachetopo worker: job ${job?.id ?? '?'} failed: ${error.message.split('\n')[0]}\n`));
  await new Promise<void>((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
  await worker.close();
  return 0;
}
