// HdrHistogram percentile distributions (.hgrm), one per topology × op, for the tools that plot them
// (HdrHistogram's plotFiles, HistogramLogAnalyzer): written by hdr-histogram-js's own
// outputPercentileDistribution (5 ticks per half-distance), values in µs with 3 decimals (recorded in
// ns, scaling ratio 1e3), so the value column keeps ns resolution; all replications merged. Op `all` is every workload request (not `populate`).

import { isFollowUpName } from '../models/signals.js';
import type { TopologyResult } from '../experiment/results.js';
import { safeFileName } from '../sim/scenario/safe-file-name.js';
import { mergeHistograms as merged } from '../experiment/collect/latency-histogram.js';

const TICKS_PER_HALF_DISTANCE = 5;
const NS_PER_US = 1e3;

/** [file name, .hgrm text] for every op of every topology that completed a request. */
export function hgrmFiles(topologies: readonly TopologyResult[]): [string, string][] {
  const files: [string, string][] = [];
  for (const t of topologies) {
    const reps = t.replications.map((r) => r.stats);
    const ops = [...new Set(reps.flatMap((s) => Object.keys(s.ops)))];
    const byOp = ops.map((op): [string, string[]] => [op, reps.flatMap((s) => (s.ops[op] ? [s.ops[op].latency] : []))]);
    byOp.push(['all', byOp.filter(([op]) => !isFollowUpName(op)).flatMap(([, h]) => h)]);
    for (const [op, encoded] of byOp) {
      const h = merged(encoded);
      if (h.totalCount === 0) continue;
      files.push([`${safeFileName(t.name)}.${op}.hgrm`, h.outputPercentileDistribution(TICKS_PER_HALF_DISTANCE, NS_PER_US)]);
    }
  }
  return files;
}
