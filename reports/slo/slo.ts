// Service-level objectives (parsed by models/scenario/slo-params.ts) measured and judged: each is
// measured on one replication's collected statistics; over replications the SLO holds when it holds at the
// pessimistic end of the 95 % confidence interval of the mean (with one replication: the value).
// Latency percentiles count every request of the op (all workload ops when none is named): a
// request that failed or had not finished when the run ended is slower than any bound, so p99 is
// infinite when more than 1 % of the requests failed.

import type { CollectedStats, OpStats } from '../../experiment/collect/run-collectors.js';
import { decodeHistogram } from '../../experiment/collect/latency-histogram.js';
import { replicationInterval } from '../stats/replication-interval.js';
import { formatDurationNs } from '../format-duration.js';
import { WORKLOAD_OPS, type Slo } from '../../models/scenario/slo-params.js';

export interface SloVerdict {
  slo: Slo;
  /** Mean over replications and the 95 % half-width (null with one replication). */
  mean: number;
  halfWidth: number | null;
  /** The value judged: mean + half-width, or the value with one replication. */
  pessimistic: number;
  holds: boolean;
}

function opsOf(stats: CollectedStats, op: string | null): OpStats[] {
  const names = op === null ? WORKLOAD_OPS : [op];
  return names.map((name) => stats.ops[name]).filter((s): s is OpStats => s !== undefined);
}

const failures = (s: OpStats): number => Object.values(s.errors).reduce((a, b) => a + b, 0);

/** The SLO's metric in one replication, in the unit of its bound (latency: ns, Infinity when failures reach the percentile). */
export function sloValue(slo: Slo, stats: CollectedStats): number {
  if (slo.metric === 'lost-writes') return stats.lostWrites;
  const ops = opsOf(stats, slo.op);
  if (slo.metric === 'stale-reads') {
    const reads = ops.reduce((a, s) => a + s.reads, 0);
    return reads === 0 ? 0 : ops.reduce((a, s) => a + s.stale, 0) / reads;
  }
  const ok = ops.reduce((a, s) => a + s.ok, 0);
  const failed = ops.reduce((a, s) => a + failures(s) + (s.unfinished ?? 0), 0);
  const total = ok + failed;
  if (total === 0) return 0;
  if (slo.metric === 'errors') return failed / total;
  const rank = Math.ceil((slo.percentile / 100) * total);
  if (rank > ok) return Infinity;
  const histogram = decodeHistogram(ops[0]!.latency);
  for (const s of ops.slice(1)) histogram.add(decodeHistogram(s.latency));
  return histogram.getValueAtPercentile((100 * rank) / ok);
}

/** Whether the SLO holds over these replications (see the file's header). */
export function judgeSlo(slo: Slo, replications: readonly CollectedStats[]): SloVerdict {
  const values = replications.map((s) => sloValue(slo, s));
  if (values.some((v) => v === Infinity)) return { slo, mean: Infinity, halfWidth: null, pessimistic: Infinity, holds: false };
  const i = replicationInterval(values);
  const pessimistic = i.mean + (i.halfWidth ?? 0);
  return { slo, mean: i.mean, halfWidth: i.halfWidth, pessimistic, holds: pessimistic <= slo.bound };
}

/** Whether every SLO holds over these replications. */
export function meetsSlos(slos: readonly Slo[], replications: readonly CollectedStats[]): boolean {
  return slos.every((slo) => judgeSlo(slo, replications).holds);
}

/** An SLO's judged value for a person: a latency in its unit (∞ when failures reach the percentile), a share in %, lost writes as a count. */
export function sloValueText(v: SloVerdict): string {
  const x = v.pessimistic;
  if (v.slo.metric === 'latency') return x === Infinity ? `∞ (over ${Number((100 - v.slo.percentile).toPrecision(3))} % failed)` : formatDurationNs(x);
  if (v.slo.metric === 'lost-writes') return x.toLocaleString('en-US', { maximumFractionDigits: 1 });
  return `${Number((100 * x).toPrecision(3))} %`;
}
