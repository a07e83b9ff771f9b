// Where each field of a loaded scenario came from, so that every problem names the place a person
// can fix: a line and column of the file, or the command-line flag (`--set`, `--vary`,
// `--calibration`) that wrote the field, or the line of the sweep axis value that did.

import type { Document, LineCounter } from 'yaml';
import { formatFieldPath, ScenarioError, type ScenarioIssue } from './scenario-error.js';
import { positionOf } from './source-map.js';

/** A field written over the file: by a flag, or by a value elsewhere in the file (a sweep axis). */
export interface Override {
  /** The field it wrote, list entries resolved to indexes. */
  path: readonly PropertyKey[];
  /** The flag as given, e.g. `--set workload.arrival.rate=1e12/s`; absent when `origin` is given. */
  flag?: string;
  /** The path of the file's node that holds the value (e.g. sweep.vary[0].values[2]). */
  origin?: readonly PropertyKey[];
}

const startsWith = (path: readonly PropertyKey[], prefix: readonly PropertyKey[]) =>
  prefix.length <= path.length && prefix.every((s, i) => String(s) === String(path[i]));

export class ScenarioSource {
  private readonly overrides: Override[] = [];

  constructor(readonly file: string, private readonly doc: Document | null = null, private readonly lines: LineCounter | null = null) {}

  /** Records that `o.path` was written over the file (later overrides win). */
  override(o: Override): void {
    this.overrides.push(o);
  }

  /** A located issue about the field at `path` (`key`: an unknown key under it). */
  issue(path: readonly PropertyKey[], message: string, key?: string): ScenarioIssue {
    const full = key === undefined ? path : [...path, key];
    const field = formatFieldPath(full);
    const written = [...this.overrides].reverse().find((o) => startsWith(full, o.path) || this.created(o.path, full));
    if (written?.flag !== undefined) return { file: this.file, flag: written.flag, line: 0, column: 0, field, message };
    const at = written?.origin ?? path;
    const pos = this.doc && this.lines ? positionOf(this.doc, this.lines, at, written ? undefined : key) : { line: 0, column: 0 };
    return { file: this.file, line: pos.line, column: pos.column, field, message: message + this.flagsBehind(full, message) };
  }

  /**
   * The flags that had a hand in a problem located in the file: those that wrote a part of the field
   * (`--set workload.mix.get=0` behind `workload.mix`), or a field the message names (`--set
   * duration=0s` behind "expected warmup shorter than duration"), as " (with --set …)"; else ''.
   */
  private flagsBehind(path: readonly PropertyKey[], message: string): string {
    const words = new Set(message.split(/[^A-Za-z0-9_.]+/));
    const flags = this.overrides.filter((o) => o.flag !== undefined
      && (startsWith(o.path, path) || words.has(formatFieldPath(o.path))));
    return flags.length === 0 ? '' : ` (with ${[...new Set(flags.map((o) => o.flag))].join(', ')})`;
  }

  /** Whether override path `written` made the field at `path` or one of its parents: the deepest node they share is not in the file (`--set workload.arival.rate=…` made `workload.arival`). */
  private created(written: readonly PropertyKey[], path: readonly PropertyKey[]): boolean {
    let shared = 0;
    while (shared < written.length && shared < path.length && String(written[shared]) === String(path[shared])) shared++;
    return shared > 0 && this.doc !== null && !this.doc.hasIn(path.slice(0, shared));
  }

  /** A ScenarioError of one issue about the field at `path`. */
  error(path: readonly PropertyKey[], message: string): ScenarioError {
    return new ScenarioError([this.issue(path, message)]);
  }
}
