// Service-level objectives as a scenario's `slo:` block and `capacity --slo` write them:
// `[op:]metric<=bound`, e.g. `p99<=1ms`, `get:p99.9<=5ms`, `errors<=0.1%`, `stale-reads<=0`,
// `lost-writes<=0`. Parsed here (the grammar is part of the scenario); measured and judged by the
// reports (reports/slo/slo.ts).

import { z } from 'zod';
import { FOLLOW_UP_OPS, OPS } from '../signals.js';
import { parseDurationNs, UnitError } from '../../sim/time/units.js';
import { opShare, type MixParams } from '../workload/workload-params.js';

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


export const WORKLOAD_OPS: readonly string[] = OPS.filter((op) => !FOLLOW_UP_OPS.includes(op));
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

/** The `slo:` block: a list of objectives, each parsed (with the op of `--op`-less latency SLOs: every workload op). */
/** Why `slo` cannot be measured on a workload of `mix` (it names an op the workload never issues), or null. */
export function sloOpUnissued(slo: Slo, mix: MixParams): string | null {
  if (slo.op === null || opShare(mix, slo.op) > 0) return null;
  const issued = WORKLOAD_OPS.filter((op) => opShare(mix, op) > 0);
  return `"${slo.text}": the workload issues no ${slo.op.toUpperCase()} (its mix: ${issued.join(', ')}), so it would hold at any load`;
}

export const sloParams = z.array(z.string().transform((text, ctx) => {
  try {
    return parseSlo(text);
  } catch (error) {
    if (!(error instanceof SloError)) throw error;
    ctx.addIssue({ code: 'custom', message: error.message });
    return z.NEVER;
  }
})).prefault([]).describe('service-level objectives, e.g. ["p99<=1ms", "errors<=0.1%"]: used by `capacity` when no --slo is given, and by the verdict of report.md');
