// HdrHistogram interval logs (.hlog), one per topology × op (and `all`, every workload op: not
// populate, as in the .hgrm files): one interval per time-series bucket in which requests of the op
// finished, replications merged (histograms added),
// written by hdr-histogram-js's HistogramLogWriter (log format 1.3), values in ns, interval maxima in
// ms. Timestamps are virtual seconds from the start of the run; no wall-clock start time is written,
// so the files are the same on every machine. HistogramLogAnalyzer and HistogramLogProcessor read them.

import { isFollowUpName } from '../models/signals.js';
import * as hdr from 'hdr-histogram-js';
import type { TopologyResult } from '../experiment/results.js';
import { safeFileName } from '../sim/scenario/safe-file-name.js';
import { mergeHistograms } from '../experiment/collect/latency-histogram.js';

const NS_PER_MS = 1e6;

/** [file name, .hlog text] for every op of every topology with an interval. */
export function hlogFiles(topologies: readonly TopologyResult[], bucketS: number): [string, string][] {
  const files: [string, string][] = [];
  for (const t of topologies) {
    const reps = t.replications.map((r) => r.stats.latencyIntervals ?? {});
    const ops = [...new Set(reps.flatMap((r) => Object.keys(r)))];
    const buckets = Math.max(0, ...reps.flatMap((r) => Object.values(r).map((b) => b.length)));
    const series: [string, string[]][] = [...ops.map((op): [string, string[]] => [op, [op]]), ['all', ops.filter((op) => !isFollowUpName(op))]];
    for (const [name, members] of series) {
      if (members.length === 0) continue;
      let text = '';
      const writer = new hdr.HistogramLogWriter((line) => { text += line; });
      writer.outputLogFormatVersion();
      writer.outputComment(`[cachetopo: ${t.name}, op ${name}; timestamps in virtual seconds from the start of the run; values in ns; ${t.replications.length} replication(s) merged]`);
      writer.outputLegend();
      for (let b = 0; b < buckets; b++) {
        const encoded = reps.flatMap((r) => members.flatMap((op) => r[op]?.[b] ?? []));
        if (encoded.length === 0) continue;
        writer.outputIntervalHistogram(mergeHistograms(encoded), b * bucketS, (b + 1) * bucketS, NS_PER_MS);
      }
      files.push([`${safeFileName(t.name)}.${name}.hlog`, text]);
    }
  }
  return files;
}
