// Two output folders side by side: every sweep metric of every topology (and sweep point) found in
// both, matched by name (and point label), with A, B, their difference and whether it exceeds the
// combined 95 % confidence interval, |mean A − mean B| > √(hw A² + hw B²), the half-widths coming
// from one value per replication (reports/sweep/sweep-summary.ts metricStats). With one replication on
// a side there is no interval and no verdict.

import { metricStats, type MetricStats } from '../sweep/sweep-summary.js';
import { SWEEP_METRICS } from '../sweep/sweep-metrics.js';
import { combinedHalfWidth } from '../stats/replication-interval.js';
import type { OutputFolder } from './output-folder.js';

export const NO_CI = 'no CI (1 replication)';

export interface MetricComparison {
  /** The sweep point's label ("path=value, …"); '' for runs. */
  point: string;
  topology: string;
  metric: string;
  unit: string;
  a: MetricStats;
  b: MetricStats;
  /** mean B − mean A, and relative to |mean A| in % (null when mean A is 0). */
  diff: number;
  diffPct: number | null;
  /** √(hw A² + hw B²), null without intervals. */
  combinedHalfWidth: number | null;
  verdict: 'significant' | 'within CI' | typeof NO_CI;
}

export interface Comparison {
  kind: 'run' | 'sweep';
  a: string;
  b: string;
  rows: MetricComparison[];
  /** "point / topology" (or "topology") present in one folder only. */
  onlyInA: string[];
  onlyInB: string[];
  /** Why the pairs may not be like for like: the scenarios' names, and topologies of one name but another kind. */
  mismatches: string[];
}

interface Side { key: string; point: string; topology: string; kind: string; metrics: Record<string, MetricStats> }

function sides(f: OutputFolder): Side[] {
  const side = (point: string, topology: string, kind: string, metrics: Record<string, MetricStats>): Side => ({
    key: point === '' ? topology : `${point} / ${topology}`, point, topology, kind, metrics,
  });
  if (f.kind === 'run') return f.results.topologies.map((t) => side('', t.name, t.kind, metricStats(t, f.results)));
  return f.summary.points.flatMap((p) => p.topologies.map((t) => side(p.label, t.name, t.kind, t.metrics)));
}

const scenarioOf = (f: OutputFolder): string => (f.kind === 'run' ? f.results.scenario.name : f.summary.scenario.name);

function compareMetric(side: Side, a: MetricStats, b: MetricStats, metric: string, unit: string): MetricComparison {
  const diff = b.mean - a.mean;
  const combined = combinedHalfWidth(a, b);
  return {
    point: side.point, topology: side.topology, metric, unit, a, b, diff,
    diffPct: a.mean === 0 ? null : (100 * diff) / Math.abs(a.mean),
    combinedHalfWidth: combined,
    verdict: combined === null ? NO_CI : Math.abs(diff) > combined ? 'significant' : 'within CI',
  };
}

/** Both folders must be of the same kind (checked by the caller). */
export function compareFolders(fa: OutputFolder, fb: OutputFolder): Comparison {
  const a = sides(fa);
  const b = new Map(sides(fb).map((s) => [s.key, s]));
  const rows: MetricComparison[] = [];
  for (const sa of a) {
    const sb = b.get(sa.key);
    if (!sb) continue;
    for (const m of SWEEP_METRICS) {
      const ma = sa.metrics[m.name];
      const mb = sb.metrics[m.name];
      if (ma && mb) rows.push(compareMetric(sa, ma, mb, m.name, m.unit));
    }
  }
  const keysA = new Set(a.map((s) => s.key));
  const kinds = new Map(a.flatMap((sa) => {
    const sb = b.get(sa.key);
    return sb && sb.kind !== sa.kind ? [[sa.topology, `topology ${sa.topology} is a ${sa.kind} in A and a ${sb.kind} in B`] as const] : [];
  }));
  const [nameA, nameB] = [scenarioOf(fa), scenarioOf(fb)];
  return {
    kind: fa.kind, a: fa.dir, b: fb.dir, rows,
    onlyInA: a.filter((s) => !b.has(s.key)).map((s) => s.key),
    onlyInB: [...b.keys()].filter((k) => !keysA.has(k)),
    mismatches: [...(nameA === nameB ? [] : [`A is scenario ${nameA}, B is scenario ${nameB}`]), ...kinds.values()],
  };
}
