// The body of a sweep worker thread: runs the jobs it is sent, one at a time, and posts progress
// (at most every 250 ms of wall time), the result as JSON text, or the error.
import { parentPort } from 'node:worker_threads';
import { runSweepJob } from './sweep-job.js';
const port = parentPort;
port.on('message', (job) => {
    let last = 0;
    try {
        const result = runSweepJob(job, (fraction, events) => {
            const now = performance.now();
            if (now - last < 250)
                return;
            last = now;
            port.postMessage({ kind: 'progress', fraction, events });
        });
        port.postMessage({ kind: 'done', json: JSON.stringify(result) });
    }
    catch (error) {
        port.postMessage({ kind: 'failed', error: error instanceof Error ? error.message : String(error) });
    }
});
//# sourceMappingURL=sweep-worker.js.map