// A sweep metric that some replications lack (a failover phase that never happened there) is the
// mean over the others, and says so: "(in 1 of 2)". It used to show that mean alone, biased low
// (the slowest cases, those that never got there, dropped without a word).

import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../experiment/load-scenario.js';
import { runScenario } from '../../experiment/run-scenario.js';
import { metricStats } from '../../reports/sweep/sweep-summary.js';
import { statsCell } from '../../reports/sweep/sweep-md.js';

describe('a sweep metric missing from some replications', () => {
  it('is the mean of the replications that have it, marked (in n of N)', () => {
    const { scenario } = loadScenario('scenarios/sentinel-vs-cluster-failover.yaml', ['duration=30s']);
    const { results } = runScenario({ ...scenario, topologies: scenario.topologies.filter((t) => t.name === 'cluster') });
    const t = results.topologies[0]!;
    const [promoted] = t.replications;
    const never = structuredClone(promoted!);
    never.stats.events = never.stats.events.filter((e) => e.kind !== 'promoted');
    const both = metricStats({ ...t, replications: [promoted!, never] }, results);
    const once = metricStats({ ...t, replications: [promoted!] }, results);
    expect(both.failover_promoted).toMatchObject({ n: 1, missing: 1, mean: once.failover_promoted!.mean });
    expect(statsCell(both.failover_promoted)).toBe(`${statsCell(once.failover_promoted)} (in 1 of 2)`);
    expect(both.p99).toMatchObject({ n: 2, missing: 0 });
    expect(statsCell(both.p99)).not.toMatch(/ of /);
  });
});
