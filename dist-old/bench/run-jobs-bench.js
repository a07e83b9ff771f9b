// `cachetopo run` as a user runs it, on worker threads: the same scenario with each --jobs value into
// fresh folders, each under GNU time (wall time and peak RSS of the whole process, its threads
// included); the wall ratio of the last to the first, and whether every output but perf.json is
// byte-identical across them.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const outputs = (dir) => readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name !== 'perf.json').map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
export function benchRunJobs(cliPath, scenario, jobs = [1, 2]) {
    const root = mkdtempSync(join(tmpdir(), 'cachetopo-bench-run-'));
    try {
        const figures = {};
        for (const j of jobs) {
            const time = join(root, `time-${j}`);
            const run = spawnSync('/usr/bin/time', ['-o', time, '-f', '%e %M', process.execPath, cliPath, 'run', scenario, '--jobs', String(j), '--quiet', '--out', join(root, `j${j}`)], { encoding: 'utf8' });
            if (run.status !== 0)
                throw new Error(`run --jobs ${j} failed: ${run.stderr}`);
            const [wallS, rssKb] = readFileSync(time, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
            figures[`jobs${j}WallSeconds`] = wallS;
            figures[`jobs${j}PeakRssBytes`] = rssKb * 1024;
        }
        const dirs = jobs.map((j) => join(root, `j${j}`));
        const names = outputs(dirs[0]);
        const identical = dirs.every((d) => JSON.stringify(outputs(d)) === JSON.stringify(names)
            && names.every((f) => readFileSync(join(d, f), 'utf8') === readFileSync(join(dirs[0], f), 'utf8')));
        const ratio = figures[`jobs${jobs.at(-1)}WallSeconds`] / figures[`jobs${jobs[0]}WallSeconds`];
        return { scenario, ...figures, ratio: Math.round(ratio * 1000) / 1000, identicalOutputs: identical };
    }
    finally {
        rmSync(root, { recursive: true, force: true });
    }
}
//# sourceMappingURL=run-jobs-bench.js.map