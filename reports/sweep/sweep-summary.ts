// From the runs of a sweep to its statistics: per point and topology, each metric's mean, standard
// deviation and 95 % confidence interval over replications (one value per replication), and the
// latency percentiles of all replications merged (histograms added, never percentiles averaged).

import type { ScenarioResults, TopologyResult } from '../../experiment/results.js';
import type { SweepAxis, SweepPoint } from '../../experiment/sweep/sweep-plan.js';
import { isWide, replicationInterval, type ReplicationInterval } from '../stats/replication-interval.js';
import { summarize, type TopologySummary } from '../summarize.js';
import { SWEEP_METRICS } from './sweep-metrics.js';

export interface MetricStats extends ReplicationInterval {
  /** The half-width is over 10 % of the mean. */
  wide: boolean;
  /** Replications without a value (a failover phase that never happened there): the mean is over the others only. */
  missing: number;
}

export interface SweepTopologyPoint {
  name: string;
  kind: string;
  /** By metric name (see sweep-metrics.ts); a metric that does not apply is absent. */
  metrics: Record<string, MetricStats>;
  /** All replications merged. */
  merged: TopologySummary;
}

export interface SweepPointSummary extends SweepPoint {
  topologies: SweepTopologyPoint[];
}

export interface FailedRun {
  point: number;
  label: string;
  replication: number;
  seed: number;
  error: string;
}

export interface SweepSummary {
  scenario: ScenarioResults['scenario'];
  seed: number;
  replications: number;
  axes: SweepAxis[];
  points: SweepPointSummary[];
  failed: FailedRun[];
}

/** One point's results, all replications (each TopologyResult holds every replication run). */
export function summarizePoint(point: SweepPoint, results: ScenarioResults): SweepPointSummary {
  return {
    ...point,
    topologies: results.topologies.map((t) => ({
      name: t.name,
      kind: t.kind,
      metrics: metricStats(t, results),
      merged: summarize({ ...results, topologies: [t] })[0]!,
    })),
  };
}

/** Each sweep metric of a topology over its replications: one value per replication, then mean, sd and 95 % CI. */
export function metricStats(t: TopologyResult, results: ScenarioResults): Record<string, MetricStats> {
  const perReplication = t.replications.map((r) => summarize({ ...results, topologies: [{ ...t, replications: [r] }] })[0]!);
  const out: Record<string, MetricStats> = {};
  for (const m of SWEEP_METRICS) {
    const values = perReplication.map((s) => m.of(s)).filter((v): v is number => v !== null && Number.isFinite(v));
    if (values.length === 0) continue;
    const i = replicationInterval(values);
    out[m.name] = { ...i, wide: isWide(i), missing: perReplication.length - values.length };
  }
  return out;
}
