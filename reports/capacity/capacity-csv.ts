// capacity.csv: one row per topology: the highest rate meeting every SLO, the lowest failing rate
// (the bracket the search ended with), each SLO's value at the highest rate (pessimistic end of the
// 95 % CI; latencies in ns, shares as fractions, lost writes as a count, the unit in the column's
// name; empty when infinite), and the limiting resource.

import type { SloMetric } from '../../models/scenario/slo-params.js';
import { csvText } from '../csv-text.js';
import type { CapacitySummary } from './capacity-summary.js';

const UNITS: Record<SloMetric, string> = { latency: 'ns', errors: 'fraction', 'stale-reads': 'fraction', 'lost-writes': 'writes' };

export function capacityCsv(s: CapacitySummary): string {
  const probes = s.topologies.flatMap((t) => t.probes);
  const unitOf = (i: number) => {
    const metric = probes.find((p) => p.verdicts[i] !== undefined)?.verdicts[i]!.slo.metric;
    return metric === undefined ? '' : ` (${UNITS[metric]})`;
  };
  const header = ['topology', 'kind', 'max_rate_per_s', 'failed_rate_per_s', 'precision', 'replications', ...s.slos.map((x, i) => `slo ${x}${unitOf(i)}`), 'busiest_server_cpu', 'limit'];
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
