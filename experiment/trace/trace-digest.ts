// The digest of the workload trace a scenario names: what a stored result depends on besides the
// scenario, so a sweep plan's and a capacity probe's identity include it (a result stored for
// another version of the trace is not reused) and a queued job carries it (job-inputs.ts). The file
// is read in chunks (a trace may exceed what one buffer holds), once per version of it in a process
// (remembered by path, size and modification time).

import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Scenario } from '../../models/scenario/scenario-schema.js';
import { fileChunks } from './file-lines.js';

const known = new Map<string, string>();

/** SHA-256 (first 16 hex digits) of the trace file that the scenario read from `file` names, or null if it names none. */
export function traceDigest(file: string, popularity: Scenario['workload']['popularity']): string | null {
  if (popularity.kind !== 'trace') return null;
  const path = resolve(dirname(file), popularity.file);
  const stat = statSync(path);
  const version = `${path}\0${stat.size}\0${stat.mtimeMs}`;
  let digest = known.get(version);
  if (digest === undefined) {
    const hash = createHash('sha256');
    for (const chunk of fileChunks(path, 'the trace')) hash.update(chunk);
    digest = hash.digest('hex').slice(0, 16);
    known.set(version, digest);
  }
  return digest;
}
