// `cachetopo worker`: takes jobs from the queue and runs each in one of `threads` worker threads
// (BullMQ's sandboxed processors, so a long run never blocks the lock renewals of the others), until
// stopped. A job's lock lasts `lockDurationMs` without renewal: a worker that dies (SIGKILL, power
// loss) loses its jobs' locks that long after its last renewal, and BullMQ's stalled-job check (run
// by every live worker at the same period) hands them to another worker. Stopping hands the jobs in
// progress back to the queue at once. Its --root is where relative scenario and trace paths are resolved.
import { Worker } from 'bullmq';
import { QUEUE_NAME } from './queue-jobs.js';
/** A job may be found stalled (its worker presumed dead) this many times and still be run again. */
const MAX_STALLED = 2;
export async function startQueueWorker(connection, threads, root, lockDurationMs) {
    process.env.CACHETOPO_QUEUE_ROOT = root;
    const worker = new Worker(QUEUE_NAME, new URL('./queue-processor.js', import.meta.url), {
        connection, concurrency: threads, useWorkerThreads: true,
        lockDuration: lockDurationMs, stalledInterval: lockDurationMs, maxStalledCount: MAX_STALLED,
    });
    const active = new Set();
    worker.on('active', (job) => active.add(job));
    worker.on('completed', (job) => active.delete(job));
    worker.on('failed', (job) => { if (job)
        active.delete(job); });
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
//# sourceMappingURL=queue-worker.js.map