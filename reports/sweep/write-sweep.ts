// Writes a sweep's outputs next to its runs: sweep.json (the statistics of every point), summary.csv,
// timeseries.csv, one plot per metric (sweep-<metric>.svg) and report.md embedding them, each atomically. They depend only on the scenario, the axes and the
// seeds, never on the number of threads or on how often the sweep was resumed.

import { join } from 'node:path';
import { writeAtomically } from '../../experiment/sweep/sweep-store.js';
import type { ScenarioResults } from '../../experiment/run-scenario.js';
import { sweepPlots } from '../plots/sweep-plot.js';
import { sweepSummaryCsv, sweepTimeSeriesCsv } from './sweep-csv.js';
import { sweepMarkdown } from './sweep-md.js';
import type { SweepSummary } from './sweep-summary.js';

export function writeSweepOutputs(dir: string, summary: SweepSummary, points: readonly ScenarioResults[]): string[] {
  const plots = sweepPlots(summary);
  const files: [string, string][] = [
    ['sweep.json', `${JSON.stringify(summary, (_k, v: unknown) => (v === Infinity ? 'Infinity' : v), 1)}\n`],
    ['summary.csv', sweepSummaryCsv(summary)],
    ['timeseries.csv', sweepTimeSeriesCsv(summary, points)],
    ...plots.map((p): [string, string] => [p.file, p.svg]),
    ['report.md', sweepMarkdown(summary, plots)],
  ];
  return files.map(([name, text]) => {
    const path = join(dir, name);
    writeAtomically(path, text);
    return path;
  });
}
