// What the verdict and the failover table say about recovery and staleness on runs made to need it:
// a cluster that never fails over is named (it used to be left out, the line then showing the other
// topology's value alone); a node that only restarts shows `back` and no failover phases;
// stale reads are measured behind a proxy whose ejected server returns with old data (they used to
// be 0 there: no ledger was kept without an L1).

import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../experiment/load-scenario.js';
import { runScenario } from '../../experiment/run-scenario.js';
import { summarize } from '../../reports/summarize.js';
import { runVerdict } from '../../reports/verdict.js';
import { reportMarkdown } from '../../reports/report-md.js';

describe('the verdict on recovery and staleness', () => {
  it('names a topology where no recovery was seen, and names the one that recovered', () => {
    const { results } = runScenario(loadScenario('scenarios/sentinel-vs-cluster-failover.yaml', ['topologies.cluster.nodeTimeout=30s']).scenario);
    const line = runVerdict(results, summarize(results)).find((l) => l.includes('Unavailability'));
    expect(line).toMatch(/^- \*\*Unavailability \(fault to first write\)\*\*: \*\*sentinel\*\* \d+\.?\d* s; none seen in \*\*cluster\*\* \(no failover, eject or return of the node within the run\)\.$/);
  });

  it('shows a single node\'s crash and restart as back alone, and counts it as the unavailability', () => {
    const { results } = runScenario(onlyNodeLoss());
    const md = reportMarkdown(results, summarize(results));
    const table = md.slice(md.indexOf('## Failovers'));
    expect(table).toMatch(/\| back \| 0\.500/);
    expect(table).not.toMatch(/\| (election|promoted|firstWrite) \|/);
    expect(runVerdict(results, summarize(results)).join('\n')).toMatch(/- \*\*Unavailability \(fault to the node back\)\*\*: 500 ms\./);
  });

  it('measures stale reads behind a proxy whose ejected server comes back with the values it held', () => {
    const { results } = runScenario(loadScenario('scenarios/sharded-failover.yaml', [
      'duration=30s', 'topologies=[{ name: proxy, kind: proxy, shards: 3, proxies: 2, proxy: { timeout: 500ms, autoEjectHosts: true, serverFailureLimit: 2, serverRetryTimeout: 5s } }]',
      'faults=[{ at: 10s, pause: proxy/shard-0, for: 2s }]',
    ]).scenario);
    const [proxy] = summarize(results);
    expect(proxy!.staleReadRatio).toBeGreaterThan(0.001);
  });
});

function onlyNodeLoss() {
  const { scenario } = loadScenario('scenarios/origin-stampede.yaml');
  return { ...scenario, topologies: scenario.topologies.filter((t) => t.name === 'node-loss') };
}
