// The --queue option of run, sweep and capacity (and worker's): the URL checked as bad input, the
// Redis checked before any work, and the executor that sends the command's jobs through the queue,
// its state shown after the progress line's figures.
import { join } from 'node:path';
import { checkQueueRedis, QueueTooOldError } from '../../experiment/distributed/queue-check.js';
import { queueExecutor } from '../../experiment/distributed/queue-jobs.js';
import { parseQueueUrl, QueueUrlError } from '../../experiment/distributed/queue-url.js';
import { UsageError } from '../exit-codes.js';
/** Checks the queue's Redis answers and is recent enough: an old Redis is bad input (exit 2), an unreachable one a failure (exit 1). */
export async function checkQueue(connection, url) {
    try {
        await checkQueueRedis(connection, url);
    }
    catch (error) {
        if (error instanceof QueueTooOldError)
            throw new UsageError(error.message);
        throw error;
    }
}
/** The --queue flag's Redis, or null without it; a malformed URL is bad input. */
export function queueConnection(url) {
    if (url === undefined)
        return null;
    try {
        return parseQueueUrl(url);
    }
    catch (error) {
        if (error instanceof QueueUrlError)
            throw new UsageError(error.message);
        throw error;
    }
}
const describe = (s) => `queue: ${s.queued} waiting, ${s.running} running, ${s.done} done${s.failed > 0 ? `, ${s.failed} failed` : ''}; ${s.workers} worker(s) connected`;
/** The executor of --queue for plan `plan`; a nondeterministic job's results are kept in `<dir>/nondeterministic`. */
export function queueExecutorFor(connection, plan, dir, progress) {
    return queueExecutor({ connection, plan, keepDir: join(dir, 'nondeterministic'), onStatus: (s) => progress.suffix(describe(s)) });
}
//# sourceMappingURL=queue-option.js.map