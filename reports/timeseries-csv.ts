// timeseries.csv: one row per topology × replication × time bucket, the whole run (warmup and
// drain included); empty cells where a bucket has no value (no reads, no origin query…).
// Quoting and formula-safe cells: csv-text.ts.

import { csvText } from './csv-text.js';
import type { ScenarioResults } from '../experiment/results.js';
import type { TimeSeries } from '../experiment/collect/time-series.js';
import { OUTCOMES } from '../models/signals.js';

const COLUMNS: [header: string, metric: keyof Omit<TimeSeries, 'bucketS' | 'errorsByKind' | 'redirectsByKind'>][] = [
  ['start_s', 'startS'], ['issued', 'issued'], ['ok', 'ok'], ['errors', 'errors'], ['reads', 'reads'], ['hits', 'hits'],
  ['hit_ratio', 'hitRatio'], ['stale_reads', 'stale'], ['latency_p50_ms', 'latencyP50Ms'], ['latency_p99_ms', 'latencyP99Ms'],
  ['origin_queries', 'originQueries'], ['origin_queries_per_s', 'originQueriesPerS'], ['origin_latency_mean_ms', 'originLatencyMeanMs'],
  ['origin_latency_p99_ms', 'originLatencyP99Ms'], ['origin_wait_mean_ms', 'originWaitMeanMs'], ['bus_bytes', 'busBytes'], ['l1_hits', 'l1Hits'],
];

/** The columns of kinds: errors_<kind> and redirects_<kind> for the kinds that occurred in any run, in OUTCOMES order. */
export interface KindColumns {
  errors: string[];
  redirects: string[];
}

export function kindColumns(all: readonly ScenarioResults[]): KindColumns {
  const kinds = (of: (ts: TimeSeries) => Record<string, number[]> | undefined) => {
    const seen = new Set(all.flatMap((results) => results.topologies.flatMap((t) => t.replications.flatMap((r) => Object.keys(of(r.stats.timeSeries) ?? {})))));
    return OUTCOMES.filter((k) => seen.has(k));
  };
  return { errors: kinds((ts) => ts.errorsByKind), redirects: kinds((ts) => ts.redirectsByKind) };
}

/** The header of timeseries.csv: fixed columns, then the kind columns, then events. */
export function timeSeriesHeader(kinds: KindColumns): string[] {
  return ['topology', 'replication', ...COLUMNS.map(([header]) => header), ...kinds.errors.map((k) => `errors_${k}`), ...kinds.redirects.map((k) => `redirects_${k}`), 'events'];
}

/** The rows of timeseries.csv for one scenario's results (no header); `events` lists the faults and cluster events of each bucket. */
export function timeSeriesRows(results: ScenarioResults, kinds: KindColumns): (string | number)[][] {
  return results.topologies.flatMap((t) => t.replications.flatMap((r) => {
    const ts = r.stats.timeSeries;
    const bucketNs = ts.bucketS * 1e9;
    const events = ts.startS.map(() => [] as string[]);
    for (const e of r.stats.events) events[Math.min(events.length - 1, Math.floor(e.timeNs / bucketNs))]!.push(e.node === e.target ? `${e.kind} ${e.node}` : `${e.kind} ${e.node}→${e.target}`);
    return ts.startS.map((_, b) => [t.name, r.replication, ...COLUMNS.map(([, metric]) => ts[metric]?.[b] ?? ''),
      ...kinds.errors.map((k) => ts.errorsByKind?.[k]?.[b] ?? 0), ...kinds.redirects.map((k) => ts.redirectsByKind?.[k]?.[b] ?? 0), events[b]!.join('; ')]);
  }));
}

export function timeSeriesCsv(results: ScenarioResults): string {
  const kinds = kindColumns([results]);
  return csvText([timeSeriesHeader(kinds), ...timeSeriesRows(results, kinds)]);
}
