// Units at the boundary: scenario strings become integers in base units here and nowhere else.
// Durations → integer nanoseconds; sizes → bytes; rates → events per second; bandwidth → bits per second.
// Every parser returns a number or throws a UnitError whose message says what was expected.
export class UnitError extends Error {
}
const DURATION_NS = {
    ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, min: 60e9, h: 3600e9,
};
const SIZE_BYTES = {
    B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4,
};
const BANDWIDTH_BPS = { bps: 1, Kbps: 1e3, Mbps: 1e6, Gbps: 1e9, Tbps: 1e12 };
const RATE_PER_S = { '/s': 1, '/ms': 1e3, '/us': 1e6, '/m': 1 / 60, '/min': 1 / 60, '/h': 1 / 3600 };
const NUMBER_WITH_UNIT = /^([+-]?(?:\d[\d_]*)(?:\.\d+)?(?:e[+-]?\d+)?)\s*([A-Za-zµ/]*)$/;
function parseWithUnits(text, table, what, example) {
    const match = NUMBER_WITH_UNIT.exec(text.trim());
    const value = match && Object.hasOwn(table, match[2]) ? Number(match[1].replaceAll('_', '')) * table[match[2]] : NaN;
    if (!Number.isFinite(value)) {
        throw new UnitError(`expected ${what} like ${example} (units: ${Object.keys(table).join(', ')})`);
    }
    return value;
}
/**
 * The longest duration: virtual time is integer nanoseconds in a double, exact up to 2^53 ns
 * (about 104 days); beyond it two instants 1 ns apart could not be told apart.
 */
export const MAX_DURATION_NS = Number.MAX_SAFE_INTEGER;
/** The highest rate: one event per nanosecond, the clock's resolution. */
export const MAX_RATE_PER_S = 1e9;
/** The largest size: byte counts are summed in doubles, exact up to 2^53 bytes (8 PiB). */
export const MAX_SIZE_BYTES = Number.MAX_SAFE_INTEGER;
/** "250us", "1.5ms", "15s", "2m" → integer nanoseconds. A bare 0 is accepted. */
export function parseDurationNs(value) {
    if (value === 0 || value === '0')
        return 0;
    if (typeof value === 'number')
        throw new UnitError(`expected a duration with a unit like "15s" or "250us", got the bare number ${value}`);
    const ns = parseWithUnits(value, DURATION_NS, 'a duration', '"15s", "250us", "1.5ms"');
    if (ns < 0)
        throw new UnitError('expected a duration ≥ 0');
    if (Math.round(ns) > MAX_DURATION_NS)
        throw new UnitError('expected a duration of at most 104 days (2^53 ns, the clock\'s exact range)');
    return Math.round(ns);
}
/** "2KB", "1.5GiB", "512B" → bytes (rounded to an integer). A bare number is bytes. */
export function parseSizeBytes(value) {
    const bytes = typeof value === 'number' ? value : parseWithUnits(value, SIZE_BYTES, 'a size', '"512B", "2KB", "1.5GiB"');
    if (!Number.isFinite(bytes) || bytes < 0)
        throw new UnitError('expected a size ≥ 0');
    if (Math.round(bytes) > MAX_SIZE_BYTES)
        throw new UnitError('expected a size of at most 8 PiB (2^53 bytes)');
    return Math.round(bytes);
}
/** "10Gbps" → bits per second; "unlimited" → Infinity (no serialization delay). */
export function parseBandwidthBps(value) {
    if (value === 'unlimited')
        return Infinity;
    if (typeof value === 'number')
        throw new UnitError(`expected a bandwidth like "10Gbps" or "unlimited", got the bare number ${value}`);
    const bps = parseWithUnits(value, BANDWIDTH_BPS, 'a bandwidth', '"10Gbps", "100Mbps" or "unlimited"');
    if (!(bps > 0))
        throw new UnitError('expected a bandwidth > 0');
    return bps;
}
/** "50000/s", "2/ms" → events per second. */
export function parseRatePerS(value) {
    if (typeof value === 'number')
        throw new UnitError(`expected a rate like "50000/s", got the bare number ${value}`);
    const rate = parseWithUnits(value.replace(/\s+/g, ''), RATE_PER_S, 'a rate', '"50000/s", "2/ms"');
    if (!(rate > 0))
        throw new UnitError('expected a rate > 0');
    if (rate > MAX_RATE_PER_S)
        throw new UnitError('expected a rate of at most 1e9/s (one per nanosecond, the clock\'s resolution)');
    return rate;
}
/** A whole count: 1000, "1_000_000". */
export function parseCount(value) {
    const n = typeof value === 'number' ? value : /^\d[\d_]*$/.test(value.trim()) ? Number(value.replaceAll('_', '')) : NaN;
    if (!Number.isSafeInteger(n) || n < 0)
        throw new UnitError(`expected a whole number ≥ 0 like 1000 or "1_000_000"`);
    return n;
}
/** Nanoseconds → milliseconds with microsecond resolution, for reports. */
export function nsToMs(ns) {
    return Math.round(ns / 1e3) / 1e3;
}
export const NS_PER_S = 1e9;
//# sourceMappingURL=units.js.map