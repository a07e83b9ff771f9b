// HdrHistogram percentile distributions (.hgrm), one per topology × op, for the tools that plot them
// (HdrHistogram's plotFiles, HistogramLogAnalyzer): written by hdr-histogram-js's own
// outputPercentileDistribution (5 ticks per half-distance), values in ms (recorded in ns, scaling
// ratio 1e6), all replications merged. Op `all` is every workload request (not `populate`).

import type { TopologyResult } from '../experiment/run-scenario.js';
import { mergeHistograms as merged } from './collect/latency-histogram.js';

const TICKS_PER_HALF_DISTANCE = 5;
const NS_PER_MS = 1e6;

/** A topology or op name as a file-name part: anything but letters, digits, `.`, `_` and `-` becomes `_`. */
export function fileNamePart(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** [file name, .hgrm text] for every op of every topology that completed a request. */
export function hgrmFiles(topologies: readonly TopologyResult[]): [string, string][] {
  const files: [string, string][] = [];
  for (const t of topologies) {
    const reps = t.replications.map((r) => r.stats);
    const ops = [...new Set(reps.flatMap((s) => Object.keys(s.ops)))];
    const byOp = ops.map((op): [string, string[]] => [op, reps.flatMap((s) => (s.ops[op] ? [s.ops[op].latency] : []))]);
    byOp.push(['all', byOp.filter(([op]) => op !== 'populate').flatMap(([, h]) => h)]);
    for (const [op, encoded] of byOp) {
      const h = merged(encoded);
      if (h.totalCount === 0) continue;
      files.push([`${fileNamePart(t.name)}.${fileNamePart(op)}.hgrm`, h.outputPercentileDistribution(TICKS_PER_HALF_DISTANCE, NS_PER_MS)]);
    }
  }
  return files;
}
