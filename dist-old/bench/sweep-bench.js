// The speed-up of `cachetopo sweep` from worker threads: the same sweep (node-timeout-sweep: 3
// timeouts × 5 replications) with --jobs 1 and --jobs 2 into fresh folders, wall time of each,
// their ratio, and whether the outputs are byte-identical.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const OUTPUTS = ['sweep.json', 'summary.csv', 'timeseries.csv', 'report.md'];
export function benchSweepJobs(cliPath, scenario) {
    const root = mkdtempSync(join(tmpdir(), 'cachetopo-bench-sweep-'));
    try {
        const wall = (jobs) => {
            const started = performance.now();
            const run = spawnSync(process.execPath, [cliPath, 'sweep', scenario, '--jobs', String(jobs), '--out', join(root, `j${jobs}`), '--quiet'], { encoding: 'utf8' });
            if (run.status !== 0)
                throw new Error(`sweep --jobs ${jobs} failed: ${run.stderr}`);
            return (performance.now() - started) / 1000;
        };
        const oneS = wall(1);
        const twoS = wall(2);
        const identical = OUTPUTS.every((f) => readFileSync(join(root, 'j1', f), 'utf8') === readFileSync(join(root, 'j2', f), 'utf8'));
        return { scenario, jobs1WallSeconds: round(oneS), jobs2WallSeconds: round(twoS), ratio: round(twoS / oneS), identicalOutputs: identical };
    }
    finally {
        rmSync(root, { recursive: true, force: true });
    }
}
const round = (x) => Math.round(x * 1000) / 1000;
//# sourceMappingURL=sweep-bench.js.map