// Runs every topology × replication of a scenario and gathers the results. Each run is a pure
// function of (scenario, topology, replication seed): no wall clock enters the results.
import { replicationSeed } from '../sim/random/rng.js';
import { buildRun } from './build-run.js';
import { RunBudgetError } from './run-budget.js';
import { scenarioHeader } from './results.js';
const SLICES_PER_RUN = 50;
export function runScenario(scenario, options = {}) {
    const runs = scenario.topologies.length * scenario.replications;
    let finished = 0;
    let events = 0;
    const byReplication = Array.from({ length: scenario.replications }, (_, r) => runReplication(scenario, r, (done, runEvents) => {
        options.onProgress?.({ fraction: (finished + done) / runs, events: events + runEvents });
        if (done === 1) {
            finished++;
            events += runEvents;
        }
    }, options.maxEvents));
    return {
        events,
        results: {
            ...scenarioHeader(scenario),
            topologies: scenario.topologies.map((topology, t) => ({
                name: topology.name, kind: topology.kind, replications: byReplication.map((reps) => reps[t].replications[0]),
            })),
        },
    };
}
/**
 * Replication `r` of the topologies at indexes `which` (default: all), seed derived from the root seed
 * and r: one TopologyResult with one replication per topology. `onSlice(fraction of this run done,
 * events of this run)` reports progress.
 */
export function runReplication(scenario, r, onSlice = () => { }, maxEvents = Infinity, which = scenario.topologies.map((_, t) => t)) {
    const seed = replicationSeed(scenario.seed, r);
    return which.map((t) => {
        const topology = scenario.topologies[t];
        const which = `topology ${topology.name}, replication ${r} (seed ${seed})`;
        try {
            const run = buildRun(scenario, t, seed);
            run.start();
            for (let slice = 1; slice <= SLICES_PER_RUN; slice++) {
                const untilNs = (run.endNs * slice) / SLICES_PER_RUN;
                run.engine.run({ untilNs, untilEvents: maxEvents });
                if (run.engine.eventCount >= maxEvents && run.engine.now < Math.floor(untilNs)) {
                    throw new RunBudgetError(`${which} reached --max-events ${maxEvents.toExponential(1).replace('e+', 'e')} at ${(run.engine.now / 1e9).toFixed(3)} s of ${(run.endNs / 1e9).toFixed(3)} s virtual: raise --max-events, or shorten the run`);
                }
                onSlice(slice / SLICES_PER_RUN, run.engine.eventCount);
            }
            return {
                name: topology.name,
                kind: topology.kind,
                replications: [{ replication: r, seed, events: run.engine.eventCount, nodes: run.nodes, stats: run.collectors.result() }],
            };
        }
        catch (error) {
            if (error instanceof RunBudgetError)
                throw error;
            throw new Error(`${which}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, { cause: error });
        }
    });
}
//# sourceMappingURL=run-scenario.js.map