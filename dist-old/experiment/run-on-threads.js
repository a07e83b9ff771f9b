// `run` on every core: each topology × replication of a scenario is one job of the sweep's job runner
// (sweep/job-runner.ts), on `threads` worker threads (1: in this thread), or of another executor
// (a queue, for `run --queue`). A job is a pure function of
// (scenario file, overrides, topology, replication), and the results are assembled in topology and
// replication order, so the outputs are byte-identical whatever the number of threads. Jobs start
// longest first by their estimated events (run-cost.ts), so that no thread is left with a long run
// at the end while the others are idle. Progress is the sum over the jobs in flight. The first
// failure stops the others and is thrown.
import {} from './run-scenario.js';
import { scenarioHeader } from './results.js';
import { runCost } from './run-cost.js';
import { threadExecutor } from './sweep/job-runner.js';
export async function runScenarioOnThreads(o) {
    const { scenario } = o;
    const which = o.topologies ?? scenario.topologies.map((_, t) => t);
    const jobs = [];
    for (let r = 0; r < scenario.replications; r++) {
        for (const t of which)
            jobs.push({ point: 0, replication: r, file: o.file, sets: [...o.sets], maxEvents: o.maxEvents, topologies: [t] });
    }
    const estimated = scenario.topologies.map((_, t) => runCost(scenario, t).events);
    const longestFirst = [...jobs].sort((a, b) => estimated[b.topologies[0]] - estimated[a.topologies[0]]);
    const done = new Map();
    const inFlight = new Map();
    const controller = new AbortController();
    let failure = null;
    let events = 0;
    const report = () => {
        let fraction = done.size;
        let partialEvents = 0;
        for (const p of inFlight.values()) {
            fraction += p.fraction;
            partialEvents += p.events;
        }
        o.onProgress?.({ fraction: fraction / jobs.length, events: events + partialEvents });
    };
    await (o.execute ?? threadExecutor(o.threads === 1 ? 0 : o.threads))(longestFirst, {
        progress: (job, fraction, jobEvents) => {
            inFlight.set(job, { fraction, events: jobEvents });
            report();
        },
        done: (job, json) => {
            inFlight.delete(job);
            const result = JSON.parse(json);
            done.set(job, result);
            events += result.events;
            report();
        },
        failed: (_job, error) => {
            failure ??= error;
            controller.abort();
        },
    }, controller.signal);
    if (failure !== null)
        throw new Error(failure);
    const resultOf = (i, r) => done.get(jobs[r * which.length + i]).topologies[0];
    return {
        events,
        results: {
            ...scenarioHeader(scenario),
            topologies: which.map((t, i) => ({
                name: scenario.topologies[t].name,
                kind: scenario.topologies[t].kind,
                replications: Array.from({ length: scenario.replications }, (_, r) => resultOf(i, r).replications[0]),
            })),
        },
    };
}
//# sourceMappingURL=run-on-threads.js.map