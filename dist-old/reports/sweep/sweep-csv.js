// A sweep's tidy tables: summary.csv has one row per point × topology × metric, with one column per
// axis, the replication statistics (n, mean, sd, 95 % CI) and the unit; latency percentiles of all
// replications merged are rows of their own (`p99_merged`…, n = replications, no interval).
// timeseries.csv is every run's time series with the axis columns in front. Quoting and formula-safe cells: csv-text.ts.
import { csvText } from '../csv-text.js';
import { PERCENTILES } from '../summarize.js';
import { kindColumns, timeSeriesHeader, timeSeriesRows } from '../timeseries-csv.js';
import { SWEEP_METRICS } from './sweep-metrics.js';
const round = (x) => (x === null ? '' : Math.round(x * 1e6) / 1e6);
export function sweepSummaryCsv(s) {
    const header = [...s.axes.map((a) => a.path), 'topology', 'metric', 'n', 'mean', 'sd', 'ci95_low', 'ci95_high', 'unit'];
    const rows = s.points.flatMap((p) => p.topologies.flatMap((t) => [
        ...SWEEP_METRICS.flatMap((m) => {
            const st = t.metrics[m.name];
            if (!st)
                return [];
            const low = st.halfWidth === null ? null : st.mean - st.halfWidth;
            const high = st.halfWidth === null ? null : st.mean + st.halfWidth;
            return [[...p.values, t.name, m.name, st.n, round(st.mean), round(st.sd), round(low), round(high), m.unit]];
        }),
        ...PERCENTILES.map((q) => [...p.values, t.name, `p${q}_merged`, s.replications, t.merged.all.percentilesMs[`p${q}`], '', '', '', 'ms']),
    ]));
    return csvText([header, ...rows]);
}
export function sweepTimeSeriesCsv(s, points) {
    const kinds = kindColumns(points);
    const rows = points.flatMap((results, i) => timeSeriesRows(results, kinds).map((row) => [...s.points[i].values, ...row]));
    return csvText([[...s.axes.map((a) => a.path), ...timeSeriesHeader(kinds)], ...rows]);
}
//# sourceMappingURL=sweep-csv.js.map