// Reads a scenario file, applies `--set path=value` overrides, validates it, and resolves defaults.
// Every problem becomes a ScenarioError naming file, line, field and what was expected (or the flag
// that wrote the field). The file is checked before it is parsed: a regular file of at most
// MAX_SCENARIO_BYTES, valid UTF-8. A workload trace is read here (see trace/workload-trace.ts).

import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { parseYaml, validateDocument } from '../sim/scenario/load-document.js';
import { ScenarioError } from '../sim/scenario/scenario-error.js';
import { ScenarioSource } from '../sim/scenario/scenario-source.js';
import { setPath, SetPathError } from '../sim/scenario/set-path.js';
import { scenarioSchema, type Scenario } from '../models/scenario/scenario-schema.js';
import { sloOpUnissued } from '../models/scenario/slo-params.js';
import { readWorkloadTrace } from './trace/workload-trace.js';

/** The largest scenario file: 10 MB, far above any hand-written one, read and parsed in well under a second. */
export const MAX_SCENARIO_BYTES = 10_000_000;

/** An override: `path=value` as --set takes it, with what wrote it (default: `--set <text>`). */
export type SetInput = string | { text: string; flag?: string; origin?: readonly PropertyKey[] };

export interface LoadedScenario {
  file: string;
  scenario: Scenario;
  /** Locates the scenario's fields (for problems found after validation, e.g. its cost). */
  source: ScenarioSource;
}

export function loadScenario(file: string, sets: readonly SetInput[] = []): LoadedScenario {
  return parseScenario(readScenarioText(file), file, sets);
}

/** The file's text, or a ScenarioError: missing, not a regular file, too large, not UTF-8; `what` names the file's role in the messages. */
export function readScenarioText(file: string, what = 'scenario'): string {
  const fail = (message: string, line = 0, column = 0) => new ScenarioError([{ file, line, column, field: '', message }]);
  let fd: number;
  try {
    // Non-blocking, so that opening a FIFO nobody writes to does not hang: it is refused below.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw fail(`cannot read the ${what}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message}`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw fail(`cannot read the ${what}: not a regular file (${stat.isDirectory() ? 'a folder' : 'a device, pipe or socket'})`);
    if (stat.size > MAX_SCENARIO_BYTES) {
      throw fail(`the ${what} is ${stat.size.toLocaleString('en-US')} bytes, more than the ${MAX_SCENARIO_BYTES.toLocaleString('en-US')} a ${what} may have${what === 'scenario' ? ' (put large data in a trace file)' : ''}`);
    }
    const bytes = Buffer.alloc(stat.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    const invalid = firstInvalidUtf8(bytes.subarray(0, read));
    if (invalid >= 0) {
      const start = characterStart(bytes, invalid);
      const before = bytes.subarray(0, start).toString('utf8').split('\n');
      const hex = (at: number) => `0x${bytes[at]!.toString(16).padStart(2, '0')}`;
      const cutBy = invalid === read - 1 && bytes[invalid]! >= 0x80 && bytes[invalid]! <= 0xbf ? 'the end of the file' : `byte ${invalid} (${hex(invalid)})`;
      throw fail(start < invalid
        ? `not UTF-8 text: the character that byte ${start} (${hex(start)}) begins is broken by ${cutBy}`
        : `not UTF-8 text: byte ${invalid} (${hex(invalid)}) starts no valid character`, before.length, before.at(-1)!.length + 1);
    }
    return bytes.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** The offset of the byte at which UTF-8 decoding first fails, or −1 (a binary search over prefixes, decoded as a stream). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const valid = (end: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end), { stream: end < bytes.length });
      return true;
    } catch {
      return false;
    }
  };
  if (valid(bytes.length)) return -1;
  let low = 0; // valid
  let high = bytes.length; // invalid
  while (high - low > 1) {
    const mid = (low + high) >>> 1;
    if (valid(mid)) low = mid;
    else high = mid;
  }
  return high - 1;
}

/** Where the character that byte `at` breaks begins: the lead byte of the sequence it cuts short (at most 3 bytes back), else `at` itself. */
function characterStart(bytes: Uint8Array, at: number): number {
  for (let k = at - 1; k >= Math.max(0, at - 3); k--) {
    const b = bytes[k]!;
    if (b >= 0x80 && b <= 0xbf) continue;
    return b >= 0xc0 ? k : at;
  }
  return at;
}

/**
 * Refuses SLOs on an op the workload never issues: they would hold at any load (and capacity would
 * search for ever). For the commands that judge SLOs (run, capacity, validate); a sweep judges none,
 * and its axes may take an op's share to 0 at some points.
 */
export function checkSlosMeasurable(loaded: LoadedScenario): void {
  const { scenario, source } = loaded;
  const issues = scenario.slo.flatMap((slo, i) => {
    const unissued = sloOpUnissued(slo, scenario.workload.mix);
    return unissued ? [source.issue(['slo', i], unissued)] : [];
  });
  if (issues.length > 0) throw new ScenarioError(issues);
}

export function parseScenario(text: string, file: string, sets: readonly SetInput[] = []): LoadedScenario {
  const { data, doc, lines } = parseYaml(text, file);
  const source = new ScenarioSource(file, doc, lines);
  let overridden = data;
  for (const set of sets) {
    const { text: setText, flag = `--set ${setText}`, origin } = typeof set === 'string' ? { text: set } : set;
    const eq = setText.indexOf('=');
    try {
      if (eq <= 0) throw new SetPathError(`expected path=value, got "${setText}"`);
      const result = setPath(overridden, setText.slice(0, eq).trim(), setText.slice(eq + 1));
      overridden = result.data;
      source.override(origin ? { path: result.resolved, origin } : { path: result.resolved, flag });
    } catch (error) {
      if (!(error instanceof SetPathError)) throw error;
      if (origin) throw source.error(origin, error.message);
      throw new ScenarioError([{ file, flag, line: 0, column: 0, field: eq > 0 ? setText.slice(0, eq).trim() : '', message: error.message }]);
    }
  }
  const scenario = validateDocument(scenarioSchema, overridden, source);
  readWorkloadTrace(scenario, { data: overridden, source });
  return { file, scenario, source };
}
