// Reads back what `cachetopo run` (results.json) or `cachetopo sweep` (sweep.json) wrote into an
// output folder, for comparisons. "Infinity" strings become Infinity again.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS_FORMAT, type ScenarioResults } from '../../experiment/results.js';
import type { SweepSummary } from '../sweep/sweep-summary.js';

export type OutputFolder = { kind: 'run'; dir: string; results: ScenarioResults } | { kind: 'sweep'; dir: string; summary: SweepSummary };

export class OutputFolderError extends Error {}

function parse(path: string): unknown {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8'), (_k, v: unknown) => (v === 'Infinity' ? Infinity : v)) as unknown;
    if (typeof data !== 'object' || data === null) throw new Error('not an object');
    return data;
  } catch (error) {
    throw new OutputFolderError(`${path}: damaged (${error instanceof Error ? error.message.split('\n')[0] : String(error)}): write it again with cachetopo run or sweep`);
  }
}

export function readOutputFolder(dir: string): OutputFolder {
  if (!existsSync(dir)) throw new OutputFolderError(`${dir}: no such folder`);
  if (!statSync(dir).isDirectory()) throw new OutputFolderError(`${dir}: is a file; compare takes two output folders (of run or sweep)`);
  const sweepFile = join(dir, 'sweep.json');
  const runFile = join(dir, 'results.json');
  if (existsSync(sweepFile)) {
    const summary = parse(sweepFile) as SweepSummary;
    if (!Array.isArray(summary.points) || !Array.isArray(summary.axes)) throw new OutputFolderError(`${sweepFile}: damaged (no points or axes): write it again with cachetopo sweep`);
    return { kind: 'sweep', dir, summary };
  }
  if (!existsSync(runFile)) {
    throw new OutputFolderError(`${dir}: neither results.json (written by cachetopo run with --format json) nor sweep.json (written by cachetopo sweep)`);
  }
  const results = parse(runFile) as ScenarioResults;
  if (!(typeof results.format === 'number' && results.format >= 1 && results.format <= RESULTS_FORMAT)) throw new OutputFolderError(`${runFile}: results format ${String(results.format)}, this cachetopo reads formats 1 to ${RESULTS_FORMAT}`);
  if (!Array.isArray(results.topologies)) throw new OutputFolderError(`${runFile}: damaged (no topologies): write it again with cachetopo run`);
  const measured = (r: unknown) => {
    const stats = (r as { stats?: { windowNs?: unknown; ops?: unknown } } | null)?.stats;
    return typeof stats?.windowNs === 'number' && stats.windowNs > 0 && typeof stats.ops === 'object' && stats.ops !== null;
  };
  if (!results.topologies.every((t) => Array.isArray(t?.replications) && t.replications.length > 0 && t.replications.every(measured))) {
    throw new OutputFolderError(`${runFile}: damaged (a replication without its measurement window or ops): write it again with cachetopo run`);
  }
  return { kind: 'run', dir, results };
}
