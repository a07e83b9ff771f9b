// From the runs of a sweep to its statistics: per point and topology, each metric's mean, standard
// deviation and 95 % confidence interval over replications (one value per replication), and the
// latency percentiles of all replications merged (histograms added, never percentiles averaged).
import { isWide, replicationInterval } from '../stats/replication-interval.js';
import { summarize } from '../summarize.js';
import { SWEEP_METRICS } from './sweep-metrics.js';
/** One point's results, all replications (each TopologyResult holds every replication run). */
export function summarizePoint(point, results) {
    return {
        ...point,
        topologies: results.topologies.map((t) => ({
            name: t.name,
            kind: t.kind,
            metrics: metricStats(t, results),
            merged: summarize({ ...results, topologies: [t] })[0],
        })),
    };
}
/** Each sweep metric of a topology over its replications: one value per replication, then mean, sd and 95 % CI. */
export function metricStats(t, results) {
    const perReplication = t.replications.map((r) => summarize({ ...results, topologies: [{ ...t, replications: [r] }] })[0]);
    const out = {};
    for (const m of SWEEP_METRICS) {
        const values = perReplication.map((s) => m.of(s)).filter((v) => v !== null && Number.isFinite(v));
        if (values.length === 0)
            continue;
        const i = replicationInterval(values);
        out[m.name] = { ...i, wide: isWide(i) };
    }
    return out;
}
//# sourceMappingURL=sweep-summary.js.map