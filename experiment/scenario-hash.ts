// A short, stable fingerprint of a resolved scenario: SHA-256 of its canonical JSON (sorted keys),
// first 12 hex digits. Reports carry it so any number can be traced to its exact inputs.

import { createHash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === Infinity) return 'Infinity';
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

export function scenarioHash(scenario: unknown): string {
  return createHash('sha256').update(canonicalJson(scenario)).digest('hex').slice(0, 12);
}
