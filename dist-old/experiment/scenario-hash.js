// A short, stable fingerprint of a resolved scenario: SHA-256 of its canonical JSON (sorted keys),
// first 12 hex digits. Reports carry it so any number can be traced to its exact inputs.
import { createHash } from 'node:crypto';
export function canonicalJson(value) {
    return JSON.stringify(value, (_key, v) => {
        if (v === Infinity)
            return 'Infinity';
        if (v && typeof v === 'object' && !Array.isArray(v)) {
            return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
        }
        return v;
    });
}
export function scenarioHash(scenario) {
    return createHash('sha256').update(canonicalJson(scenario)).digest('hex').slice(0, 12);
}
//# sourceMappingURL=scenario-hash.js.map