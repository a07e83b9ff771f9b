// Reads back what `cachetopo run` (results.json) or `cachetopo sweep` (sweep.json) wrote into an
// output folder, for comparisons. "Infinity" strings become Infinity again.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS_FORMAT, type ScenarioResults } from '../../experiment/run-scenario.js';
import type { SweepSummary } from '../sweep/sweep-summary.js';

export type OutputFolder = { kind: 'run'; dir: string; results: ScenarioResults } | { kind: 'sweep'; dir: string; summary: SweepSummary };

export class OutputFolderError extends Error {}

const parse = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'), (_k, v: unknown) => (v === 'Infinity' ? Infinity : v));

export function readOutputFolder(dir: string): OutputFolder {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new OutputFolderError(`${dir}: no such folder`);
  const sweepFile = join(dir, 'sweep.json');
  const runFile = join(dir, 'results.json');
  if (existsSync(sweepFile)) return { kind: 'sweep', dir, summary: parse(sweepFile) as SweepSummary };
  if (!existsSync(runFile)) {
    throw new OutputFolderError(`${dir}: neither results.json (written by cachetopo run with --format json) nor sweep.json (written by cachetopo sweep)`);
  }
  const results = parse(runFile) as ScenarioResults;
  if (results.format !== RESULTS_FORMAT) throw new OutputFolderError(`${runFile}: results format ${results.format}, this cachetopo reads format ${RESULTS_FORMAT}`);
  return { kind: 'run', dir, results };
}
