// timeseries.csv: one row per topology × replication × time bucket, the whole run (warmup and
// drain included); empty cells where a bucket has no value (no reads, no origin query…).
// Quoting and formula-safe cells: csv-text.ts.

import { csvText } from './csv-text.js';
import type { ScenarioResults } from '../experiment/run-scenario.js';
import type { TimeSeries } from './collect/time-series.js';

const COLUMNS: [header: string, metric: keyof Omit<TimeSeries, 'bucketS'>][] = [
  ['start_s', 'startS'], ['issued', 'issued'], ['ok', 'ok'], ['errors', 'errors'], ['reads', 'reads'], ['hits', 'hits'],
  ['hit_ratio', 'hitRatio'], ['stale_reads', 'stale'], ['latency_p50_ms', 'latencyP50Ms'], ['latency_p99_ms', 'latencyP99Ms'],
  ['origin_queries', 'originQueries'], ['origin_queries_per_s', 'originQueriesPerS'], ['origin_latency_mean_ms', 'originLatencyMeanMs'],
  ['origin_latency_p99_ms', 'originLatencyP99Ms'], ['origin_wait_mean_ms', 'originWaitMeanMs'], ['bus_bytes', 'busBytes'],
];

export const TIME_SERIES_HEADER = ['topology', 'replication', ...COLUMNS.map(([header]) => header), 'events'];

/** The rows of timeseries.csv for one scenario's results (no header); `events` lists the faults and cluster events of each bucket. */
export function timeSeriesRows(results: ScenarioResults): (string | number)[][] {
  return results.topologies.flatMap((t) => t.replications.flatMap((r) => {
    const ts = r.stats.timeSeries;
    const bucketNs = ts.bucketS * 1e9;
    const events = ts.startS.map(() => [] as string[]);
    for (const e of r.stats.events) events[Math.min(events.length - 1, Math.floor(e.timeNs / bucketNs))]!.push(e.node === e.target ? `${e.kind} ${e.node}` : `${e.kind} ${e.node}→${e.target}`);
    return ts.startS.map((_, b) => [t.name, r.replication, ...COLUMNS.map(([, metric]) => ts[metric][b] ?? ''), events[b]!.join('; ')]);
  }));
}

export function timeSeriesCsv(results: ScenarioResults): string {
  return csvText([TIME_SERIES_HEADER, ...timeSeriesRows(results)]);
}
