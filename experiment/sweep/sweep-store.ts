// A sweep's output folder as the record of what finished: `sweep-plan.json` (the plan's hash and
// axes) and one `runs/p<point>-r<replication>.json` per finished job, each written to a temporary
// name, fsynced, renamed, and the folder fsynced, so a file present is a job complete even after a
// power loss. A folder holding another sweep is refused. A damaged file (empty, truncated, not this
// plan's, or not matching the digest it carries: sealed-json.ts) is named in one line, moved aside as
// `<name>.damaged` (`.damaged-2`, … when an earlier one is kept) and its job run again; a damaged
// plan file is moved aside the same way and written anew (each run file carries the plan's hash, so
// runs of another sweep are never taken for this one's).

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { keepAside, writeDurably } from '../durable-file.js';
import { sealJson, unsealJson } from '../sealed-json.js';
import type { SweepJobResult } from './sweep-job.js';
import { SweepPlanError, type SweepPlan } from './sweep-plan.js';

export interface StoredRun extends SweepJobResult {
  /** The hash of the plan the run belongs to. */
  plan: string;
}

export class SweepStore {
  /** Called with one line for each damaged file moved aside. */
  onDamaged: (message: string) => void = () => {};

  constructor(readonly dir: string, private readonly plan: SweepPlan) {}

  /** Creates the folder, or checks that it holds this same sweep. */
  open(): void {
    const planFile = join(this.dir, 'sweep-plan.json');
    const text = `${JSON.stringify({ hash: this.plan.hash, axes: this.plan.axes, replications: this.plan.replications }, null, 1)}\n`;
    mkdirSync(join(this.dir, 'runs'), { recursive: true });
    if (existsSync(planFile)) {
      let found: { hash?: unknown } | null = null;
      try {
        found = JSON.parse(readFileSync(planFile, 'utf8')) as { hash?: unknown } | null;
      } catch {
        // Damaged: handled below.
      }
      if (typeof found?.hash === 'string') {
        if (found.hash !== this.plan.hash) {
          throw new SweepPlanError(`${this.dir} holds another sweep (plan ${found.hash}, this one is ${this.plan.hash}): use another --out, or delete it`);
        }
        return;
      }
      this.moveAside(planFile, 'is damaged (not a sweep plan); written anew');
    }
    writeDurably(planFile, text);
  }

  /** True when the job's run file is present and sound; a damaged one is moved aside (and false). */
  has(point: number, replication: number): boolean {
    const file = this.file(point, replication);
    if (!existsSync(file)) return false;
    if (this.read(point, replication) !== null) return true;
    this.moveAside(file, 'is damaged (empty, truncated or of another sweep); its run is done again');
    return false;
  }

  /** Stores a finished job's result (its JSON text, as SweepJobResult). */
  put(point: number, replication: number, json: string): void {
    writeDurably(this.file(point, replication), sealJson({ plan: this.plan.hash, ...(JSON.parse(json) as SweepJobResult) }));
  }

  get(point: number, replication: number): SweepJobResult {
    const run = this.read(point, replication);
    if (run === null) throw new SweepPlanError(`${this.file(point, replication)} is damaged: run the sweep again to redo it`);
    return run;
  }

  private read(point: number, replication: number): StoredRun | null {
    try {
      const run = unsealJson(readFileSync(this.file(point, replication), 'utf8')) as StoredRun | null;
      const sound = run !== null && run.plan === this.plan.hash && run.point === point && run.replication === replication && Array.isArray(run.topologies);
      return sound ? run : null;
    } catch {
      return null;
    }
  }

  private moveAside(file: string, why: string): void {
    this.onDamaged(`${file} ${why} (kept as ${keepAside(file)})`);
  }

  private file(point: number, replication: number): string {
    return join(this.dir, 'runs', `p${String(point).padStart(4, '0')}-r${String(replication).padStart(3, '0')}.json`);
  }
}
