// A capacity search's plot for one topology: each latency SLO's value (pessimistic end of the 95 %
// CI, log scale, ms) against the offered rate of every probe, the SLO's bound as a dashed line, and
// the capacity (the highest rate that met every SLO) marked. A probe whose latency was infinite
// (more requests failed than the percentile allows) leaves a gap.
import { safeFileName } from '../../sim/scenario/safe-file-name.js';
import { dataDomain } from './axis.js';
import { chartSvg } from './chart.js';
import { dashOf, FAULT_COLOR, topologyColor } from './palette.js';
function topologyPlot(s, t, index) {
    const latency = s.slos.map((text, i) => ({ text, i })).filter(({ i }) => t.probes[0]?.verdicts[i]?.slo.metric === 'latency');
    if (latency.length === 0 || t.probes.length === 0)
        return null;
    const probes = [...t.probes].sort((a, b) => a.ratePerS - b.ratePerS);
    const rates = probes.map((p) => p.ratePerS);
    const lines = [];
    const legend = [];
    const values = [];
    latency.forEach(({ text, i }, k) => {
        const color = topologyColor(index + k);
        const points = probes.map((p) => {
            const v = p.verdicts[i].pessimistic;
            return [p.ratePerS, Number.isFinite(v) ? v / 1e6 : null];
        });
        const boundMs = probes[0].verdicts[i].slo.bound / 1e6;
        values.push(...points.map(([, v]) => v ?? NaN), boundMs);
        lines.push({ color, dots: true, points }, { color, dash: dashOf(1), points: [[Math.min(...rates), boundMs], [Math.max(...rates), boundMs]] });
        legend.push({ label: `${text}: measured`, color, kind: 'line' }, { label: `${text}: bound`, color, dash: dashOf(1), kind: 'line' });
    });
    const markers = t.maxRatePerS === null ? [] : [{ x: t.maxRatePerS, label: `capacity ${t.maxRatePerS.toLocaleString('en-US')}/s`, color: FAULT_COLOR, dash: '' }];
    if (markers.length > 0)
        legend.push({ label: 'highest rate meeting the SLOs', color: FAULT_COLOR, kind: 'marker' });
    return {
        file: `capacity-${safeFileName(t.name)}.svg`,
        svg: chartSvg({
            title: `${s.scenario.name}: ${t.name} (${t.kind}), latency vs offered load`,
            subtitle: `Each probe's SLO value at the pessimistic end of its 95 % CI (${s.replications} replication(s)); a gap: more requests failed than the percentile allows.`,
            x: { label: 'offered load (requests/s)', scale: 'linear', domain: dataDomain(rates, 'linear') },
            panels: [{ y: { label: 'latency (ms)', scale: 'log', domain: dataDomain(values, 'log') }, lines }],
            markers,
            legend,
        }),
    };
}
export function capacityPlots(s) {
    return s.topologies.flatMap((t, i) => topologyPlot(s, t, i) ?? []);
}
//# sourceMappingURL=capacity-plot.js.map