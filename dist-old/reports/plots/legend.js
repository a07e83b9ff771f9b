// The legend of a chart: one entry per series (a line in its color and dash), per band (a filled
// swatch) and per kind of event marker (a vertical stroke), stacked in a column right of the plots.
import { element, text, textWidth } from './svg.js';
const SWATCH_PX = 24;
const ROW_PX = 18;
export const legendWidth = (entries) => SWATCH_PX + 8 + Math.max(0, ...entries.map((e) => textWidth(e.label)));
export const legendHeight = (entries) => entries.length * ROW_PX;
function swatch(e, x, y) {
    const dash = e.dash ? e.dash : undefined;
    if (e.kind === 'band')
        return element('rect', { x, y: y - 5, width: SWATCH_PX, height: 10, fill: e.color, 'fill-opacity': 0.25 });
    if (e.kind === 'marker') {
        return element('line', { x1: x + SWATCH_PX / 2, x2: x + SWATCH_PX / 2, y1: y - 7, y2: y + 7, stroke: e.color, 'stroke-width': 1.5, 'stroke-dasharray': dash });
    }
    return element('line', { x1: x, x2: x + SWATCH_PX, y1: y, y2: y, stroke: e.color, 'stroke-width': 2, 'stroke-dasharray': dash });
}
export function legend(entries, left, top) {
    return element('g', { class: 'legend' }, ...entries.map((e, i) => {
        const y = top + i * ROW_PX + ROW_PX / 2;
        return element('g', { class: 'legend-entry' }, swatch(e, left, y), text(left + SWATCH_PX + 8, y + 4, e.label));
    }));
}
//# sourceMappingURL=legend.js.map