// Whole-scenario benchmarks: a shipped scenario end to end (events/s, simulated requests/s, peak
// RSS), a 10M-key keyspace (RSS), and memory as virtual time grows (RSS and heap at 10 s and 100 s).
import { buildRun } from '../experiment/build-run.js';
import { loadScenario } from '../experiment/load-scenario.js';
import { runScenario } from '../experiment/run-scenario.js';
const MB = 1024 * 1024;
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
/** `topologies`: run only the first this many of the scenario's topologies (all by default). */
export function benchScenario(file, sets = [], topologies = Infinity) {
    const loaded = loadScenario(file, sets).scenario;
    const scenario = { ...loaded, topologies: loaded.topologies.slice(0, topologies) };
    const started = performance.now();
    const { results, events } = runScenario(scenario);
    const wallSeconds = (performance.now() - started) / 1000;
    // Every request the workload issued, warm-up included (the whole simulated work), as issue 12 counts them.
    const requests = results.topologies.reduce((a, t) => a + t.replications.reduce((b, r) => b + r.stats.timeSeries.issued.reduce((x, y) => x + y, 0), 0), 0);
    return {
        scenario: scenario.name,
        topologies: scenario.topologies.length,
        events,
        eventsPerSecond: Math.round(events / wallSeconds),
        simulatedRequestsPerSecond: Math.round(requests / wallSeconds),
        wallSeconds: Math.round(wallSeconds * 100) / 100,
        peakRssMb: peakRssMb(),
    };
}
/** The scenario's first topology alone (one server holding every key), with `keys` keys: the process's peak RSS is that keyspace's cost plus the run's fixed overheads. */
export function benchKeyspace(file, keys) {
    const started = performance.now();
    const result = benchScenario(file, [`workload.keys=${keys}`, 'duration=2s', 'warmup=1s', 'drain=1s'], 1);
    return { keys, ...result, wallSeconds: Math.round((performance.now() - started) / 10) / 100 };
}
/** Runs the first topology for `untilS` of virtual time at a modest rate, sampling memory on the way. */
export function benchMemoryOverTime(file, checkpointsS) {
    const untilS = Math.max(...checkpointsS);
    const { scenario } = loadScenario(file, [`duration=${untilS}s`, 'warmup=1s', 'drain=1s', 'workload.arrival.rate=20000/s']);
    const run = buildRun(scenario, 0, scenario.seed);
    run.start();
    return checkpointsS.map((s) => {
        run.engine.run({ untilNs: s * 1e9 });
        const m = process.memoryUsage();
        return { virtualSeconds: s, events: run.engine.eventCount, rssMb: Math.round(m.rss / MB), heapUsedMb: Math.round(m.heapUsed / MB) };
    });
}
//# sourceMappingURL=scenario-bench.js.map