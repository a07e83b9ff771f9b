// The overhead of running a sweep through the BullMQ queue: the same sweep (node-timeout-sweep: 3
// timeouts × 5 replications) with `sweep --jobs 2` and with `sweep --queue` served by two local
// `cachetopo worker --jobs 1` processes (started and connected before the clock starts), on a
// redis-server of its own (loopback, stopped by PID). Wall time of each, their ratio, and whether
// the outputs are byte-identical.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redisInstalled, RedisFleet } from '../validation/redis-fleet.js';
const OUTPUTS = ['sweep.json', 'summary.csv', 'timeseries.csv', 'report.md'];
function cachetopo(cliPath, args) {
    return spawn(process.execPath, [cliPath, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}
/** Resolves with the wall seconds of `args`, rejects with its stderr if it fails. */
function timed(cliPath, args) {
    const started = performance.now();
    const child = cachetopo(cliPath, args);
    let stderr = '';
    child.stderr.on('data', (c) => { stderr += c.toString(); });
    return new Promise((resolve, reject) => child.once('exit', (code) => (code === 0 ? resolve((performance.now() - started) / 1000) : reject(new Error(`cachetopo ${args[0]} failed: ${stderr}`)))));
}
/** A worker process, resolved once it is connected to the queue. */
function startWorker(cliPath, url) {
    const child = cachetopo(cliPath, ['worker', '--queue', url, '--jobs', '1']);
    return new Promise((resolve) => child.stderr.on('data', (c) => { if (c.toString().includes('Ctrl-C to stop'))
        resolve(child); }));
}
export async function benchSweepQueue(cliPath, scenario) {
    if (!redisInstalled())
        throw new Error('sweepQueue needs redis-server (apt-get install -y redis-server redis-tools redis-sentinel)');
    const root = mkdtempSync(join(tmpdir(), 'cachetopo-bench-queue-'));
    const fleet = new RedisFleet(22600);
    const workers = [];
    try {
        const url = `redis://127.0.0.1:${(await fleet.server('bench-queue', [])).port}`;
        const localS = await timed(cliPath, ['sweep', scenario, '--jobs', '2', '--out', join(root, 'local'), '--quiet']);
        workers.push(await startWorker(cliPath, url), await startWorker(cliPath, url));
        const queueS = await timed(cliPath, ['sweep', scenario, '--queue', url, '--out', join(root, 'queue'), '--quiet']);
        const identical = OUTPUTS.every((f) => readFileSync(join(root, 'local', f), 'utf8') === readFileSync(join(root, 'queue', f), 'utf8'));
        return { scenario, jobs2WallSeconds: round(localS), queueTwoWorkersWallSeconds: round(queueS), ratio: round(queueS / localS), identicalOutputs: identical };
    }
    finally {
        for (const w of workers)
            w.kill('SIGKILL');
        fleet.stopAll();
        rmSync(root, { recursive: true, force: true });
    }
}
const round = (x) => Math.round(x * 1000) / 1000;
//# sourceMappingURL=sweep-queue-bench.js.map