// `cachetopo worker --queue redis://host:port[/db] [--jobs N] [--root DIR] [--lock-duration 30s]`:
// runs the jobs that `run`, `sweep` and `capacity` coordinators put on the queue, N at a time in
// worker threads (default: the cores), until Ctrl-C (or SIGTERM), which hands the jobs in progress
// back to the queue. Relative scenario and trace paths are resolved against --root (default: this
// folder). It takes only jobs of its own build (the queue's name carries it); a job whose files
// differ here is refused (it fails with the reason; BullMQ gives it to another worker up to its
// attempts). An error of the queue's connection is one line, repeated only when it changes.

import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { firstLine } from '../../experiment/distributed/queue-jobs.js';
import { startQueueWorker } from '../../experiment/distributed/queue-worker.js';
import { parseDurationNs, UnitError } from '../../sim/time/units.js';
import { UsageError } from '../exit-codes.js';
import { jobsOf } from './run.js';
import { checkQueue, queueConnection } from './queue-option.js';
import { shownRedisUrl } from '../../experiment/redis-url.js';

export const DEFAULT_LOCK_DURATION = '30s';

function lockDurationMs(text: string): number {
  let ns: number;
  try {
    ns = parseDurationNs(text);
  } catch (error) {
    if (!(error instanceof UnitError)) throw error;
    throw new UsageError(`--lock-duration: ${error.message}, got "${text}"`);
  }
  if (!(ns >= 1e9)) throw new UsageError(`--lock-duration: expected at least 1s, got "${text}"`);
  return Math.round(ns / 1e6);
}

export async function workerCommand(args: { queue: string; jobs?: number | undefined; root?: string | undefined; lockDuration: string; quiet: boolean }): Promise<number> {
  const connection = queueConnection(args.queue)!;
  const lockMs = lockDurationMs(args.lockDuration);
  const threads = jobsOf(args.jobs);
  const root = resolve(args.root ?? '.');
  if (statSync(root, { throwIfNoEntry: false })?.isDirectory() !== true) throw new UsageError(`--root ${args.root}: no such folder (the jobs' relative scenario and trace paths are read from it)`);
  await checkQueue(connection, args.queue);
  const say = (line: string) => { if (!args.quiet) process.stderr.write(`cachetopo worker: ${line}\n`); };
  let lastWarning = '';
  const warn = (message: string) => {
    if (message !== lastWarning) process.stderr.write(`cachetopo worker: ${message}\n`);
    lastWarning = message;
  };
  const { worker, stop } = await startQueueWorker(connection, threads, root, lockMs, warn);
  say(`${threads} thread(s) on ${shownRedisUrl(args.queue)}; Ctrl-C to stop`);
  worker.on('active', (job) => {
    lastWarning = '';
    say(`job ${job.id} started`);
  });
  worker.on('completed', (job) => say(`job ${job.id} done`));
  worker.on('failed', (job, error) => process.stderr.write(`cachetopo worker: job ${job?.id ?? '?'} failed: ${firstLine(error)}\n`));
  await new Promise<void>((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
  await stop();
  say('stopped; the jobs in progress are back on the queue');
  // A sandbox thread that BullMQ was still starting when the worker closed is not terminated by its
  // close and would keep the process alive: everything is handed back, so leave once output is out.
  setTimeout(() => process.exit(0), 1000).unref();
  return 0;
}
