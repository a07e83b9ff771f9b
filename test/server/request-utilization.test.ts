// A server's utilization over client requests (its commands' work and the writes of their output) is
// part of its thread's busy time, never more: replies that leave on one connection in one event-loop
// iteration share one write (a proxy's backend connection carries many clients' requests), so a
// command is not charged a write of its own.

import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../experiment/load-scenario.js';
import { runScenario } from '../../experiment/run-scenario.js';
import { hasHotServer, summarize } from '../../reports/summarize.js';

describe('request utilization of a server', () => {
  it('stays within its thread\'s busy share behind a proxy, whose backend connections carry several replies a write', () => {
    const { scenario } = loadScenario('scenarios/clustering-tax.yaml', ['duration=1.5s', 'warmup=0.5s', 'drain=0.2s']);
    const proxy = { ...scenario, topologies: scenario.topologies.filter((t) => t.kind === 'proxy') };
    const [summary] = summarize(runScenario(proxy).results);
    const thread = summary!.busiestResources.find((r) => r.kind === 'server-cpu')!;
    expect(summary!.busiestServerUtilization).toBeGreaterThan(0.5 * thread.share);
    expect(summary!.busiestServerUtilization).toBeLessThanOrEqual(thread.share);
  });

  it('names no server of a one-server topology hotter than the mean over replications (the busiest figure is each server\'s mean, not the busiest replication\'s)', () => {
    const { scenario } = loadScenario('scenarios/mm1.yaml', ['duration=1.5s', 'warmup=0.5s', 'drain=0.1s', 'replications=3']);
    const [summary] = summarize(runScenario(scenario).results);
    expect(summary!.busiestServerUtilization).toBeCloseTo(summary!.serverUtilization, 9);
    expect(hasHotServer(summary!)).toBe(false);
  });
});
