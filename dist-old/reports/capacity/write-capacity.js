// Writes a capacity search's outputs next to its probes: capacity.csv, capacity.json (the summary),
// one plot per topology with a latency SLO, and report.md embedding them, all or nothing
// (run-folder.ts). They depend only on the scenario, the SLOs, the precision and the seeds.
import { capacityPlots } from '../plots/capacity-plot.js';
import { writeOutputFiles } from '../run-folder.js';
import { capacityCsv } from './capacity-csv.js';
import { capacityMarkdown } from './capacity-md.js';
export const CAPACITY_OUTPUTS = ['capacity.csv', 'capacity.json', 'report.md'];
export function writeCapacityOutputs(dir, summary) {
    const plots = capacityPlots(summary);
    return writeOutputFiles(dir, [
        ['capacity.csv', capacityCsv(summary)],
        ['capacity.json', `${JSON.stringify(summary, (_k, v) => (v === Infinity ? 'Infinity' : v), 1)}\n`],
        ...plots.map((p) => [p.file, p.svg]),
        ['report.md', capacityMarkdown(summary, plots.map((p) => p.file))],
    ]);
}
//# sourceMappingURL=write-capacity.js.map