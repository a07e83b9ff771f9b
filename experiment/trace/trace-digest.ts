// The digest of the workload trace a scenario names: what a stored result depends on besides the
// scenario, so a sweep plan's and a capacity probe's identity include it (a result stored for
// another version of the trace is not reused) and a queued job carries it (job-inputs.ts).

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Scenario } from '../../models/scenario/scenario-schema.js';

/** SHA-256 (first 16 hex digits) of the trace file that the scenario read from `file` names, or null if it names none. */
export function traceDigest(file: string, popularity: Scenario['workload']['popularity']): string | null {
  if (popularity.kind !== 'trace') return null;
  return createHash('sha256').update(readFileSync(resolve(dirname(file), popularity.file))).digest('hex').slice(0, 16);
}
