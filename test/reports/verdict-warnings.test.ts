// The verdict's warnings, each on a run made to need it: an open loop beyond the server's capacity
// (overload), a p99.9 resting on few requests, a reshard that moved no slot.

import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../experiment/load-scenario.js';
import { runScenario } from '../../experiment/run-scenario.js';
import { summarize } from '../../reports/summarize.js';
import { runVerdict } from '../../reports/verdict.js';
import type { ScenarioResults } from '../../experiment/results.js';

const verdictOf = (results: ScenarioResults) => runVerdict(results, summarize(results)).join('\n');

describe('verdict warnings', () => {
  it('warns of overload when an open loop leaves requests unfinished, and of a thin p99.9', () => {
    const over = runScenario(loadScenario('scenarios/mm1.yaml', ['duration=2s', 'warmup=1s', 'drain=0.1s', 'workload.arrival.rate=150000/s']).scenario).results;
    expect(verdictOf(over)).toMatch(/⚠ Overload: the open loop left requests unfinished at the end in \*\*mm1\*\* \(\d/);
    const thin = runScenario(loadScenario('scenarios/mm1.yaml', ['duration=1.5s', 'warmup=1s', 'drain=0.1s', 'workload.arrival.rate=1000/s']).scenario).results;
    expect(verdictOf(thin)).toMatch(/⚠ p99\.9 rests on fewer than 1,000 requests for GET in \*\*mm1\*\* \(\d+\)/);
    expect(verdictOf(thin)).not.toMatch(/Overload/);
  });

  it('warns when a reshard moved no slot, and not when it did', () => {
    const { results } = runScenario(loadScenario('scenarios/reshard.yaml', ['duration=12s', 'drain=1s']).scenario);
    expect(verdictOf(results)).not.toMatch(/moved no slot/);
    const none = structuredClone(results);
    none.topologies[0]!.replications[0]!.stats.migration.slots = 0;
    expect(verdictOf(none)).toMatch(/⚠ A reshard or rebalance of \*\*cluster\*\* moved no slot/);
  });
});
