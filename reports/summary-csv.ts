// summary.csv: tidy data, one row per topology × op × metric, with its unit, ready for pandas, R or
// a spreadsheet. Quoting and formula-safe cells: csv-text.ts.

import { csvText } from './csv-text.js';
import { hasHotServer, PERCENTILES, type TopologySummary } from './summarize.js';

type Row = [topology: string, op: string, metric: string, value: number, unit: string];

function rowsOf(t: TopologySummary): Row[] {
  const rows: Row[] = [];
  for (const o of [...t.ops, t.all]) {
    rows.push([t.name, o.op, 'count', o.count, 'requests']);
    rows.push([t.name, o.op, 'throughput', round(o.throughputPerS), 'requests/s']);
    rows.push([t.name, o.op, 'min', o.minMs, 'ms']);
    rows.push([t.name, o.op, 'mean', o.meanMs, 'ms']);
    PERCENTILES.forEach((p) => rows.push([t.name, o.op, `p${p}`, o.percentilesMs[`p${p}`], 'ms']));
    rows.push([t.name, o.op, 'max', o.maxMs, 'ms']);
    for (const [kind, n] of Object.entries(o.errors)) rows.push([t.name, o.op, `errors.${kind}`, n, 'requests']);
  }
  if (t.hitRatio !== null) rows.push([t.name, 'all', 'hit_ratio', round(t.hitRatio, 6), 'fraction']);
  rows.push([t.name, 'all', 'stale_reads', t.staleReads, 'keys']);
  if (t.serverHitRatio !== null) rows.push([t.name, 'all', 'server_hit_ratio', round(t.serverHitRatio, 6), 'fraction']);
  rows.push([t.name, 'all', 'server_utilization', round(t.serverUtilization, 6), 'fraction']);
  if (hasHotServer(t)) rows.push([t.name, 'all', 'busiest_server_utilization', round(t.busiestServerUtilization, 6), 'fraction']);
  rows.push([t.name, 'all', 'evictions', t.evictions, 'keys']);
  for (const [kind, n] of Object.entries(t.redirects)) rows.push([t.name, 'all', `redirects.${kind}`, n, 'redirections']);
  for (const w of t.wire) {
    rows.push([t.name, 'all', `wire.${w.purpose}.bytes_per_s`, round(w.bytesPerS), 'bytes/s']);
    rows.push([t.name, 'all', `wire.${w.purpose}.share`, round(w.share, 6), 'fraction']);
  }
  if (t.busMessagesPerNodePerS > 0) {
    rows.push([t.name, 'all', 'bus.messages_per_node_per_s', round(t.busMessagesPerNodePerS), 'messages/s']);
    rows.push([t.name, 'all', 'bus.bytes_per_node_per_s', round(t.busBytesPerNodePerS), 'bytes/s']);
  }
  for (const p of t.failoverPhases) {
    if (p.meanS !== null) rows.push([t.name, 'all', `failover.${p.phase}.mean`, round(p.meanS), 's']);
  }
  if (t.migration.slots > 0) {
    rows.push([t.name, 'all', 'migration.slots', t.migration.slots, 'slots']);
    rows.push([t.name, 'all', 'migration.keys', t.migration.keys, 'keys']);
    rows.push([t.name, 'all', 'migration.duration', round(t.migration.durationS), 's']);
  }
  if (t.l1) {
    rows.push([t.name, 'all', 'l1.hit_ratio', round(t.l1.hitRatio, 6), 'fraction']);
    rows.push([t.name, 'all', 'l1.held_bytes', round(t.l1.bytes), 'bytes']);
    rows.push([t.name, 'all', 'l1.stale_reads', t.l1.staleness.count, 'keys']);
    rows.push([t.name, 'all', 'l1.staleness.p99', t.l1.staleness.percentilesMs.p99, 'ms']);
    rows.push([t.name, 'all', 'l1.invalidations', t.l1.invalidations, 'entries']);
    rows.push([t.name, 'all', 'l1.flushes', t.l1.flushes, 'flushes']);
    rows.push([t.name, 'all', 'l1.invalidation_delay.p99', t.l1.invalidationDelay.percentilesMs.p99, 'ms']);
  }
  if (t.lostWrites > 0) rows.push([t.name, 'all', 'lost_writes', t.lostWrites, 'writes']);
  rows.push([t.name, 'all', 'origin.queries_per_s', round(t.origin.queriesPerS), 'queries/s']);
  // No query, no latency: the rows are absent rather than 0 ms.
  if (t.origin.latency.count > 0) {
    rows.push([t.name, 'all', 'origin.mean_latency', t.origin.latency.meanMs, 'ms']);
    rows.push([t.name, 'all', 'origin.p99_latency', t.origin.latency.percentilesMs.p99, 'ms']);
  }
  return rows;
}

function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function summaryCsv(summaries: readonly TopologySummary[]): string {
  return csvText([['topology', 'op', 'metric', 'value', 'unit'], ...summaries.flatMap(rowsOf)]);
}
