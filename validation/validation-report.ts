// Renders the validation tables (real vs simulated: mean ± sd (n), relative error, verdict) and the
// machine they were measured on, as Markdown for the console and for docs/validation.md.

import { execFileSync } from 'node:child_process';
import { cpus, release } from 'node:os';
import { markdownTable } from '../reports/markdown-table.js';
import { passes, relativeError, summary, type Comparison } from './comparison.js';

export interface ExperimentResult {
  title: string;
  /** How it was measured, one paragraph. */
  method: string;
  rows: Comparison[];
  /** Why the experiment stopped before it gave its rows (the others still run and are reported). */
  failure?: string;
}

function cell(values: number[], digits: number): string {
  const s = summary(values);
  if (s.mean === null) return '–';
  return `${s.mean.toFixed(digits)}${s.sd === null ? '' : ` ± ${s.sd.toFixed(digits)}`} (${s.n})`;
}

function verdict(c: Comparison): string {
  const ok = passes(c);
  if (c.unjudged !== undefined) return `not judged: ${c.unjudged}`;
  if (ok === null) return 'reported';
  const bound = c.bound === 'exact' ? 'exact' : `±${Math.round((c.bound as number) * 100)} %`;
  return `${ok ? 'pass' : 'FAIL'} (${bound})`;
}

export function experimentTable(e: ExperimentResult): string {
  if (e.failure !== undefined) return `**Not measured: the experiment failed.** ${e.failure}`;
  const rows = e.rows.map((c) => {
    const err = relativeError(c);
    return [c.point, `${c.metric}${c.unit ? ` (${c.unit})` : ''}`, cell(c.real, c.digits), cell(c.sim, c.digits),
      err === null ? '–' : `${err >= 0 ? '+' : ''}${(err * 100).toFixed(1)} %`, verdict(c)];
  });
  return markdownTable(['point', 'quantity', 'real Redis: mean ± sd (n)', 'cachetopo: mean ± sd (n)', 'error', 'acceptance'], rows);
}

export function machineDescription(): string {
  const cpu = cpus();
  const redis = execFileSync('redis-server', ['--version'], { encoding: 'utf8' }).trim();
  return `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, Linux ${release()}, Node ${process.version}, ${redis}`;
}

export function rowsOutsideBound(results: readonly ExperimentResult[]): Comparison[] {
  return results.flatMap((e) => e.rows.filter((c) => passes(c) === false));
}

/** "title: why" of each experiment that failed before giving its rows. */
export function failedExperiments(results: readonly ExperimentResult[]): string[] {
  return results.filter((e) => e.failure !== undefined).map((e) => `${e.title}: ${e.failure}`);
}
