// A sweep's plots: per metric that has values, its mean over replications against the first swept
// axis, one line per topology with a band of mean ± the 95 % CI half-width. With more axes, each
// combination of the other axes' values is a series of its own: same color (the topology's), its own
// dash pattern, named "topology · path=value, …" in the legend; so one file per metric holds the
// whole sweep. Points are joined in the order of their x value.
import { SWEEP_METRICS } from '../sweep/sweep-metrics.js';
import { dataDomain } from './axis.js';
import { chartSvg } from './chart.js';
import { safeFileName } from '../../sim/scenario/safe-file-name.js';
import { dashOf, topologyColor } from './palette.js';
import { sweepXAxis } from './sweep-axis.js';
function metricSeries(s, m, xs) {
    const x = (values) => xs[s.axes[0].values.indexOf(values[0])];
    const others = [...new Set(s.points.map((p) => JSON.stringify(p.values.slice(1))))];
    const topologies = s.points[0]?.topologies ?? [];
    return topologies.flatMap((t, ti) => others.map((key, oi) => {
        const rows = s.points.filter((p) => JSON.stringify(p.values.slice(1)) === key).flatMap((p) => {
            const st = p.topologies[ti]?.metrics[m.name];
            return st ? [{ x: x(p.values), mean: st.mean, half: st.halfWidth ?? 0 }] : [];
        }).sort((a, b) => a.x - b.x);
        const rest = JSON.parse(key).map((v, i) => `${s.axes[i + 1].path}=${v}`).join(', ');
        const color = topologyColor(ti);
        const dash = dashOf(oi);
        return {
            line: { color, dash, dots: true, points: rows.map((r) => [r.x, r.mean]) },
            band: { color, points: rows.map((r) => ({ x: r.x, low: r.mean - r.half, high: r.mean + r.half })) },
            legend: { label: `${t.name} (${t.kind})${rest ? ` · ${rest}` : ''}`, color, dash, kind: 'line' },
            highs: rows.map((r) => r.mean + r.half),
            lows: rows.map((r) => r.mean - r.half),
        };
    }));
}
export function sweepPlots(s) {
    if (s.axes.length === 0)
        return [];
    const axis = sweepXAxis(s.axes[0]);
    return SWEEP_METRICS.flatMap((m) => {
        const series = metricSeries(s, m, axis.xs);
        if (series.every((c) => c.line.points.length === 0))
            return [];
        return [{
                metric: m.name,
                file: `sweep-${safeFileName(m.name)}.svg`,
                svg: chartSvg({
                    title: `${s.scenario.name}: ${m.label} vs ${s.axes[0].path}`,
                    subtitle: `Mean over ${s.replications} replication(s); band: 95 % confidence interval (Student t).`,
                    x: axis.spec,
                    panels: [{
                            y: { label: `${m.label} (${m.unit})`, scale: 'linear', domain: dataDomain(series.flatMap((c) => [...c.lows, ...c.highs]), 'linear') },
                            bands: series.map((c) => c.band),
                            lines: series.map((c) => c.line),
                        }],
                    legend: [...series.map((c) => c.legend), { label: '95 % CI of the mean', color: '#888888', kind: 'band' }],
                }),
            }];
    });
}
//# sourceMappingURL=sweep-plot.js.map