// timeseries.csv: one row per topology × replication × time bucket, the whole run (warmup and
// drain included); empty cells where a bucket has no value (no reads, no origin query…).
// Quoting by csv-stringify.

import { stringify } from 'csv-stringify/sync';
import type { ScenarioResults } from '../experiment/run-scenario.js';
import type { TimeSeries } from './collect/time-series.js';

const COLUMNS: [header: string, metric: keyof Omit<TimeSeries, 'bucketS'>][] = [
  ['start_s', 'startS'], ['issued', 'issued'], ['ok', 'ok'], ['errors', 'errors'], ['reads', 'reads'], ['hits', 'hits'],
  ['hit_ratio', 'hitRatio'], ['stale_reads', 'stale'], ['latency_p50_ms', 'latencyP50Ms'], ['latency_p99_ms', 'latencyP99Ms'],
  ['origin_queries', 'originQueries'], ['origin_queries_per_s', 'originQueriesPerS'], ['origin_latency_mean_ms', 'originLatencyMeanMs'],
  ['origin_latency_p99_ms', 'originLatencyP99Ms'], ['origin_wait_mean_ms', 'originWaitMeanMs'],
];

export const TIME_SERIES_HEADER = ['topology', 'replication', ...COLUMNS.map(([header]) => header)];

/** The rows of timeseries.csv for one scenario's results (no header). */
export function timeSeriesRows(results: ScenarioResults): (string | number)[][] {
  return results.topologies.flatMap((t) => t.replications.flatMap((r) => {
    const ts = r.stats.timeSeries;
    return ts.startS.map((_, b) => [t.name, r.replication, ...COLUMNS.map(([, metric]) => ts[metric][b] ?? '')]);
  }));
}

export function timeSeriesCsv(results: ScenarioResults): string {
  return stringify([TIME_SERIES_HEADER, ...timeSeriesRows(results)]);
}
