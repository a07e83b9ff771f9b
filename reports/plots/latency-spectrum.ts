// The latency percentile spectrum of a run, as HdrHistogram plots draw it: per topology, the latency
// of all workload requests (every op but cache write-backs) from the histograms of all replications
// merged, at the percentile levels HdrHistogram's iterator visits; x is 1/(1 − p) on a log scale, so
// 90 %, 99 %, 99.9 %… are evenly spaced, y is the latency in ms on a log scale.

import { isFollowUpName } from '../../models/signals.js';
import type { ScenarioResults, TopologyResult } from '../../experiment/results.js';
import { mergeHistograms, percentileSpectrum } from '../../experiment/collect/latency-histogram.js';
import { dataDomain, type Tick } from './axis.js';
import { chartSvg } from './chart.js';
import { topologyColor } from './palette.js';

const MIN_DECADES = 3;

/** The merged spectrum of one topology: [1/(1 − p), latency ms] per percentile level. */
function spectrum(t: TopologyResult): [number, number][] {
  const encoded = t.replications.flatMap((r) => Object.entries(r.stats.ops).filter(([op]) => !isFollowUpName(op)).map(([, o]) => o.latency));
  return percentileSpectrum(mergeHistograms(encoded)).map((p) => [1 / (1 - p.percentile / 100), p.valueNs / 1e6]);
}

/** "0%", "90%", "99%", "99.9%"… at 1/(1 − p) = 1, 10, 100, 1000… */
export function percentileTicks(decades: number): Tick[] {
  return Array.from({ length: decades + 1 }, (_, i) => ({ value: 10 ** i, label: `${(100 - 100 / 10 ** i).toFixed(Math.max(0, i - 2))}%` }));
}

export function latencySpectrumSvg(results: ScenarioResults): string {
  const series = results.topologies.map(spectrum);
  const highestX = Math.max(1, ...series.flatMap((s) => s.map((p) => p[0])));
  const decades = Math.max(MIN_DECADES, Math.ceil(Math.log10(highestX) - 1e-9));
  const reps = results.topologies[0]?.replications.length ?? 0;
  return chartSvg({
    title: `${results.scenario.name}: latency by percentile`,
    subtitle: `Successful requests, all ops, ${reps} replication(s) merged (HdrHistogram percentile spectrum).`,
    x: { label: 'percentile (%, log scale of 1/(1 − p))', scale: 'log', domain: [1, 10 ** decades], ticks: percentileTicks(decades) },
    panels: [{
      y: { label: 'latency (ms, log scale)', scale: 'log', domain: dataDomain(series.flatMap((s) => s.map((p) => p[1])), 'log') },
      lines: series.map((points, i) => ({ color: topologyColor(i), points })),
    }],
    legend: results.topologies.map((t, i) => ({
      label: `${t.name} (${t.kind})${series[i]!.length === 0 ? ': no request succeeded' : ''}`, color: topologyColor(i), kind: 'line',
    })),
  });
}
