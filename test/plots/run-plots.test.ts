// The plots `cachetopo run` writes (format svg), on a run with faults: a Sentinel set-up and a Redis
// Cluster whose primaries hang at 20 s, the cluster renamed "cluster+l1" to exercise file names.
// Every SVG is well-formed, has axis titles with units and a legend naming its topologies, renders
// to PNG with each topology's color drawn, and report.md links each file.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../experiment/load-scenario.js';
import { runScenario } from '../../experiment/run-scenario.js';
import { type ScenarioResults } from '../../experiment/results.js';
import { faultMarkers } from '../../reports/plots/fault-time-series.js';
import { topologyColor } from '../../reports/plots/palette.js';
import { runPlots } from '../../reports/plots/run-plots.js';
import { writeOutputs } from '../../reports/write-outputs.js';
import { checkPlot } from '../support/svg-check.js';
import { tempDir } from '../support/temp-dir.js';

const SETS = [
  'duration=30s', 'topologies.cluster.name=cluster+l1',
  'faults=[{at: 20s, pause: sentinel/primary}, {at: 20s, pause: cluster+l1/primary-0}]',
];
const PERF = { wallSeconds: 1, events: 1, eventsPerSecond: 1, peakRssBytes: 1 };

describe('plots of a run with faults', () => {
  let results: ScenarioResults;
  let dir: string;
  beforeAll(() => {
    results = runScenario(loadScenario('scenarios/sentinel-vs-cluster-failover.yaml', SETS).scenario).results;
    dir = tempDir();
    writeOutputs(dir, results, ['md', 'svg'], PERF);
  });

  it('writes the latency spectrum and one time series per topology with events, with safe names, and report.md links them', () => {
    const svgs = readdirSync(dir).filter((f) => f.endsWith('.svg')).sort();
    expect(svgs).toEqual(['latency-spectrum.svg', 'timeseries-cluster_l1.svg', 'timeseries-sentinel.svg']);
    const report = readFileSync(join(dir, 'report.md'), 'utf8');
    for (const f of svgs) expect(report).toContain(`](${f})`);
    expect(report.indexOf('## Plots')).toBeGreaterThan(report.indexOf('## All requests'));
  });

  it('draws the latency spectrum with percentile and latency axes and one line per topology', () => {
    const p = checkPlot(readFileSync(join(dir, 'latency-spectrum.svg'), 'utf8'), 'spectrum',
      ['sentinel (sentinel)', 'cluster+l1 (cluster)'], [topologyColor(0), topologyColor(1)]);
    expect(p.axisLabels).toEqual(['percentile (%, log scale of 1/(1 − p))', 'latency (ms, log scale)']);
    expect(p.elements.get('path')!.filter((a) => a.class === 'series')).toHaveLength(2);
  });

  it('draws each time series with time, latency and request-rate axes, the faults and the failover phases', () => {
    for (const [i, name, file] of [[0, 'sentinel', 'timeseries-sentinel.svg'], [1, 'cluster+l1', 'timeseries-cluster_l1.svg']] as const) {
      const p = checkPlot(readFileSync(join(dir, file), 'utf8'), file, [name, 'failed requests', 'fault', 'failover phase'], [topologyColor(i)]);
      expect([...p.axisLabels].sort()).toEqual([expect.stringMatching(/^request p99 \(ms/), 'requests (/s)', 'time (s)']);
      const labels = p.elements.get('text')!.filter((a) => a.class === 'marker-label').length;
      expect(labels).toBe(faultMarkers(results.topologies[i]!.replications[0]!.stats.events).length);
    }
  });

  it('marks the fault and the first of each failover phase the events show, at their times', () => {
    const sentinel = faultMarkers(results.topologies[0]!.replications[0]!.stats.events).map((m) => m.label);
    expect(sentinel).toEqual(['pause sentinel/primary', 'sdown', 'odown', 'election', 'promoted', 'switch-master', 'first-write']);
    const cluster = faultMarkers(results.topologies[1]!.replications[0]!.stats.events);
    expect(cluster.map((m) => m.label)).toEqual(['pause cluster+l1/primary-0', 'pfail', 'fail', 'election', 'promoted', 'first-write']);
    expect(cluster[0]!.x).toBe(20);
    expect(cluster.slice(1).every((m, i) => m.x >= cluster[i]!.x)).toBe(true);
  });

  it('gives the same bytes from the same results', () => {
    expect(runPlots(results)).toEqual(runPlots(JSON.parse(JSON.stringify(results)) as ScenarioResults));
  });
});
