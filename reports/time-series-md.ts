// The time-series section of report.md, kept short: per topology the extreme buckets (peak origin
// load and latency, lowest hit ratio, peak request p99) with their times, among the buckets that
// start while requests are issued (the drain holds only stragglers), and origin load and hit
// ratio over the run in at most MAX_ROWS rows (adjacent buckets merged). Replications are merged per
// bucket: counts added, percentiles the highest of the replications. Every bucket is in timeseries.csv.

import { formatDurationNs } from './format-duration.js';
import type { ScenarioResults, TopologyResult } from '../experiment/results.js';
import type { TimeSeries } from '../experiment/collect/time-series.js';
import { markdownTable } from './markdown-table.js';

const MAX_ROWS = 12;

interface Merged {
  bucketS: number;
  startS: number[];
  originQueries: number[];
  reads: number[];
  hits: number[];
  originLatencyP99Ms: (number | null)[];
  latencyP99Ms: (number | null)[];
}

function merge(t: TopologyResult): Merged {
  const series = t.replications.map((r) => r.stats.timeSeries);
  const first = series[0]!;
  const add = (pick: (s: TimeSeries) => number[]) => first.startS.map((_, b) => series.reduce((a, s) => a + pick(s)[b]!, 0));
  const highest = (pick: (s: TimeSeries) => (number | null)[]) => first.startS.map((_, b) => series.reduce<number | null>((a, s) => {
    const v = pick(s)[b] ?? null;
    return v === null ? a : Math.max(a ?? v, v);
  }, null));
  return {
    bucketS: first.bucketS, startS: first.startS, originQueries: add((s) => s.originQueries), reads: add((s) => s.reads), hits: add((s) => s.hits),
    originLatencyP99Ms: highest((s) => s.originLatencyP99Ms), latencyP99Ms: highest((s) => s.latencyP99Ms),
  };
}

/** The bucket among the first `buckets` where `value` is extreme (the first of ties), or null if none has a value. */
function extreme(values: (number | null)[], buckets: number, better: (a: number, b: number) => boolean): { value: number; at: number } | null {
  let best: { value: number; at: number } | null = null;
  values.slice(0, buckets).forEach((v, b) => { if (v !== null && (best === null || better(v, best.value))) best = { value: v, at: b }; });
  return best;
}

const rate = (x: number): string => Math.round(x).toLocaleString('en-US');
const seconds = (x: number): string => String(Number(x.toFixed(3)));

export function timeSeriesSection(results: ScenarioResults, names: readonly string[]): string[] {
  const merged = results.topologies.map(merge);
  const reps = results.topologies[0]?.replications.length ?? 1;
  const bucketS = merged[0]?.bucketS ?? 0;
  const issuing = Math.ceil(results.resolved.duration / 1e9 / bucketS - 1e-9);
  const at = (m: Merged, e: { value: number; at: number } | null, show: (v: number) => string) => (e === null ? '–' : `${show(e.value)} at ${seconds(m.startS[e.at]!)} s`);
  const qps = (m: Merged) => m.originQueries.map((n) => n / bucketS / reps);
  const ratio = (m: Merged) => m.reads.map((n, b) => (n > 0 ? m.hits[b]! / n : null));
  const extremes = markdownTable(['metric', ...names], [
    ['peak origin queries (/s)', ...merged.map((m) => {
      const peak = extreme(qps(m), issuing, (a, b) => a > b);
      return peak?.value === 0 ? '0' : at(m, peak, rate);
    })],
    ['peak origin p99 latency', ...merged.map((m) => at(m, extreme(m.originLatencyP99Ms, issuing, (a, b) => a > b), (v) => formatDurationNs(v * 1e6)))],
    ['lowest hit ratio', ...merged.map((m) => at(m, extreme(ratio(m), issuing, (a, b) => a < b), (v) => `${Number((100 * v).toPrecision(3))} %`))],
    ['peak request p99 latency', ...merged.map((m) => at(m, extreme(m.latencyP99Ms, issuing, (a, b) => a > b), (v) => formatDurationNs(v * 1e6)))],
  ]);
  const buckets = merged[0]?.startS.length ?? 0;
  const group = Math.max(1, Math.ceil(buckets / MAX_ROWS));
  const rows: string[][] = [];
  for (let from = 0; from < buckets; from += group) {
    const to = Math.min(buckets, from + group);
    const sum = (a: number[]) => a.slice(from, to).reduce((x, y) => x + y, 0);
    rows.push([`${seconds(from * bucketS)}–${seconds(to * bucketS)}`, ...merged.map((m) => {
      const reads = sum(m.reads);
      return `${rate(sum(m.originQueries) / ((to - from) * bucketS * reps))} · ${reads > 0 ? `${(100 * sum(m.hits) / reads).toFixed(1)} %` : '–'}`;
    })]);
  }
  return [
    '## Time series',
    `The whole run (warmup and drain included) in buckets of ${seconds(bucketS)} s; every bucket of every replication is in timeseries.csv. ` +
      'Requests count when they finish, origin queries when they reach the origin; percentiles are the highest of the replications. ' +
      `Extremes among the buckets before ${seconds(results.resolved.duration / 1e9)} s (while requests are issued):`,
    extremes,
    'Origin queries per second · application hit ratio, over time (s):',
    markdownTable(['time (s)', ...names], rows),
  ];
}
