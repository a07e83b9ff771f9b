// A sweep's output folder as the record of what finished: `sweep-plan.json` (the plan's hash and
// axes) and one `runs/p<point>-r<replication>.json` per finished job, each written to a temporary
// name and renamed, so a file present is a job complete. A folder holding another sweep is refused.

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SweepJobResult } from './sweep-job.js';
import { SweepPlanError, type SweepPlan } from './sweep-plan.js';

export class SweepStore {
  constructor(readonly dir: string, private readonly plan: SweepPlan) {}

  /** Creates the folder, or checks that it holds this same sweep. */
  open(): void {
    const planFile = join(this.dir, 'sweep-plan.json');
    const text = `${JSON.stringify({ hash: this.plan.hash, axes: this.plan.axes, replications: this.plan.replications }, null, 1)}\n`;
    if (existsSync(planFile)) {
      const found = JSON.parse(readFileSync(planFile, 'utf8')) as { hash?: string };
      if (found.hash !== this.plan.hash) {
        throw new SweepPlanError(`${this.dir} holds another sweep (plan ${found.hash ?? '?'}, this one is ${this.plan.hash}): use another --out, or delete it`);
      }
      return;
    }
    mkdirSync(join(this.dir, 'runs'), { recursive: true });
    writeAtomically(planFile, text);
  }

  has(point: number, replication: number): boolean {
    return existsSync(this.file(point, replication));
  }

  /** Stores a finished job's result (its JSON text). */
  put(point: number, replication: number, json: string): void {
    writeAtomically(this.file(point, replication), `${json}\n`);
  }

  get(point: number, replication: number): SweepJobResult {
    return JSON.parse(readFileSync(this.file(point, replication), 'utf8')) as SweepJobResult;
  }

  private file(point: number, replication: number): string {
    return join(this.dir, 'runs', `p${String(point).padStart(4, '0')}-r${String(replication).padStart(3, '0')}.json`);
  }
}

export function writeAtomically(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}
