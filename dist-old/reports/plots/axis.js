// Chart axes: a linear or log scale (d3-scale) over a domain, its ticks (the scale's own round values,
// or explicit ones such as percentiles or swept values) and the SVG of a bottom or left axis: line,
// tick marks, tick labels (a label that would overlap the previous one is left out), grid lines and
// the axis title, which carries the unit.
import { scaleLinear, scaleLog } from 'd3-scale';
import { element, FONT_SIZE_PX, px, text, textWidth } from './svg.js';
const GRID_COLOR = '#e3e3e3';
const AXIS_COLOR = '#333333';
const TICK_PX = 5;
export function formatNumber(x) {
    return x.toLocaleString('en-US', { maximumSignificantDigits: 4 });
}
export function makeScale(spec, range) {
    const s = spec.scale === 'log' ? scaleLog() : scaleLinear();
    s.domain(spec.domain).range(range).clamp(true);
    if (!spec.ticks)
        s.nice();
    return s;
}
/** A domain that holds every value, never empty (a single value is widened; a lone 0 to [0, 1]). */
export function dataDomain(values, kind) {
    const usable = values.filter((v) => Number.isFinite(v) && (kind === 'linear' || v > 0));
    if (usable.length === 0)
        return kind === 'log' ? [1, 10] : [0, 1];
    const low = Math.min(...usable);
    const high = Math.max(...usable);
    if (low < high)
        return [low, high];
    if (kind === 'log')
        return [low / 2, high * 2];
    return low === 0 ? [0, 1] : [low - Math.abs(low) / 10, high + Math.abs(high) / 10];
}
function logTicks(s) {
    const [low, high] = s.domain();
    const all = s.ticks();
    const decades = all.filter((v) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9);
    const shown = decades.length >= 3 ? decades : all.filter((v) => [1, 2, 5].includes(Math.round(v / 10 ** Math.floor(Math.log10(v) + 1e-9))));
    return shown.filter((v) => v >= low * (1 - 1e-9) && v <= high * (1 + 1e-9)).map((value) => ({ value, label: formatNumber(value) }));
}
export function axisTicks(spec) {
    if (spec.ticks)
        return spec.ticks;
    const s = makeScale(spec, [0, 1]);
    if (spec.scale === 'log')
        return logTicks(s);
    const format = s.tickFormat(6);
    return s.ticks(6).map((value) => ({ value, label: format(value) }));
}
/** Width of the widest tick label, px (left margins are sized from it). */
export function tickLabelWidth(spec) {
    return Math.max(0, ...axisTicks(spec).map((t) => textWidth(t.label)));
}
/** The x axis under `area`; `title` false leaves out the axis title (stacked panels share the bottom one). */
export function bottomAxis(spec, s, area, title) {
    const y = area.top + area.height;
    const out = [];
    let freeFrom = -Infinity;
    for (const t of axisTicks(spec)) {
        const x = s(t.value);
        out.push(element('line', { x1: x, x2: x, y1: area.top, y2: y, stroke: GRID_COLOR }));
        out.push(element('line', { x1: x, x2: x, y1: y, y2: y + TICK_PX, stroke: AXIS_COLOR }));
        const half = textWidth(t.label) / 2;
        if (x - half >= freeFrom) {
            out.push(text(x, y + TICK_PX + 13, t.label, { 'text-anchor': 'middle', class: 'tick-label' }));
            freeFrom = x + half + 6;
        }
    }
    out.push(element('line', { x1: area.left, x2: area.left + area.width, y1: y, y2: y, stroke: AXIS_COLOR }));
    if (title)
        out.push(text(area.left + area.width / 2, y + TICK_PX + 34, spec.label, { 'text-anchor': 'middle', class: 'axis-label' }));
    return element('g', { class: 'axis axis-x' }, ...out);
}
/** The y axis left of `area`, its title rotated (in a smaller font if longer than the axis), `titleX` px from the left edge of the figure. */
export function leftAxis(spec, s, area, titleX) {
    const out = [];
    let freeBelow = Infinity;
    for (const t of axisTicks(spec)) {
        const y = s(t.value);
        out.push(element('line', { x1: area.left, x2: area.left + area.width, y1: y, y2: y, stroke: GRID_COLOR }));
        out.push(element('line', { x1: area.left - TICK_PX, x2: area.left, y1: y, y2: y, stroke: AXIS_COLOR }));
        if (y + 6 <= freeBelow) {
            out.push(text(area.left - TICK_PX - 3, y + 4, t.label, { 'text-anchor': 'end', class: 'tick-label' }));
            freeBelow = y - 8;
        }
    }
    out.push(element('line', { x1: area.left, x2: area.left, y1: area.top, y2: area.top + area.height, stroke: AXIS_COLOR }));
    const cy = area.top + area.height / 2;
    const fits = area.height / textWidth(spec.label);
    out.push(text(titleX, cy, spec.label, {
        'text-anchor': 'middle', transform: `rotate(-90 ${px(titleX)} ${px(cy)})`, class: 'axis-label',
        'font-size': fits < 1 ? Math.floor(FONT_SIZE_PX * fits * 10) / 10 : undefined,
    }));
    return element('g', { class: 'axis axis-y' }, ...out);
}
//# sourceMappingURL=axis.js.map