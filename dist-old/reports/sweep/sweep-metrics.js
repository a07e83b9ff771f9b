// The scalar metrics a sweep compares across points, each read from one replication's summary of a
// topology (null when it does not apply, e.g. no L1 or no failover).
import { sum } from 'd3-array';
const phase = (s, name) => s.failoverPhases.find((p) => p.phase === name)?.meanS ?? null;
export const SWEEP_METRICS = [
    { name: 'throughput', unit: 'requests/s', label: 'throughput', of: (s) => s.all.throughputPerS },
    { name: 'mean', unit: 'ms', label: 'mean latency', of: (s) => (s.all.count > 0 ? s.all.meanMs : null) },
    { name: 'p50', unit: 'ms', label: 'p50 latency', of: (s) => (s.all.count > 0 ? s.all.percentilesMs.p50 : null) },
    { name: 'p99', unit: 'ms', label: 'p99 latency', of: (s) => (s.all.count > 0 ? s.all.percentilesMs.p99 : null) },
    { name: 'p99.9', unit: 'ms', label: 'p99.9 latency', of: (s) => (s.all.count > 0 ? s.all.percentilesMs['p99.9'] : null) },
    { name: 'errors', unit: 'requests', label: 'failed requests', of: (s) => sum(Object.values(s.errors)) },
    { name: 'hit_ratio', unit: 'fraction', label: 'hit ratio', of: (s) => s.hitRatio },
    { name: 'stale_reads', unit: 'keys', label: 'stale reads', of: (s) => s.staleReads },
    { name: 'l1_hit_ratio', unit: 'fraction', label: 'L1 hit ratio', of: (s) => s.l1?.hitRatio ?? null },
    { name: 'server_utilization', unit: 'fraction', label: 'server utilization (mean over servers)', of: (s) => (s.busiestServerUtilization > 0 ? s.serverUtilization : null) },
    { name: 'busiest_server_utilization', unit: 'fraction', label: 'busiest server utilization', of: (s) => (s.busiestServerUtilization > 0 ? s.busiestServerUtilization : null) },
    { name: 'origin_qps', unit: 'queries/s', label: 'origin queries', of: (s) => s.origin.queriesPerS },
    { name: 'bus_bytes_per_node', unit: 'bytes/s', label: 'cluster-bus bytes per node', of: (s) => (s.nodes > 1 ? s.busBytesPerNodePerS : null) },
    { name: 'failover_promoted', unit: 's', label: 'failover: promotion after the fault', of: (s) => phase(s, 'promoted') },
    { name: 'failover_first_write', unit: 's', label: 'failover: first write after the fault', of: (s) => phase(s, 'firstWrite') },
    { name: 'lost_writes', unit: 'writes', label: 'lost writes', of: (s) => s.lostWrites },
];
//# sourceMappingURL=sweep-metrics.js.map