// capacity.csv: one row per topology: the highest rate meeting every SLO, the lowest failing rate
// (the bracket the search ended with), each SLO's value at the highest rate (pessimistic end of the
// 95 % CI; latencies in ns, shares as fractions; empty when infinite), and the limiting resource.
import { csvText } from '../csv-text.js';
export function capacityCsv(s) {
    const header = ['topology', 'kind', 'max_rate_per_s', 'failed_rate_per_s', 'precision', 'replications', ...s.slos.map((x) => `slo ${x}`), 'busiest_server_cpu', 'limit'];
    const rows = s.topologies.map((t) => {
        const at = t.probes.find((p) => p.ratePerS === t.maxRatePerS);
        return [
            t.name, t.kind, t.maxRatePerS ?? '', t.failedRatePerS ?? '', s.precision, s.replications,
            ...s.slos.map((_, i) => {
                const v = at?.verdicts[i]?.pessimistic;
                return v === undefined || !Number.isFinite(v) ? '' : v;
            }),
            at?.busiestServerCpu ?? '', t.limit,
        ];
    });
    return csvText([header, ...rows]);
}
//# sourceMappingURL=capacity-csv.js.map