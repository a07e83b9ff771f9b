// Event markers: a labelled vertical line at an x value (a fault, a failover phase) across every panel
// of a chart. Labels sit in rows above the first panel, each next to the top of its line; a label goes
// to the lowest row where it does not overlap another (at most MAX_ROWS rows; then the least crowded
// row), and is drawn on a white halo so a line passing behind it does not hide it.
import { element, text, textWidth } from './svg.js';
export const MARKER_ROW_PX = 15;
const MAX_ROWS = 8;
const GAP_PX = 4;
/** Assigns each label a row (0 = nearest the plots) and a side of its line. */
export function placeMarkers(markers, s, area) {
    const rowEnds = [];
    const placed = [...markers].sort((a, b) => a.x - b.x).map((marker) => {
        const xPx = s(marker.x);
        const w = textWidth(marker.label);
        const anchor = xPx + 3 + w > area.left + area.width + 40 ? 'end' : 'start';
        const from = anchor === 'start' ? xPx + 3 : xPx - 3 - w;
        let row = rowEnds.findIndex((end) => end + GAP_PX <= from);
        if (row < 0 && rowEnds.length < MAX_ROWS)
            row = rowEnds.length;
        if (row < 0)
            row = rowEnds.indexOf(Math.min(...rowEnds));
        rowEnds[row] = Math.max(rowEnds[row] ?? -Infinity, from + w);
        return { marker, xPx, row, anchor };
    });
    return { placed, rows: rowEnds.length };
}
/** The lines, from each label's row down through the first panel and across the others (`panels`: [top, bottom] px); draw before the data. */
export function markerLines(placed, labelsBottom, panels) {
    return element('g', { class: 'markers' }, ...placed.flatMap((p) => panels.map(([top, bottom], i) => element('line', {
        x1: p.xPx, x2: p.xPx, y1: i === 0 ? labelsBottom - (p.row + 1) * MARKER_ROW_PX + 2 : top, y2: bottom,
        stroke: p.marker.color, 'stroke-width': 1.2, 'stroke-dasharray': p.marker.dash || undefined,
    }))));
}
/** The labels; draw after the data. `labelsBottom`: the baseline area's lower edge (top of the first panel). */
export function markerLabels(placed, labelsBottom) {
    return element('g', { class: 'marker-labels' }, ...placed.map((p) => text(p.anchor === 'start' ? p.xPx + 3 : p.xPx - 3, labelsBottom - p.row * MARKER_ROW_PX - 4, p.marker.label, {
        'text-anchor': p.anchor, fill: p.marker.color, 'font-size': 11,
        stroke: '#ffffff', 'stroke-width': 3, 'paint-order': 'stroke', class: 'marker-label',
    })));
}
//# sourceMappingURL=markers.js.map