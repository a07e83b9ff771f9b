// The work of one queued job, in a worker thread of `cachetopo worker` (BullMQ loads this file as
// its sandboxed processor): refuse a job planned by another build or whose input files differ from
// this machine's, run it as a local sweep job would (its scenario path resolved against the
// worker's --root), log the result on the job (so that two runs of one job can be compared by the
// coordinator) and return the result's JSON. Progress goes to the coordinator as {fraction, events}.
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runSweepJob } from '../sweep/sweep-job.js';
import { codeVersion } from './code-version.js';
import { jobInputsDigest } from './job-inputs.js';
const PROGRESS_EVERY_MS = 1000;
export default async function processQueuedRun(job) {
    const { code, inputs, job: run } = job.data;
    if (code !== codeVersion())
        throw new Error(`job ${job.id} built by cachetopo ${code}, this worker is ${codeVersion()}: run the same build everywhere`);
    const root = process.env.CACHETOPO_QUEUE_ROOT ?? process.cwd();
    const local = { ...run, file: isAbsolute(run.file) ? run.file : resolve(root, run.file) };
    const mine = jobInputsDigest(local);
    if (mine !== inputs)
        throw new Error(`job ${job.id}: the scenario or trace files under ${local.file} differ from the coordinator's (inputs ${mine}, expected ${inputs}): give every machine the same files`);
    let last = 0;
    const json = JSON.stringify(runSweepJob(local, (fraction, events) => {
        const now = performance.now();
        if (now - last < PROGRESS_EVERY_MS)
            return;
        last = now;
        void job.updateProgress({ fraction, events });
    }));
    const entry = { sha: createHash('sha256').update(json).digest('hex'), worker: `${hostname()}:${process.pid}`, gz: gzipSync(json).toString('base64') };
    await job.log(JSON.stringify(entry));
    return json;
}
//# sourceMappingURL=queue-processor.js.map