// A duration for a person to read: three significant digits in the unit that fits (ns, µs, ms, s),
// so a non-zero value never prints as 0 and a small one keeps its resolution.
const UNITS = [[1e9, 's'], [1e6, 'ms'], [1e3, 'µs'], [1, 'ns']];
export function formatDurationNs(ns) {
    if (!Number.isFinite(ns))
        return ns > 0 ? '∞' : String(ns);
    if (ns === 0)
        return '0';
    const abs = Math.abs(ns);
    const [scale, unit] = UNITS.find(([s]) => abs >= s * 0.9995) ?? UNITS[3];
    const value = ns / scale;
    return `${Number(value.toPrecision(3)).toLocaleString('en-US', { maximumSignificantDigits: 3 })} ${unit}`;
}
//# sourceMappingURL=format-duration.js.map