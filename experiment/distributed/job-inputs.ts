// What a queued job reads from its worker's disk besides its own fields: the scenario file and the
// workload trace the scenario names. The coordinator puts a digest of those bytes in the job (and in
// its id); a worker computes the digest of its own copies and refuses the job when they differ, so a
// machine with another version of a file can never return a result for it. Read afresh on every
// call (a worker must see a file edited since its last job; the trace by its size and modification
// time: trace-digest.ts); the coordinator memoizes per plan.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadScenario } from '../load-scenario.js';
import type { SweepJob } from '../sweep/sweep-job.js';
import { traceDigest } from '../trace/trace-digest.js';

/** SHA-256 (first 16 hex digits) of the scenario file's bytes and, if it names one, its trace file's digest. */
export function jobInputsDigest(job: Pick<SweepJob, 'file' | 'sets'>): string {
  const popularity = loadScenario(job.file, job.sets).scenario.workload.popularity;
  return createHash('sha256').update(readFileSync(job.file)).update('\0').update(traceDigest(job.file, popularity) ?? '').digest('hex').slice(0, 16);
}
