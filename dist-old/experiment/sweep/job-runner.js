// Runs sweep jobs: in this thread (jobs = 0: for tests and tiny sweeps; Ctrl-C is only seen between
// jobs) or on `jobs` worker threads (the main thread stays free to report progress and to stop at
// once on Ctrl-C, terminating the workers: their unfinished jobs are simply not recorded).
import { Worker } from 'node:worker_threads';
import { runSweepJob } from './sweep-job.js';
/** runJobs on `threads` worker threads (0: this thread). */
export const threadExecutor = (threads) => (jobs, events, signal) => runJobs(jobs, threads, events, signal);
/** Runs `jobs` in order of hand-out; resolves when all ended or `signal` aborted. */
export async function runJobs(jobs, threads, events, signal) {
    if (threads === 0) {
        for (const job of jobs) {
            if (signal.aborted)
                return;
            try {
                events.done(job, JSON.stringify(runSweepJob(job, (f, e) => events.progress(job, f, e))));
            }
            catch (error) {
                events.failed(job, error instanceof Error ? error.message : String(error));
            }
            await new Promise((resolve) => setImmediate(resolve));
        }
        return;
    }
    let next = 0;
    const workers = [];
    await new Promise((resolve) => {
        let running = 0;
        const stop = () => {
            for (const w of workers)
                void w.terminate();
            resolve();
        };
        signal.addEventListener('abort', stop, { once: true });
        const feed = (worker) => {
            if (signal.aborted)
                return;
            if (next >= jobs.length) {
                void worker.terminate();
                if (--running === 0) {
                    signal.removeEventListener('abort', stop);
                    resolve();
                }
                return;
            }
            const job = jobs[next++];
            worker.removeAllListeners('message');
            worker.removeAllListeners('error');
            worker.on('message', (m) => {
                if (m.kind === 'progress')
                    events.progress(job, m.fraction, m.events);
                else {
                    if (m.kind === 'done')
                        events.done(job, m.json);
                    else
                        events.failed(job, m.error);
                    feed(worker);
                }
            });
            worker.on('error', (error) => {
                events.failed(job, error.message);
                feed(spawn());
            });
            worker.postMessage(job);
        };
        const spawn = () => {
            const w = new Worker(new URL('./sweep-worker.js', import.meta.url));
            workers.push(w);
            return w;
        };
        const count = Math.min(threads, jobs.length);
        if (count === 0)
            resolve();
        for (let i = 0; i < count; i++) {
            running++;
            feed(spawn());
        }
    });
}
//# sourceMappingURL=job-runner.js.map