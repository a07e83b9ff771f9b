// One job of a sweep or of `run`: replication r of every topology (or of the topologies it names) at
// one point. A job names the scenario file and its overrides, so it can run in any thread: the worker
// loads the scenario itself.
import { loadScenario } from '../load-scenario.js';
import { runReplication } from '../run-scenario.js';
import { replicationSeed } from '../../sim/random/rng.js';
/** Runs `job`; `onProgress(fraction of the job done, events so far)`. */
export function runSweepJob(job, onProgress = () => { }) {
    const { scenario } = loadScenario(job.file, job.sets);
    const which = job.topologies ?? scenario.topologies.map((_, t) => t);
    const runs = which.length;
    let finished = 0;
    let events = 0;
    const topologies = runReplication(scenario, job.replication, (done, runEvents) => {
        onProgress((finished + done) / runs, events + runEvents);
        if (done === 1) {
            finished++;
            events += runEvents;
        }
    }, job.maxEvents, which);
    return { point: job.point, replication: job.replication, seed: replicationSeed(scenario.seed, job.replication), events, topologies };
}
//# sourceMappingURL=sweep-job.js.map