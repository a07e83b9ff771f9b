// The plots of a run: the latency percentile spectrum of all topologies, and for each topology whose
// replication 0 has faults or cluster/Sentinel events, its time series with them marked. File names
// are safe whatever the topology names ("cluster+l1" → timeseries-cluster_l1.svg).

import type { ScenarioResults } from '../../experiment/run-scenario.js';
import { faultTimeSeriesSvg } from './fault-time-series.js';
import { safeFileName } from '../../sim/scenario/safe-file-name.js';
import { latencySpectrumSvg } from './latency-spectrum.js';

export interface PlotFile {
  file: string;
  /** What it shows, for the report's link. */
  title: string;
  svg: string;
}

export function runPlots(results: ScenarioResults): PlotFile[] {
  const names = results.topologies.map((t) => safeFileName(t.name));
  return [
    { file: 'latency-spectrum.svg', title: 'Latency by percentile, per topology', svg: latencySpectrumSvg(results) },
    ...results.topologies.flatMap((t, i) => (t.replications[0]!.stats.events.length === 0 ? [] : [{
      file: `timeseries-${names[i]!}.svg`,
      title: `${t.name} over time, with its faults and failover phases`,
      svg: faultTimeSeriesSvg(results, i),
    }])),
  ];
}
