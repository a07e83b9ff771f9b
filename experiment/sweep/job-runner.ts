// Runs sweep jobs: in this thread (jobs = 0: for tests and `run --jobs 1`; Ctrl-C is only seen
// between jobs) or on worker threads (the main thread stays free to report progress and to stop at
// once on Ctrl-C, terminating the workers that hold a job: their unfinished jobs are simply not
// recorded). A WorkerPool keeps its threads across several batches of jobs (a capacity search's
// rounds), so that a round does not pay for starting threads and loading the model again.

import { Worker } from 'node:worker_threads';
import { failureOf, runSweepJob, type SweepJob } from './sweep-job.js';
import type { WorkerMessage } from './sweep-worker.js';

export interface JobEvents {
  progress(job: SweepJob, fraction: number, events: number): void;
  done(job: SweepJob, json: string): void;
  /** `stack`: where the job failed, when known (shown by --debug). */
  failed(job: SweepJob, error: string, stack?: string): void;
}


/** Runs jobs somewhere and reports each through `events`: on threads here (threadExecutor, WorkerPool), or through a queue (distributed/queue-jobs.ts). */
export type JobExecutor = (jobs: readonly SweepJob[], events: JobEvents, signal: AbortSignal) => Promise<void>;

/** runJobs on `threads` worker threads (0: this thread). */
export const threadExecutor = (threads: number): JobExecutor => (jobs, events, signal) => runJobs(jobs, threads, events, signal);

/** Runs `jobs` in order of hand-out; resolves when all ended or `signal` aborted. */
export async function runJobs(jobs: readonly SweepJob[], threads: number, events: JobEvents, signal: AbortSignal): Promise<void> {
  if (threads > 0) {
    const pool = new WorkerPool(threads);
    try {
      await pool.execute(jobs, events, signal);
    } finally {
      await pool.close();
    }
    return;
  }
  for (const job of jobs) {
    if (signal.aborted) return;
    try {
      events.done(job, JSON.stringify(runSweepJob(job, (f, e) => events.progress(job, f, e))));
    } catch (error) {
      const { error: message, stack } = failureOf(error);
      events.failed(job, message, stack);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Up to `threads` worker threads, started when first needed and kept idle between batches until close(). */
export class WorkerPool {
  private readonly idle: Worker[] = [];

  constructor(private readonly threads: number) {}

  /** A JobExecutor on this pool's threads. */
  readonly execute: JobExecutor = (jobs, events, signal) => new Promise<void>((resolve) => {
    let next = 0;
    const busy = new Set<Worker>();
    const finish = () => {
      signal.removeEventListener('abort', stop);
      resolve();
    };
    const stop = () => {
      for (const w of busy) void w.terminate();
      busy.clear();
      finish();
    };
    const feed = (worker: Worker) => {
      worker.removeAllListeners('message');
      worker.removeAllListeners('error');
      if (signal.aborted) return;
      if (next >= jobs.length) {
        busy.delete(worker);
        this.idle.push(worker);
        if (busy.size === 0) finish();
        return;
      }
      const job = jobs[next++]!;
      worker.on('message', (m: WorkerMessage) => {
        if (m.kind === 'progress') events.progress(job, m.fraction, m.events);
        else {
          if (m.kind === 'done') events.done(job, m.json);
          else events.failed(job, m.error, m.stack);
          feed(worker);
        }
      });
      worker.on('error', (error) => {
        busy.delete(worker);
        events.failed(job, error.message, error.stack);
        if (signal.aborted) return;
        if (next < jobs.length) {
          const replacement = this.spawn();
          busy.add(replacement);
          feed(replacement);
        } else if (busy.size === 0) finish();
      });
      worker.postMessage(job);
    };
    if (signal.aborted || jobs.length === 0) {
      resolve();
      return;
    }
    signal.addEventListener('abort', stop, { once: true });
    for (let i = 0; i < Math.min(this.threads, jobs.length); i++) {
      const worker = this.idle.pop() ?? this.spawn();
      busy.add(worker);
      feed(worker);
    }
  });

  /** Ends the idle threads (a batch's busy threads end with it or when it is aborted). */
  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((w) => w.terminate()));
  }

  private spawn(): Worker {
    return new Worker(new URL('./sweep-worker.js', import.meta.url));
  }
}
