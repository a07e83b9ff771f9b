// The body of a sweep worker thread: runs the jobs it is sent, one at a time, and posts progress
// (at most every 250 ms of wall time), the result as JSON text, or the error.

import { parentPort } from 'node:worker_threads';
import { failureOf, runSweepJob, type SweepJob } from './sweep-job.js';

export type WorkerMessage =
  | { kind: 'progress'; fraction: number; events: number }
  | { kind: 'done'; json: string }
  | { kind: 'failed'; error: string; stack?: string };

const port = parentPort!;
port.on('message', (job: SweepJob) => {
  let last = 0;
  try {
    const result = runSweepJob(job, (fraction, events) => {
      const now = performance.now();
      if (now - last < 250) return;
      last = now;
      port.postMessage({ kind: 'progress', fraction, events } satisfies WorkerMessage);
    });
    port.postMessage({ kind: 'done', json: JSON.stringify(result) } satisfies WorkerMessage);
  } catch (error) {
    port.postMessage({ kind: 'failed', ...failureOf(error) } satisfies WorkerMessage);
  }
});
