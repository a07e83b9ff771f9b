// Runs the capacity searches of several topologies side by side: in each round every unfinished
// search names one rate, and the probes of that round (topology × replication at its rate, each
// with the replication's seed: the same seeds at every rate, common random numbers) run as jobs of
// the sweep's job runner on worker threads. Each finished probe is stored at once (probe-store.ts)
// and a probe already stored is not run again. When a round is complete, the caller's judge tells
// each search whether its rate passed. A search halves at most 10 times below the scenario's rate.
// The verdicts, and so the whole search, do not depend on the number of threads; an aborted search
// keeps every probe that finished.
import { loadScenario } from '../load-scenario.js';
import { RESULTS_FORMAT } from '../results.js';
import { scenarioHash } from '../scenario-hash.js';
import { threadExecutor } from '../sweep/job-runner.js';
import { CapacitySearch } from './capacity-search.js';
import { ProbeStore } from './probe-store.js';
/** Halvings below the starting rate before a search gives up: an SLO missed at 1/1024 of the load is not missed for lack of capacity. */
const MAX_HALVINGS = 10;
export function lowestRate(startRatePerS) {
    return Math.max(1, Math.floor(startRatePerS / 2 ** MAX_HALVINGS));
}
/** The override that sets a probe's rate. */
export function rateSet(ratePerS) {
    return { text: `workload.arrival.rate=${ratePerS}/s`, flag: `capacity probe (workload.arrival.rate=${ratePerS}/s)` };
}
export async function runCapacity(o) {
    const store = new ProbeStore(o.dir);
    if (o.onDamaged)
        store.onDamaged = o.onDamaged;
    const names = loadScenario(o.file, o.sets).scenario.topologies.map((t) => ({ name: t.name, kind: t.kind }));
    const searches = new Map(o.topologies.map((t) => [t, new CapacitySearch({ startRatePerS: o.startRatePerS, precision: o.precision, minRatePerS: lowestRate(o.startRatePerS) })]));
    const probes = new Map(o.topologies.map((t) => [t, []]));
    const hashes = new Map();
    const hashOf = (rate) => {
        if (!hashes.has(rate))
            hashes.set(rate, scenarioHash({ format: RESULTS_FORMAT, scenario: loadScenario(o.file, [...o.sets, rateSet(rate)]).scenario }));
        return hashes.get(rate);
    };
    let events = 0;
    let probesRun = 0;
    let probesFound = 0;
    let stopped = null;
    for (let round = 1; stopped === null; round++) {
        const active = o.topologies.filter((t) => searches.get(t).next() !== null);
        if (active.length === 0)
            break;
        const keys = new Map();
        const jobs = [];
        for (const t of active) {
            const rate = searches.get(t).next();
            for (let r = 0; r < o.replications; r++) {
                const key = { topology: names[t].name, ratePerS: rate, replication: r, hash: hashOf(rate) };
                if (store.has(key)) {
                    probesFound++;
                    continue;
                }
                const job = { point: 0, replication: r, file: o.file, sets: [...o.sets, rateSet(rate)], maxEvents: o.maxEvents, topologies: [t] };
                keys.set(job, key);
                jobs.push(job);
            }
        }
        const controller = new AbortController();
        const stop = () => controller.abort();
        o.signal.addEventListener('abort', stop, { once: true });
        let done = 0;
        await (o.execute ?? threadExecutor(o.threads === 1 ? 0 : o.threads))(jobs, {
            progress: () => { },
            done: (job, json) => {
                const result = JSON.parse(json);
                store.put(keys.get(job), result.topologies[0].replications[0]);
                events += result.events;
                probesRun++;
                o.onProgress?.({ round, done: ++done, total: jobs.length, events });
            },
            failed: (job, error) => {
                const key = keys.get(job);
                stopped ??= `the probe of ${key.topology} at ${key.ratePerS}/s, replication ${key.replication}, failed: ${error}`;
                controller.abort();
            },
        }, controller.signal);
        o.signal.removeEventListener('abort', stop);
        if (o.signal.aborted)
            stopped ??= 'interrupted';
        if (stopped !== null)
            break;
        for (const t of active) {
            const search = searches.get(t);
            const rate = search.next();
            const replications = Array.from({ length: o.replications }, (_, r) => store.get({ topology: names[t].name, ratePerS: rate, replication: r, hash: hashOf(rate) }));
            const passed = o.judge(t, replications);
            probes.get(t).push({ ratePerS: rate, passed, replications });
            search.record(passed);
        }
    }
    return {
        topologies: o.topologies.map((t) => ({ topology: t, ...names[t], bracket: searches.get(t).result(), probes: probes.get(t) })),
        stopped, events, probesRun, probesFound,
    };
}
//# sourceMappingURL=run-capacity.js.map