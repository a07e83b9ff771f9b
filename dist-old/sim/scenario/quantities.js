// Zod schemas for quantities with units. A scenario writes "15s", "2KB", "10Gbps", "50000/s",
// "1_000_000"; the parsed value is an integer in the base unit (ns, bytes, bits/s, 1/s, count).
// These are the only place where scenario units are parsed.
import { z } from 'zod';
import { parseBandwidthBps, parseCount, parseDurationNs, parseRatePerS, parseSizeBytes, UnitError, } from '../time/units.js';
/** `kind` is kept in the JSON Schema as "x-quantity" (for the scenario reference), whatever the field's description. */
function quantity(parse, kind, description) {
    return z
        .union([z.string(), z.number()], { error: () => `expected ${description}` })
        .transform((value, ctx) => {
        try {
            return parse(value);
        }
        catch (error) {
            if (!(error instanceof UnitError))
                throw error;
            ctx.addIssue({ code: 'custom', message: error.message, input: value });
            return z.NEVER;
        }
    })
        .meta({ description, 'x-quantity': kind });
}
export const durationNs = () => quantity(parseDurationNs, 'duration', 'a duration like "15s", "250us", "1.5ms"');
export const sizeBytes = () => quantity(parseSizeBytes, 'size', 'a size like "512B", "2KB", "1.5GiB" (a bare number is bytes)');
export const bandwidthBps = () => quantity(parseBandwidthBps, 'bandwidth', 'a bandwidth like "10Gbps" or "unlimited"');
export const ratePerS = () => quantity(parseRatePerS, 'rate', 'a rate like "50000/s"');
export const count = () => quantity(parseCount, 'count', 'a whole number ≥ 0 like 1000 or "1_000_000"');
/** A plain real number within [min, max]. */
export const real = (min = -Infinity, max = Infinity) => z.number({ error: () => `expected a number${rangeText(min, max)}` })
    .refine((x) => x >= min && x <= max, { error: () => `expected a number${rangeText(min, max)}` });
function rangeText(min, max) {
    if (min > -Infinity && max < Infinity)
        return ` in [${min}, ${max}]`;
    if (min > -Infinity)
        return ` ≥ ${min}`;
    if (max < Infinity)
        return ` ≤ ${max}`;
    return '';
}
//# sourceMappingURL=quantities.js.map