// What a queued job reads from its worker's disk besides its own fields: the scenario file and the
// workload trace the scenario names. The coordinator puts a digest of those bytes in the job (and in
// its id); a worker computes the digest of its own copies and refuses the job when they differ, so a
// machine with another version of a file can never return a result for it. Read afresh on every
// call (a worker must see a file edited since its last job); the coordinator memoizes per plan.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadScenario } from '../load-scenario.js';
/** SHA-256 (first 16 hex digits) of the scenario file's bytes and, if it names one, its trace file's. */
export function jobInputsDigest(job) {
    const hash = createHash('sha256').update(readFileSync(job.file)).update('\0');
    const popularity = loadScenario(job.file, job.sets).scenario.workload.popularity;
    if (popularity.kind === 'trace')
        hash.update(readFileSync(resolve(dirname(job.file), popularity.file)));
    return hash.digest('hex').slice(0, 16);
}
//# sourceMappingURL=job-inputs.js.map