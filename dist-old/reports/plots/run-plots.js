// The plots of a run: the latency percentile spectrum of all topologies, and for each topology whose
// run is a question about time (replication 0 has faults or cluster/Sentinel events, the scenario
// starts an operation in it, or preloaded keys expire: a mass expiry), its time series with the
// faults, failover phases and operations marked. File names
// are safe whatever the topology names ("cluster+l1" → timeseries-cluster_l1.svg).
import { faultTimeSeriesSvg } from './fault-time-series.js';
import { safeFileName } from '../../sim/scenario/safe-file-name.js';
import { latencySpectrumSvg } from './latency-spectrum.js';
import { operationTopology } from '../../models/operations/schedule-operations.js';
function aboutTime(results, topology, events) {
    const s = results.resolved;
    return events > 0 || s.operations.some((o) => operationTopology(o) === topology) || s.workload.preloadTtl !== undefined;
}
export function runPlots(results) {
    const names = results.topologies.map((t) => safeFileName(t.name));
    return [
        { file: 'latency-spectrum.svg', title: 'Latency by percentile, per topology', svg: latencySpectrumSvg(results) },
        ...results.topologies.flatMap((t, i) => (!aboutTime(results, t.name, t.replications[0].stats.events.length) ? [] : [{
                file: `timeseries-${names[i]}.svg`,
                title: `${t.name} over time, with its faults, failover phases and operations`,
                svg: faultTimeSeriesSvg(results, i),
            }])),
    ];
}
//# sourceMappingURL=run-plots.js.map