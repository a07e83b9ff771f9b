// Writes a run's output folder. results.json, summary.csv and report.md depend only on the scenario
// and seed (byte-identical on every machine and run), and so do the SVG plots (format svg; report.md
// links them when both are written), the hgrm/<topology>.<op>.hgrm latency distributions and the
// hgrm/<topology>.<op>.hlog interval logs;
// perf.json holds the wall-clock measurements and is the only file that varies. The folder always
// holds one run: see run-folder.ts.
import { join } from 'node:path';
import { OPS } from '../models/signals.js';
import { safeFileName } from '../sim/scenario/safe-file-name.js';
import { hgrmFiles } from './hgrm.js';
import { hlogFiles } from './hlog.js';
import { runPlots } from './plots/run-plots.js';
import { reportMarkdown } from './report-md.js';
import { summarize } from './summarize.js';
import { summaryCsv } from './summary-csv.js';
import { timeSeriesCsv } from './timeseries-csv.js';
import { writeOutputFiles } from './run-folder.js';
export const FORMATS = ['md', 'csv', 'json', 'svg', 'hgrm'];
/** results.json: every number of the run, with Infinity spelled out (JSON has no Infinity). */
export function resultsJson(results) {
    return `${JSON.stringify(results, (_k, v) => (v === Infinity ? 'Infinity' : v), 1)}\n`;
}
/** The names (relative paths) a run of `scenario` may write with `formats`, for checking --out before it runs. */
export function plannedOutputNames(scenario, formats) {
    const topologies = scenario.topologies.map((t) => safeFileName(t.name));
    const names = ['perf.json'];
    if (formats.includes('hgrm'))
        names.push(...topologies.flatMap((t) => [...OPS, 'all'].flatMap((op) => [`hgrm/${t}.${op}.hgrm`, `hgrm/${t}.${op}.hlog`])));
    if (formats.includes('json'))
        names.push('results.json');
    if (formats.includes('csv'))
        names.push('summary.csv', 'timeseries.csv');
    if (formats.includes('svg'))
        names.push('latency-spectrum.svg', ...topologies.map((t) => `timeseries-${t}.svg`));
    if (formats.includes('md'))
        names.push('report.md');
    return names;
}
/**
 * Writes the requested formats and perf.json as the folder's one run (all or nothing, see
 * run-folder.ts); returns the paths written, hgrm/ as one.
 */
export function writeOutputs(dir, results, formats, perf, ops) {
    const files = [];
    if (formats.includes('hgrm')) {
        files.push(...[...hgrmFiles(results.topologies), ...hlogFiles(results.topologies, results.resolved.timeSeries.bucket / 1e9)]
            .map(([name, text]) => [`hgrm/${name}`, text]));
    }
    const summaries = summarize(results);
    if (formats.includes('json'))
        files.push(['results.json', resultsJson(results)]);
    if (formats.includes('csv'))
        files.push(['summary.csv', summaryCsv(summaries)], ['timeseries.csv', timeSeriesCsv(results)]);
    const plots = formats.includes('svg') ? runPlots(results) : [];
    files.push(...plots.map((p) => [p.file, p.svg]));
    if (formats.includes('md'))
        files.push(['report.md', reportMarkdown(results, summaries, plots)]);
    files.push(['perf.json', `${JSON.stringify(perf, null, 1)}\n`]);
    const written = writeOutputFiles(dir, files, ops);
    const hgrm = written.filter((path) => path.startsWith(join(dir, 'hgrm/')));
    return [...written.filter((path) => !hgrm.includes(path)), ...(hgrm.length > 0 ? [join(dir, 'hgrm/')] : [])];
}
//# sourceMappingURL=write-outputs.js.map