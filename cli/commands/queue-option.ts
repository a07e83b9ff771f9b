// The --queue option of run, sweep and capacity (and worker's): the URL checked as bad input, the
// Redis checked after the other input and before any work, and the executor that sends the command's jobs through the queue,
// its state shown after the progress line's figures.

import { rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkQueueRedis, QueueTooOldError, QueueUnreachableError } from '../../experiment/distributed/queue-check.js';
import { queueExecutor, type QueueStatus } from '../../experiment/distributed/queue-jobs.js';
import { parseQueueUrl, QueueUrlError, type QueueConnection } from '../../experiment/distributed/queue-url.js';
import { shownRedisUrl } from '../../experiment/redis-url.js';
import type { JobExecutor } from '../../experiment/sweep/job-runner.js';
import { UsageError } from '../exit-codes.js';
import type { ProgressLine } from '../progress.js';

/**
 * Checks the queue's Redis answers and is recent enough, before any work: an unreachable or old
 * Redis is bad input (exit 2), as calibrate's unreachable server is; messages show `url` without
 * its password. On either, the output folder `createdDir` that the command has just made for
 * nothing is removed.
 */
export async function checkQueue(connection: QueueConnection, url: string, createdDir: string | null = null): Promise<void> {
  try {
    await checkQueueRedis(connection, shownRedisUrl(url));
  } catch (error) {
    if (createdDir !== null) rmdirSync(createdDir);
    if (error instanceof QueueTooOldError || error instanceof QueueUnreachableError) throw new UsageError(error.message);
    throw error;
  }
}

/** The --queue flag's Redis, or null without it; a malformed URL is bad input. */
export function queueConnection(url: string | undefined): QueueConnection | null {
  if (url === undefined) return null;
  try {
    return parseQueueUrl(url);
  } catch (error) {
    if (error instanceof QueueUrlError) throw new UsageError(error.message);
    throw error;
  }
}

const describe = (s: QueueStatus): string =>
  `queue: ${s.queued} waiting, ${s.running} running, ${s.done} done${s.failed > 0 ? `, ${s.failed} failed` : ''}; ${s.workers} worker(s) of this build connected`;

/**
 * The executor of --queue for plan `plan`; a nondeterministic job's results are kept in
 * `<dir>/nondeterministic`. A connection error is shown after the queue's state until the next
 * status read succeeds (ioredis reconnects meanwhile), one line however often it repeats.
 */
export function queueExecutorFor(connection: QueueConnection, plan: string, dir: string, progress: ProgressLine): JobExecutor {
  let status = '';
  let warning = '';
  const show = () => progress.suffix(warning === '' ? status : `${status} · ${warning}`);
  return queueExecutor({
    connection, plan, keepDir: join(dir, 'nondeterministic'),
    onStatus: (s) => {
      status = describe(s);
      warning = '';
      show();
    },
    onWarning: (message) => {
      if (message === warning) return;
      warning = message;
      show();
    },
  });
}
