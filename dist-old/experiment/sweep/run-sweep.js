// Runs a sweep into its folder: every (point, replication) job not already recorded there, on
// worker threads or in this thread; each finished job is recorded at once (see sweep-store.ts), a
// failed job is reported with its seed and error and the others go on; an aborted sweep (Ctrl-C)
// keeps what finished. Once every job is recorded, the results of each point are assembled in
// point and replication order, so they do not depend on the number of threads or on resumptions.
import { loadScenario } from '../load-scenario.js';
import { scenarioHeader } from '../results.js';
import { replicationSeed } from '../../sim/random/rng.js';
import { threadExecutor } from './job-runner.js';
import { pointSets } from './sweep-plan.js';
import { SweepStore } from './sweep-store.js';
export async function runSweep(o) {
    const store = new SweepStore(o.dir, o.plan);
    if (o.onDamaged)
        store.onDamaged = o.onDamaged;
    store.open();
    const all = o.plan.points.flatMap((point) => Array.from({ length: o.plan.replications }, (_, replication) => ({
        point: point.index, replication, file: o.file, sets: pointSets(o.plan, o.baseSets, point), maxEvents: o.maxEvents ?? Infinity,
        ...(o.plan.topologies === null ? {} : { topologies: o.plan.topologies }),
    })));
    const todo = all.filter((j) => !store.has(j.point, j.replication));
    const resumed = all.length - todo.length;
    const failures = [];
    const inFlight = new Map();
    let recorded = resumed;
    let events = 0;
    const report = () => {
        let partial = 0;
        let partialEvents = 0;
        for (const p of inFlight.values()) {
            partial += p.fraction;
            partialEvents += p.events;
        }
        o.onProgress?.({ done: recorded, total: all.length, fraction: (recorded + partial) / all.length, events: events + partialEvents });
    };
    await (o.execute ?? threadExecutor(o.threads))(todo, {
        progress: (job, fraction, jobEvents) => {
            inFlight.set(job, { fraction, events: jobEvents });
            report();
        },
        done: (job, json) => {
            inFlight.delete(job);
            store.put(job.point, job.replication, json);
            recorded++;
            events += JSON.parse(json).events;
            report();
        },
        failed: (job, error) => {
            inFlight.delete(job);
            const failure = { point: job.point, replication: job.replication, seed: replicationSeed(o.rootSeed, job.replication), error };
            failures.push(failure);
            o.onFailure?.(failure);
        },
    }, o.signal);
    const missing = all.filter((j) => !store.has(j.point, j.replication)).length;
    return {
        resumed, missing, failures, events,
        points: o.plan.points
            .filter((point) => all.every((j) => j.point !== point.index || store.has(j.point, j.replication)))
            .map((point) => ({ point, results: assemble(o, store, point) })),
    };
}
/** One point's results: its scenario's header and, per topology, the replications in order. */
function assemble(o, store, point) {
    const { scenario } = loadScenario(o.file, pointSets(o.plan, o.baseSets, point));
    const runs = Array.from({ length: o.plan.replications }, (_, r) => store.get(point.index, r));
    return {
        ...scenarioHeader(scenario),
        topologies: runs[0].topologies.map((t, i) => ({ ...t, replications: runs.flatMap((run) => run.topologies[i].replications) })),
    };
}
//# sourceMappingURL=run-sweep.js.map