// The plots `cachetopo sweep` writes: one sweep-<metric>.svg per metric that has values, x the first
// axis (here an arrival rate, placed by value in /s), one series per topology and value of the second
// axis (same color, own dash), a 95 % CI band per series, embedded in the sweep's report.md.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../experiment/load-scenario.js';
import { scenarioHeader } from '../../experiment/results.js';
import { runSweep, type SweepOutcome } from '../../experiment/sweep/run-sweep.js';
import { parseVary, sweepPlan } from '../../experiment/sweep/sweep-plan.js';
import { topologyColor } from '../../reports/plots/palette.js';
import { SWEEP_METRICS } from '../../reports/sweep/sweep-metrics.js';
import { summarizePoint, type SweepSummary } from '../../reports/sweep/sweep-summary.js';
import { writeSweepOutputs } from '../../reports/sweep/write-sweep.js';
import { sweepXAxis } from '../../reports/plots/sweep-axis.js';
import { checkPlot } from '../support/svg-check.js';
import { tempDir } from '../support/temp-dir.js';

const FILE = 'scenarios/single-node.yaml';
const BASE = ['duration=1500ms', 'warmup=500ms', 'drain=500ms', 'workload.keys=50_000', 'topologies.single-lru-half.server.maxmemory=30MB'];
const AXES = ['workload.arrival.rate=10000/s,20000/s', 'topologies.single-lru-half.server.maxmemoryPolicy=allkeys-lru,allkeys-random'];

describe('plots of a sweep over two axes', () => {
  let dir: string;
  let summary: SweepSummary;
  beforeAll(async () => {
    dir = tempDir();
    const plan = sweepPlan(readFileSync(FILE, 'utf8'), BASE, AXES.map(parseVary), 2);
    const outcome: SweepOutcome = await runSweep({ file: FILE, baseSets: BASE, plan, dir, rootSeed: 1, threads: 0, signal: new AbortController().signal });
    const scenario = loadScenario(FILE, BASE).scenario;
    summary = {
      scenario: scenarioHeader(scenario).scenario, seed: scenario.seed, replications: plan.replications, axes: plan.axes,
      points: outcome.points.map(({ point, results }) => summarizePoint(point, results)), failed: [],
    };
    writeSweepOutputs(dir, summary, outcome.points.map((p) => p.results));
  });

  it('writes one SVG per metric that has values, embedded in report.md', () => {
    const withValues = SWEEP_METRICS.filter((m) => summary.points.some((p) => p.topologies.some((t) => t.metrics[m.name])));
    const svgs = readdirSync(dir).filter((f) => f.endsWith('.svg')).sort();
    expect(svgs).toEqual(withValues.map((m) => `sweep-${m.name}.svg`).sort());
    expect(svgs).toContain('sweep-p99.9.svg');
    const report = readFileSync(join(dir, 'report.md'), 'utf8');
    for (const f of svgs) expect(report).toContain(`](${f})`);
  });

  it('draws every metric against the rate in /s, a line and a CI band per topology and policy, each named in the legend', () => {
    const series = ['single (single)', 'single-lru-half (single)'].flatMap((t) => ['allkeys-lru', 'allkeys-random']
      .map((v) => `${t} · topologies.single-lru-half.server.maxmemoryPolicy=${v}`));
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.svg'))) {
      const m = SWEEP_METRICS.find((x) => `sweep-${x.name}.svg` === f)!;
      const present = [0, 1].filter((ti) => summary.points.some((p) => p.topologies[ti]!.metrics[m.name]));
      // The last topology's lines are drawn on top: its color shows even where another's values are equal.
      const p = checkPlot(readFileSync(join(dir, f), 'utf8'), f, [...series.filter((_, i) => present.includes(i >> 1)), '95 % CI'],
        [topologyColor(present[present.length - 1]!)]);
      expect(p.axisLabels).toEqual(['workload.arrival.rate (/s)', `${m.label} (${m.unit})`]);
      expect(p.elements.get('path')!.filter((a) => a.class === 'series')).toHaveLength(2 * present.length);
      expect(p.elements.get('path')!.filter((a) => a.class === 'band')).toHaveLength(2 * present.length);
      expect(p.elements.get('circle')).toHaveLength(4 * present.length);
    }
  });
});

describe('the x axis of a sweep plot', () => {
  it('labels its ticks with the swept values in full, on a log scale when they span 20× or more', () => {
    const axis = sweepXAxis({ path: 'topologies.cluster.slots', values: ['4096', '16384', '65536'] });
    expect(axis.spec.ticks!.map((t) => t.label)).toEqual(['4,096', '16,384', '65,536']);
    expect(axis.spec.scale).toBe('linear');
    expect(sweepXAxis({ path: 'workload.keys', values: ['1000', '100000'] }).spec.scale).toBe('log');
  });
});
