// A sweep's output folder as the record of what finished: `sweep-plan.json` (the plan's hash and
// axes) and one `runs/p<point>-r<replication>.json` per finished job, each written to a temporary
// name, fsynced, renamed, and the folder fsynced, so a file present is a job complete even after a
// power loss. A folder holding another sweep is refused. A damaged file (empty, truncated, not this
// plan's) is named in one line, moved aside as `<name>.damaged` and its job run again; a damaged
// plan file is moved aside the same way and written anew (each run file carries the plan's hash, so
// runs of another sweep are never taken for this one's).
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { writeDurably } from '../durable-file.js';
import { SweepPlanError } from './sweep-plan.js';
export class SweepStore {
    dir;
    plan;
    /** Called with one line for each damaged file moved aside. */
    onDamaged = () => { };
    constructor(dir, plan) {
        this.dir = dir;
        this.plan = plan;
    }
    /** Creates the folder, or checks that it holds this same sweep. */
    open() {
        const planFile = join(this.dir, 'sweep-plan.json');
        const text = `${JSON.stringify({ hash: this.plan.hash, axes: this.plan.axes, replications: this.plan.replications }, null, 1)}\n`;
        mkdirSync(join(this.dir, 'runs'), { recursive: true });
        if (existsSync(planFile)) {
            let found = null;
            try {
                found = JSON.parse(readFileSync(planFile, 'utf8'));
            }
            catch {
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
    has(point, replication) {
        const file = this.file(point, replication);
        if (!existsSync(file))
            return false;
        if (this.read(point, replication) !== null)
            return true;
        this.moveAside(file, 'is damaged (empty, truncated or of another sweep); its run is done again');
        return false;
    }
    /** Stores a finished job's result (its JSON text, as SweepJobResult). */
    put(point, replication, json) {
        writeDurably(this.file(point, replication), `${JSON.stringify({ plan: this.plan.hash, ...JSON.parse(json) })}\n`);
    }
    get(point, replication) {
        const run = this.read(point, replication);
        if (run === null)
            throw new SweepPlanError(`${this.file(point, replication)} is damaged: run the sweep again to redo it`);
        return run;
    }
    read(point, replication) {
        try {
            const run = JSON.parse(readFileSync(this.file(point, replication), 'utf8'));
            const sound = run !== null && run.plan === this.plan.hash && run.point === point && run.replication === replication && Array.isArray(run.topologies);
            return sound ? run : null;
        }
        catch {
            return null;
        }
    }
    moveAside(file, why) {
        renameSync(file, `${file}.damaged`);
        this.onDamaged(`${file} ${why} (kept as ${file}.damaged)`);
    }
    file(point, replication) {
        return join(this.dir, 'runs', `p${String(point).padStart(4, '0')}-r${String(replication).padStart(3, '0')}.json`);
    }
}
//# sourceMappingURL=sweep-store.js.map