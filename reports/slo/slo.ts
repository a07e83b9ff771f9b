// Service-level objectives, as `capacity --slo` takes them: `[op:]metric<=bound`, e.g. `p99<=1ms`,
// `get:p99.9<=5ms`, `errors<=0.1%`, `stale-reads<=0`, `lost-writes<=0`. Each is measured on one
// replication's collected statistics; over replications the SLO holds when it holds at the
// pessimistic end of the 95 % confidence interval of the mean (with one replication: the value).
// Latency percentiles count every request of the op (all workload ops when none is named): a
// request that failed or had not finished when the run ended is slower than any bound, so p99 is
// infinite when more than 1 % of the requests failed.

import type { CollectedStats, OpStats } from '../collect/run-collectors.js';
import { decodeHistogram } from '../collect/latency-histogram.js';
import { replicationInterval } from '../stats/replication-interval.js';
import { OPS } from '../../models/signals.js';
import { parseDurationNs, UnitError } from '../../sim/time/units.js';

export class SloError extends Error {}

export type SloMetric = 'latency' | 'errors' | 'stale-reads' | 'lost-writes';

export interface Slo {
  /** As written, e.g. "p99<=1ms". */
  text: string;
  metric: SloMetric;
  /** The op measured, or null for every workload op. */
  op: string | null;
  /** Latency percentile in (0, 100), for metric 'latency'. */
  percentile: number;
  /** Upper bound: ns for latency, a share in [0, 1] for errors and stale reads, a count for lost writes. */
  bound: number;
}

export interface SloVerdict {
  slo: Slo;
  /** Mean over replications and the 95 % half-width (null with one replication). */
  mean: number;
  halfWidth: number | null;
  /** The value judged: mean + half-width, or the value with one replication. */
  pessimistic: number;
  holds: boolean;
}

const WORKLOAD_OPS: readonly string[] = OPS.filter((op) => op !== 'populate');
const FORM = 'expected [op:]metric<=bound, e.g. "p99<=1ms", "get:p99.9<=5ms", "errors<=0.1%", "stale-reads<=0", "lost-writes<=0"';

function parseShare(text: string, what: string): number {
  const percent = text.endsWith('%');
  const value = Number(percent ? text.slice(0, -1) : text);
  const share = percent ? value / 100 : value;
  if (text.trim() === '' || !Number.isFinite(share) || share < 0 || share > 1) throw new SloError(`${what}: expected a share from 0 to 1 or a percentage like 0.1%, got "${text}"`);
  return share;
}

/** Parses one SLO; `defaultOp` (--op) applies to a latency SLO that names no op. */
export function parseSlo(text: string, defaultOp: string | null = null): Slo {
  const m = /^\s*(?:([a-z]+):)?([a-z0-9.-]+)\s*<=\s*(\S+)\s*$/.exec(text);
  if (!m) throw new SloError(`"${text}": ${FORM}`);
  const [, opText, metricText, boundText] = m as unknown as [string, string | undefined, string, string];
  const op = opText ?? null;
  if (op !== null && !WORKLOAD_OPS.includes(op)) throw new SloError(`"${text}": unknown op "${op}" (known: ${WORKLOAD_OPS.join(', ')})`);
  const percentile = /^p(\d+(?:\.\d+)?)$/.exec(metricText);
  if (percentile) {
    const p = Number(percentile[1]);
    if (!(p > 0 && p < 100)) throw new SloError(`"${text}": a percentile must be above 0 and below 100, got ${p}`);
    let bound: number;
    try {
      bound = parseDurationNs(boundText);
    } catch (error) {
      if (error instanceof UnitError) throw new SloError(`"${text}": ${error.message}`);
      throw error;
    }
    return { text, metric: 'latency', op: op ?? defaultOp, percentile: p, bound };
  }
  if (metricText === 'errors' || metricText === 'stale-reads') return { text, metric: metricText, op, percentile: 0, bound: parseShare(boundText, `"${text}"`) };
  if (metricText === 'lost-writes') {
    const bound = Number(boundText);
    if (!(Number.isInteger(bound) && bound >= 0)) throw new SloError(`"${text}": expected a whole number of writes ≥ 0, got "${boundText}"`);
    if (op !== null) throw new SloError(`"${text}": lost writes are counted over every write, not per op`);
    return { text, metric: 'lost-writes', op: null, percentile: 0, bound };
  }
  throw new SloError(`"${text}": unknown metric "${metricText}" (known: pNN such as p50, p99, p99.9; errors; stale-reads; lost-writes)`);
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
  const failed = ops.reduce((a, s) => a + failures(s), 0) + (slo.op === null ? stats.unfinished : 0);
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
