// Strict objects whose unknown-key error lists the keys that are allowed.
import { z } from 'zod';
export function strictObject(shape) {
    const known = Object.keys(shape).join(', ');
    return z.strictObject(shape, {
        error: (issue) => {
            if (issue.code === 'unrecognized_keys')
                return `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')} (known keys: ${known})`;
            if (issue.code === 'invalid_type')
                return `expected a mapping with keys ${known}`;
            return undefined;
        },
    });
}
//# sourceMappingURL=strict.js.map