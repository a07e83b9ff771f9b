// A chart: a title, one or more panels stacked over a shared x axis (each with its own y axis), lines
// (gaps where a value is null), bands (the area between a low and a high line), event markers across
// all panels and a legend on the right. Returns a standalone SVG document.
import { area as d3area, line as d3line } from 'd3-shape';
import { bottomAxis, leftAxis, makeScale, tickLabelWidth } from './axis.js';
import { legend, legendHeight, legendWidth } from './legend.js';
import { MARKER_ROW_PX, markerLabels, markerLines, placeMarkers } from './markers.js';
import { element, svgDocument, text, textWidth } from './svg.js';
const EDGE_PX = 16;
const PANEL_GAP_PX = 34;
const BOTTOM_PX = 56;
function drawable(s, kind, v) {
    return v !== null && Number.isFinite(v) && (kind === 'linear' || v > 0) && Number.isFinite(s(v));
}
function panelBody(p, xs, xKind, ys) {
    const out = [];
    for (const b of p.bands ?? []) {
        const path = d3area()
            .defined((d) => drawable(xs, xKind, d.x) && drawable(ys, p.y.scale, d.low) && drawable(ys, p.y.scale, d.high))
            .x((d) => xs(d.x)).y0((d) => ys(d.low)).y1((d) => ys(d.high)).digits(2)(b.points);
        if (path)
            out.push(element('path', { d: path, fill: b.color, 'fill-opacity': 0.2, stroke: 'none', class: 'band' }));
    }
    for (const l of p.lines) {
        const ok = (d) => drawable(xs, xKind, d[0]) && drawable(ys, p.y.scale, d[1]);
        const path = d3line().defined(ok).x((d) => xs(d[0])).y((d) => ys(d[1])).digits(2)(l.points);
        if (path) {
            out.push(element('path', { d: path, fill: 'none', stroke: l.color, 'stroke-width': 1.8, 'stroke-dasharray': l.dash || undefined, 'stroke-linejoin': 'round', class: 'series' }));
        }
        if (l.dots)
            out.push(...l.points.filter(ok).map((d) => element('circle', { cx: xs(d[0]), cy: ys(d[1]), r: 2.8, fill: l.color })));
    }
    return out;
}
export function chartSvg(spec) {
    const plotWidth = spec.plotWidthPx ?? 600;
    const panelHeight = spec.panelHeightPx ?? 320;
    const left = EDGE_PX + 16 + 10 + Math.max(...spec.panels.map((p) => tickLabelWidth(p.y))) + 10;
    const xs = makeScale(spec.x, [left, left + plotWidth]);
    const headerPx = EDGE_PX + 22 + (spec.subtitle ? 18 : 0) + 8;
    const firstArea = { left, top: 0, width: plotWidth, height: panelHeight };
    const { placed, rows } = placeMarkers(spec.markers ?? [], xs, firstArea);
    const top = headerPx + rows * MARKER_ROW_PX + (rows > 0 ? 6 : 0);
    const areas = spec.panels.map((_, i) => ({ left, top: top + i * (panelHeight + PANEL_GAP_PX), width: plotWidth, height: panelHeight }));
    const last = areas[areas.length - 1];
    const legendLeft = left + plotWidth + 24;
    const width = Math.max(legendLeft + legendWidth(spec.legend) + EDGE_PX, EDGE_PX * 2 + textWidth(spec.title, 15));
    const height = Math.max(last.top + last.height + BOTTOM_PX, top + legendHeight(spec.legend) + EDGE_PX);
    const body = [
        text(EDGE_PX, EDGE_PX + 14, spec.title, { 'font-size': 15, 'font-weight': 'bold', class: 'title' }),
    ];
    if (spec.subtitle)
        body.push(text(EDGE_PX, EDGE_PX + 34, spec.subtitle, { fill: '#555555', class: 'subtitle' }));
    const lines = [];
    spec.panels.forEach((p, i) => {
        const a = areas[i];
        const ys = makeScale(p.y, [a.top + a.height, a.top]);
        body.push(bottomAxis(spec.x, xs, a, i === spec.panels.length - 1), leftAxis(p.y, ys, a, EDGE_PX + 10));
        lines.push(element('g', { class: 'panel' }, ...panelBody(p, xs, spec.x.scale, ys)));
    });
    if (placed.length > 0)
        body.push(markerLines(placed, top - 6, areas.map((a) => [a.top, a.top + a.height])));
    body.push(...lines);
    if (placed.length > 0)
        body.push(markerLabels(placed, top - 6));
    body.push(legend(spec.legend, legendLeft, top));
    return svgDocument(width, height, spec.title, body);
}
//# sourceMappingURL=chart.js.map