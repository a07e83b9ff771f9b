// Two output folders side by side: every sweep metric of every topology (and sweep point) found in
// both, matched by name (and point label), with A, B, their difference and whether it exceeds the
// combined 95 % confidence interval, |mean A − mean B| > √(hw A² + hw B²), the half-widths coming
// from one value per replication (reports/sweep/sweep-summary.ts metricStats). With one replication on
// a side there is no interval and no verdict.
import { metricStats } from '../sweep/sweep-summary.js';
import { SWEEP_METRICS } from '../sweep/sweep-metrics.js';
import { combinedHalfWidth } from '../stats/replication-interval.js';
export const NO_CI = 'no CI (1 replication)';
function sides(f) {
    const side = (point, topology, metrics) => ({
        key: point === '' ? topology : `${point} / ${topology}`, point, topology, metrics,
    });
    if (f.kind === 'run')
        return f.results.topologies.map((t) => side('', t.name, metricStats(t, f.results)));
    return f.summary.points.flatMap((p) => p.topologies.map((t) => side(p.label, t.name, t.metrics)));
}
function compareMetric(side, a, b, metric, unit) {
    const diff = b.mean - a.mean;
    const combined = combinedHalfWidth(a, b);
    return {
        point: side.point, topology: side.topology, metric, unit, a, b, diff,
        diffPct: a.mean === 0 ? null : (100 * diff) / Math.abs(a.mean),
        combinedHalfWidth: combined,
        verdict: combined === null ? NO_CI : Math.abs(diff) > combined ? 'significant' : 'within CI',
    };
}
/** Both folders must be of the same kind (checked by the caller). */
export function compareFolders(fa, fb) {
    const a = sides(fa);
    const b = new Map(sides(fb).map((s) => [s.key, s]));
    const rows = [];
    for (const sa of a) {
        const sb = b.get(sa.key);
        if (!sb)
            continue;
        for (const m of SWEEP_METRICS) {
            const ma = sa.metrics[m.name];
            const mb = sb.metrics[m.name];
            if (ma && mb)
                rows.push(compareMetric(sa, ma, mb, m.name, m.unit));
        }
    }
    const keysA = new Set(a.map((s) => s.key));
    return {
        kind: fa.kind, a: fa.dir, b: fb.dir, rows,
        onlyInA: a.filter((s) => !b.has(s.key)).map((s) => s.key),
        onlyInB: [...b.keys()].filter((k) => !keysA.has(k)),
    };
}
//# sourceMappingURL=compare-folders.js.map