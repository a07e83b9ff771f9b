// The results of running a scenario, as every report reads them and results.json holds them: per
// topology, per replication, the run's collected statistics, with the header that identifies the
// scenario. Its own module, so reports depend on the results and not on the code that runs them.
import { scenarioHash } from './scenario-hash.js';
/** 2: per-server, per-host and resource accounting, latency intervals (format 1 lacks them; both are read). */
export const RESULTS_FORMAT = 2;
/** What identifies a scenario's results, whatever runs they hold. */
export function scenarioHeader(scenario) {
    return {
        format: RESULTS_FORMAT,
        scenario: { name: scenario.name, description: scenario.description, hash: scenarioHash(scenario) },
        seed: scenario.seed,
        loop: scenario.workload.arrival.kind,
        resolved: scenario,
    };
}
//# sourceMappingURL=results.js.map