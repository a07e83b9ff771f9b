// The x axis of a sweep plot, from the first axis's values as written (YAML text): numbers, or
// quantities of one kind (durations, sizes, rates, bandwidths, counts, parsed by the scenario's own
// unit parsers) are placed by value, in a display unit chosen from the largest value, on a log scale
// when they span a factor of 20 or more; anything else (policies, modes, mixed kinds) is placed at
// evenly spaced categorical positions in the order given. Ticks are the swept values themselves,
// labelled in full (16,384 and 65,536, not 16,380 and 65,540).
import { parse as parseYaml } from 'yaml';
import { parseBandwidthBps, parseCount, parseDurationNs, parseRatePerS, parseSizeBytes } from '../../sim/time/units.js';
const scaled = (units) => (highest) => units.find(([, size]) => highest >= size) ?? units[units.length - 1];
const KINDS = [
    { parse: parseDurationNs, unit: scaled([['s', 1e9], ['ms', 1e6], ['µs', 1e3], ['ns', 1]]) },
    { parse: (v) => (typeof v === 'number' ? NaN : parseSizeBytes(v)), unit: scaled([['GB', 1e9], ['MB', 1e6], ['KB', 1e3], ['B', 1]]) },
    { parse: parseRatePerS, unit: () => ['/s', 1] },
    { parse: parseBandwidthBps, unit: scaled([['Gbit/s', 1e9], ['Mbit/s', 1e6], ['Kbit/s', 1e3], ['bit/s', 1]]) },
    { parse: parseCount, unit: () => ['count', 1] },
];
const LOG_SPAN = 20;
function parsed(text) {
    try {
        return parseYaml(text);
    }
    catch {
        return text;
    }
}
function asNumbers(values, kind) {
    if (!values.every((v) => typeof v === 'string' || typeof v === 'number'))
        return null;
    try {
        const xs = values.map((v) => kind.parse(v));
        return xs.every(Number.isFinite) ? xs : null;
    }
    catch {
        return null;
    }
}
/** A swept value as a tick label, whole (16,384, not 16,380): rounded only past 12 significant digits. */
const exact = (x) => Number(x.toPrecision(12)).toLocaleString('en-US', { maximumFractionDigits: 6 });
function numericAxis(path, xs, unit) {
    const low = Math.min(...xs);
    const high = Math.max(...xs);
    const log = low > 0 && high / low >= LOG_SPAN;
    const pad = (high - low) / 20 || Math.abs(high) / 10 || 1;
    return {
        spec: {
            label: `${path} (${unit}${log ? ', log scale' : ''})`,
            scale: log ? 'log' : 'linear',
            domain: log ? [low / 1.25, high * 1.25] : [low - pad, high + pad],
            ticks: [...new Set(xs)].sort((a, b) => a - b).map((value) => ({ value, label: exact(value) })),
        },
        xs: [...xs],
    };
}
export function sweepXAxis(axis) {
    const values = axis.values.map(parsed);
    if (values.every((v) => typeof v === 'number'))
        return numericAxis(axis.path, values, 'number');
    for (const kind of KINDS) {
        const base = asNumbers(values, kind);
        if (base === null)
            continue;
        const [unit, size] = kind.unit(Math.max(...base.map(Math.abs)));
        return numericAxis(axis.path, base.map((b) => b / size), unit);
    }
    return {
        spec: {
            label: `${axis.path} (category)`,
            scale: 'linear',
            domain: [-0.5, axis.values.length - 0.5],
            ticks: values.map((v, i) => ({ value: i, label: typeof v === 'string' ? v : axis.values[i] })),
        },
        xs: axis.values.map((_, i) => i),
    };
}
//# sourceMappingURL=sweep-axis.js.map