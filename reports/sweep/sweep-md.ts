// A sweep's report.md: the verdict (sweep-verdict.ts), what was swept, then one table per metric with the points as rows and the
// topologies as columns, each cell "mean ± 95 % CI half-width" over replications; a cell whose
// half-width exceeds 10 % of its mean is marked, and the failed runs are listed with their seeds.

import { markdownProse, markdownTable, markdownText } from '../markdown-table.js';
import { SWEEP_METRICS } from './sweep-metrics.js';
import { sweepVerdict } from './sweep-verdict.js';
import { verdictHeading } from '../verdict.js';
import type { MetricStats, SweepSummary } from './sweep-summary.js';

const WIDE = '†';

/** Four significant digits (whole numbers above 1,000), with thousands separators. */
export function fmt(x: number): string {
  if (x === 0 || Math.abs(x) >= 1000) return Math.round(x).toLocaleString('en-US');
  return x.toLocaleString('en-US', { maximumSignificantDigits: 4 });
}

/** "mean ± half-width" (with † when wide), the mean alone without an interval, – when absent; "(in n of N)" when some replications had no value. */
export function statsCell(st: MetricStats | undefined): string {
  if (!st) return '–';
  const some = st.missing > 0 ? ` (in ${st.n} of ${st.n + st.missing})` : '';
  if (st.halfWidth === null) return `${fmt(st.mean)}${some}`;
  return `${fmt(st.mean)} ± ${fmt(st.halfWidth)}${st.wide ? ` ${WIDE}` : ''}${some}`;
}

export function sweepMarkdown(s: SweepSummary, plots: readonly { metric: string; file: string }[] = [], closedLoop = false): string {
  const topologies = s.points[0]?.topologies.map((t) => `${markdownText(t.name)} (${t.kind})`) ?? [];
  const axes = s.axes.map((a) => `\`${a.path}\` ∈ {${a.values.join(', ')}}`).join(' × ');
  const parts = [
    `# ${s.scenario.name}: sweep`,
    markdownProse(s.scenario.description),
    [verdictHeading(s.replications), ...sweepVerdict(s, closedLoop)].join('\n'),
    `Seed ${s.seed} · scenario hash \`${s.scenario.hash}\` · ${s.points.length} point(s) (${axes}) × ${s.replications} replication(s), ` +
      'the same random numbers at every point (replication r uses the same seed everywhere).',
    `Each cell: mean over replications ± half-width of its 95 % confidence interval (Student t). ${WIDE}: the half-width exceeds 10 % of the mean; more replications would tighten it. (in n of N): only n of the N replications had a value (a failover phase the others never reached); the mean is over those n.`,
  ];
  for (const m of SWEEP_METRICS) {
    if (!s.points.some((p) => p.topologies.some((t) => t.metrics[m.name]))) continue;
    const plot = plots.find((p) => p.metric === m.name);
    parts.push(`## ${m.label} (${m.unit})`);
    if (plot) parts.push(`![${markdownText(`${m.label} vs ${s.axes[0]!.path}`)}](${plot.file})`);
    parts.push(markdownTable(['point', ...topologies], s.points.map((p) => [markdownText(p.label), ...p.topologies.map((t) => statsCell(t.metrics[m.name]))])));
  }
  if (s.failed.length > 0) {
    parts.push('## Failed runs', markdownTable(['point', 'replication', 'seed', 'error'],
      s.failed.map((f) => [markdownText(f.label), String(f.replication), String(f.seed), markdownText(f.error)])));
  }
  return `${parts.filter((p) => p !== '').join('\n\n')}\n`;
}
