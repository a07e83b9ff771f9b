// One topology's run over time, around its faults: replication 0's time series (bucket midpoints) in
// panels sharing the time axis (request p99 latency; completed and failed requests per second;
// origin queries per second, when there is an origin), with the faults (black) and the failover phases that followed each
// fault (grey dashed: pfail, fail, sdown, odown, election, promoted, switch-master, first-write,
// the first of each, as in the report's failover table) and the operations started in the topology
// (blue dotted: reshard, addNode, rebalance, …) as labelled vertical lines.

import type { ScenarioResults, TopologyResult } from '../../experiment/results.js';
import { FAULT_KINDS } from '../../models/signals.js';
import type { TimedEvent } from '../../experiment/collect/run-collectors.js';
import { FAILOVER_PHASES, failoverTimelines, type FailoverPhase } from '../failover-timeline.js';
import { dataDomain, type AxisSpec } from './axis.js';
import { chartSvg } from './chart.js';
import type { LegendEntry } from './legend.js';
import type { Marker } from './markers.js';
import { ERROR_COLOR, FAULT_COLOR, OPERATION_COLOR, PHASE_COLOR, topologyColor } from './palette.js';
import { operationTopology } from '../../models/operations/schedule-operations.js';

/** Phases as the events are named; `back` is the undoing fault's own marker already. */
const PHASE_LABELS: Record<Exclude<FailoverPhase, 'back'>, string> = {
  pfail: 'pfail', fail: 'fail', sdown: 'sdown', odown: 'odown', ejected: 'ejected', election: 'election', promoted: 'promoted', switchMaster: 'switch-master', firstWrite: 'first-write',
};
const PHASE_DASH = '4 3';
/** A latency axis spanning this many times its lowest value is drawn on a log scale. */
const LOG_RATIO = 100;

export function faultMarkers(events: readonly TimedEvent[]): Marker[] {
  const faults = events.filter((e) => (FAULT_KINDS as readonly string[]).includes(e.kind))
    .map((e): Marker => ({ x: e.timeNs / 1e9, label: `${e.kind} ${e.node}`, color: FAULT_COLOR, dash: '' }));
  const drawn = FAILOVER_PHASES.filter((p): p is keyof typeof PHASE_LABELS => p !== 'back');
  const phases = failoverTimelines(events).flatMap((t) => drawn.flatMap((p): Marker[] => {
    const after = t.phases[p];
    return after === null ? [] : [{ x: t.faultS + after, label: PHASE_LABELS[p], color: PHASE_COLOR, dash: PHASE_DASH }];
  }));
  const seen = new Set<string>();
  return [...faults, ...phases].filter((m) => {
    const key = `${m.x} ${m.label}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const OPERATION_DASH = '2 2';

/** The operations the scenario starts in topology `name` (reshard, add-node, rebalance, failover, del-node), at their start. */
function operationMarkers(results: ScenarioResults, name: string): Marker[] {
  return results.resolved.operations.filter((o) => operationTopology(o) === name)
    .map((o): Marker => ({ x: o.atNs / 1e9, label: o.kind, color: OPERATION_COLOR, dash: OPERATION_DASH }));
}

function latencyAxis(values: readonly (number | null)[]): AxisSpec {
  const domain = dataDomain(values.filter((v): v is number => v !== null), 'log');
  return domain[1] / domain[0] >= LOG_RATIO
    ? { label: 'request p99 (ms, log scale)', scale: 'log', domain }
    : { label: 'request p99 (ms)', scale: 'linear', domain: dataDomain([0, ...domain], 'linear') };
}

/** The time-series plot of topology `index` of a run (its replication 0). */
export function faultTimeSeriesSvg(results: ScenarioResults, index: number): string {
  const t: TopologyResult = results.topologies[index]!;
  const { timeSeries: ts, events } = t.replications[0]!.stats;
  const mid = ts.startS.map((s) => s + ts.bucketS / 2);
  const perS = (counts: readonly number[]) => counts.map((n, b): [number, number] => [mid[b]!, n / ts.bucketS]);
  const color = topologyColor(index);
  const markers = [...faultMarkers(events), ...operationMarkers(results, t.name)];
  const legend: LegendEntry[] = [
    { label: `${t.name} (${t.kind})`, color, kind: 'line' },
    { label: 'failed requests', color: ERROR_COLOR, kind: 'line', dash: '6 3' },
  ];
  if (markers.some((m) => m.color === FAULT_COLOR)) legend.push({ label: 'fault', color: FAULT_COLOR, kind: 'marker' });
  if (markers.some((m) => m.color === OPERATION_COLOR)) legend.push({ label: 'operation', color: OPERATION_COLOR, kind: 'marker', dash: OPERATION_DASH });
  if (markers.some((m) => m.color === PHASE_COLOR)) legend.push({ label: 'failover phase', color: PHASE_COLOR, kind: 'marker', dash: PHASE_DASH });
  const requests = [...ts.ok, ...ts.errors].map((n) => n / ts.bucketS);
  return chartSvg({
    title: `${results.scenario.name}: ${t.name} over time`,
    subtitle: `Replication 0 (seed ${t.replications[0]!.seed}), buckets of ${ts.bucketS} s; requests count when they finish.`,
    x: { label: 'time (s)', scale: 'linear', domain: [0, ts.startS.length * ts.bucketS] },
    panels: [
      { y: latencyAxis(ts.latencyP99Ms), lines: [{ color, points: ts.latencyP99Ms.map((v, b) => [mid[b]!, v]) }] },
      {
        y: { label: 'requests (/s)', scale: 'linear', domain: dataDomain([0, ...requests], 'linear') },
        lines: [{ color, points: perS(ts.ok) }, { color: ERROR_COLOR, dash: '6 3', points: perS(ts.errors) }],
      },
      ...(ts.originQueries.some((n) => n > 0) ? [{
        y: { label: 'origin queries (/s)', scale: 'linear', domain: dataDomain([0, ...ts.originQueriesPerS], 'linear') } satisfies AxisSpec,
        lines: [{ color, points: ts.originQueriesPerS.map((v, b): [number, number] => [mid[b]!, v]) }],
      }] : []),
    ],
    markers,
    legend,
    panelHeightPx: 180,
  });
}
