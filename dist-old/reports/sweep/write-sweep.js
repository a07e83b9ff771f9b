// Writes a sweep's outputs next to its runs: sweep.json (the statistics of every point), summary.csv,
// timeseries.csv, one plot per metric (sweep-<metric>.svg), report.md embedding them, and
// hgrm/p<point>/<topology>.<op>.hgrm (replications merged), all or nothing (run-folder.ts). They depend only on the scenario, the axes and the
// seeds, never on the number of threads or on how often the sweep was resumed.
import { join } from 'node:path';
import { sweepPlots } from '../plots/sweep-plot.js';
import { hgrmFiles } from '../hgrm.js';
import { writeOutputFiles } from '../run-folder.js';
import { sweepSummaryCsv, sweepTimeSeriesCsv } from './sweep-csv.js';
import { sweepMarkdown } from './sweep-md.js';
export function writeSweepOutputs(dir, summary, points) {
    const plots = sweepPlots(summary);
    const files = [
        ['sweep.json', `${JSON.stringify(summary, (_k, v) => (v === Infinity ? 'Infinity' : v), 1)}\n`],
        ['summary.csv', sweepSummaryCsv(summary)],
        ['timeseries.csv', sweepTimeSeriesCsv(summary, points)],
        ...plots.map((p) => [p.file, p.svg]),
        ['report.md', sweepMarkdown(summary, plots, points[0]?.resolved.workload.arrival.kind === 'closed')],
    ];
    const hgrm = points.flatMap((results, i) => hgrmFiles(results.topologies)
        .map(([name, text]) => [`hgrm/p${String(summary.points[i].index).padStart(4, '0')}/${name}`, text]));
    const written = writeOutputFiles(dir, [...files, ...hgrm]);
    return [...written.slice(0, files.length), join(dir, 'hgrm/')];
}
//# sourceMappingURL=write-sweep.js.map