// Writes a run's output folder. results.json, summary.csv and report.md depend only on the scenario
// and seed (byte-identical on every machine and run), and so do the SVG plots (format svg; report.md
// links them when both are written) and the hgrm/<topology>.<op>.hgrm latency distributions;
// perf.json holds the wall-clock measurements and is the only file that varies.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioResults } from '../experiment/run-scenario.js';
import { writeAtomically } from '../experiment/sweep/sweep-store.js';
import { hgrmFiles } from './hgrm.js';
import { runPlots } from './plots/run-plots.js';
import { reportMarkdown } from './report-md.js';
import { summarize } from './summarize.js';
import { summaryCsv } from './summary-csv.js';
import { timeSeriesCsv } from './timeseries-csv.js';

export const FORMATS = ['md', 'csv', 'json', 'svg', 'hgrm'] as const;
export type Format = (typeof FORMATS)[number];

export interface Perf {
  wallSeconds: number;
  events: number;
  eventsPerSecond: number;
  peakRssBytes: number;
}

/** results.json: every number of the run, with Infinity spelled out (JSON has no Infinity). */
export function resultsJson(results: ScenarioResults): string {
  return `${JSON.stringify(results, (_k, v: unknown) => (v === Infinity ? 'Infinity' : v), 1)}\n`;
}

/** Writes the requested formats (atomically, file by file) and perf.json; returns the paths written (hgrm/ as one). */
export function writeOutputs(dir: string, results: ScenarioResults, formats: readonly Format[], perf: Perf): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  if (formats.includes('hgrm')) {
    writeFilesAtomically(join(dir, 'hgrm'), hgrmFiles(results.topologies));
    written.push(join(dir, 'hgrm/'));
  }
  const summaries = summarize(results);
  const files: [string, string][] = [];
  if (formats.includes('json')) files.push(['results.json', resultsJson(results)]);
  if (formats.includes('csv')) files.push(['summary.csv', summaryCsv(summaries)], ['timeseries.csv', timeSeriesCsv(results)]);
  const plots = formats.includes('svg') ? runPlots(results) : [];
  files.push(...plots.map((p): [string, string] => [p.file, p.svg]));
  if (formats.includes('md')) files.push(['report.md', reportMarkdown(results, summaries, plots)]);
  files.push(['perf.json', `${JSON.stringify(perf, null, 1)}\n`]);
  return [...writeFilesAtomically(dir, files), ...written];
}

/** Writes [name, text] files into dir (created if needed), each to a temporary name then renamed; returns their paths. */
export function writeFilesAtomically(dir: string, files: readonly [string, string][]): string[] {
  mkdirSync(dir, { recursive: true });
  return files.map(([name, text]) => {
    const path = join(dir, name);
    writeAtomically(path, text);
    return path;
  });
}
