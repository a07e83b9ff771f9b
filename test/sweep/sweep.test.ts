// cachetopo sweep: the plan (axes, points, labels), common random numbers, failures that do not stop
// the others, resuming after an interruption, and the same outputs whatever the number of threads.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSweep, type SweepRunOptions } from '../../experiment/sweep/run-sweep.js';
import { loadScenario } from '../../experiment/load-scenario.js';
import { parseVary, scenarioAxes, SweepPlanError, sweepPlan } from '../../experiment/sweep/sweep-plan.js';
import { replicationSeed } from '../../sim/random/rng.js';
import { tempDir } from '../support/temp-dir.js';

const MM1 = 'scenarios/mm1.yaml';
const SHORT = ['duration=1500ms', 'warmup=500ms', 'drain=100ms'];

describe('sweep plan', () => {
  it('splits --vary values at top-level commas only', () => {
    expect(parseVary('topologies.c.nodeTimeout=1s,2s, 5s')).toEqual({ path: 'topologies.c.nodeTimeout', values: ['1s', '2s', '5s'] });
    expect(parseVary('workload.popularity={zipf: 0.9},{zipf: 1.1},uniform').values).toEqual(['{zipf: 0.9}', '{zipf: 1.1}', 'uniform']);
    expect(parseVary("x='a,b',c").values).toEqual(["'a,b'", 'c']);
    expect(() => parseVary('nothing')).toThrow(SweepPlanError);
    expect(() => parseVary('x=1,,2')).toThrow(/empty value/);
  });

  it('reads the axes of a scenario\'s sweep: block, values as they are written, each knowing its place in the block', () => {
    const { scenario } = loadScenario('scenarios/node-timeout-sweep.yaml');
    expect(scenarioAxes(scenario)).toEqual([{ path: 'topologies.cluster.nodeTimeout', values: ['1s', '2s', '5s'], fromScenario: 0 }]);
  });

  it('runs the Cartesian product with the first axis slowest, and refuses an axis given twice', () => {
    const plan = sweepPlan('text', [], [{ path: 'a', values: ['1', '2'] }, { path: 'b', values: ['x', 'y', 'z'] }], 3);
    expect(plan.points.map((p) => p.label)).toEqual(['a=1, b=x', 'a=1, b=y', 'a=1, b=z', 'a=2, b=x', 'a=2, b=y', 'a=2, b=z']);
    expect(() => sweepPlan('text', [], [{ path: 'a', values: ['1'] }, { path: 'a', values: ['2'] }], 1)).toThrow(/twice/);
    expect(sweepPlan('text', [], [{ path: 'a', values: ['1'] }], 2).hash).not.toBe(sweepPlan('text', [], [{ path: 'a', values: ['1'] }], 3).hash);
  });
});

function options(dir: string, signal: AbortSignal, vary = 'workload.arrival.rate=50000/s,80000/s', replications = 2): SweepRunOptions {
  const plan = sweepPlan(readFileSync(MM1, 'utf8'), SHORT, [parseVary(vary)], replications);
  return { file: MM1, baseSets: SHORT, plan, rootSeed: 1, dir, threads: 0, signal };
}

describe('runSweep', () => {
  it('runs replication r of every point with the same seed (common random numbers)', async () => {
    const dir = tempDir();
    const outcome = await runSweep(options(dir, new AbortController().signal));
    expect(outcome.missing).toBe(0);
    const seeds = outcome.points.map((p) => p.results.topologies[0]!.replications.map((r) => r.seed));
    expect(seeds).toEqual([[replicationSeed(1, 0), replicationSeed(1, 1)], [replicationSeed(1, 0), replicationSeed(1, 1)]]);
    expect(seeds[0]![0]).not.toBe(seeds[0]![1]);
  });

  it('reports a failing run with its seed and error, and finishes the others', async () => {
    const dir = tempDir();
    const failures: unknown[] = [];
    const outcome = await runSweep({
      ...options(dir, new AbortController().signal, 'topologies.mm1.server.maxmemory=1GB,lots'), onFailure: (f) => failures.push(f),
    });
    expect(outcome.failures.map((f) => [f.point, f.replication, f.seed])).toEqual([[1, 0, replicationSeed(1, 0)], [1, 1, replicationSeed(1, 1)]]);
    expect(outcome.failures[0]!.error).toMatch(/maxmemory/);
    expect(failures).toHaveLength(2);
    expect(outcome.points.map((p) => p.point.index)).toEqual([0]);
    expect(outcome.missing).toBe(2);
  });

  it('keeps the runs finished before an interruption and runs only the missing ones when resumed', async () => {
    const dir = tempDir();
    const controller = new AbortController();
    const first = await runSweep({ ...options(dir, controller.signal), onProgress: (p) => { if (p.done === 1) controller.abort(); } });
    expect(first.missing).toBe(3);
    expect(readdirSync(join(dir, 'runs'))).toEqual(['p0000-r000.json']);
    const second = await runSweep(options(dir, new AbortController().signal));
    expect(second.resumed).toBe(1);
    expect(second.missing).toBe(0);
    const fresh = await runSweep(options(tempDir(), new AbortController().signal));
    expect(JSON.stringify(second.points)).toBe(JSON.stringify(fresh.points));
  });

  it('refuses a folder that holds another sweep', async () => {
    const dir = tempDir();
    await runSweep(options(dir, new AbortController().signal, 'workload.arrival.rate=50000/s', 1));
    await expect(runSweep(options(dir, new AbortController().signal, 'workload.arrival.rate=60000/s', 1))).rejects.toThrow(/holds another sweep/);
  });
});

describe('cachetopo sweep (CLI, worker threads)', () => {
  const CLI = 'dist/cli/main.js';
  const args = (out: string, jobs: number) => ['sweep', MM1, ...SHORT.flatMap((s) => ['--set', s]), '--vary', 'workload.arrival.rate=50000/s,80000/s',
    '--replications', '3', '--jobs', String(jobs), '--out', out, '--quiet'];
  const OUTPUTS = ['sweep.json', 'summary.csv', 'timeseries.csv', 'report.md'];

  it('exits 2 with one clear line for a malformed --vary, an axis value the scenario rejects, or nothing to sweep', () => {
    const bad = (extra: string[]) => spawnSync('node', [CLI, 'sweep', MM1, '--out', tempDir(), '--quiet', ...extra], { encoding: 'utf8' });
    const malformed = bad(['--vary', 'nothing']);
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toMatch(/--vary needs path=v1,v2/);
    const rejected = bad(['--vary', 'workload.keys=10,-3']);
    expect(rejected.status).toBe(2);
    expect(rejected.stderr).toMatch(/workload\.keys/);
    const none = bad([]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/nothing to sweep/);
  });

  it('runs a point whose mix issues none of an SLO\'s op (a sweep judges no SLO; `run` of that point refuses it)', () => {
    const sets = [...SHORT, 'slo=["set:p99<=1ms"]'].flatMap((s) => ['--set', s]);
    const swept = spawnSync('node', [CLI, 'sweep', MM1, ...sets, '--vary', 'workload.mix={get: 1},{get: 0.9, set: 0.1}', '--jobs', '1', '--out', tempDir(), '--quiet'], { encoding: 'utf8' });
    expect([swept.status, swept.stderr]).toEqual([0, '']);
    const ran = spawnSync('node', [CLI, 'run', MM1, ...sets, '--out', tempDir(), '--quiet'], { encoding: 'utf8' });
    expect(ran.status).toBe(2);
    expect(ran.stderr).toMatch(/slo\[0\]: "set:p99<=1ms": the workload issues no SET/);
  });

  it('writes the same outputs with 1 and 2 threads, and after Ctrl-C and a resumption, byte for byte', async () => {
    expect(existsSync(CLI)).toBe(true);
    const whole = tempDir();
    expect(spawnSync('node', [CLI, ...args(whole, 2)], { encoding: 'utf8' }).status).toBe(0);
    const broken = tempDir();
    const child = spawn('node', [CLI, ...args(broken, 1)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const runs = join(broken, 'runs');
    while (!(existsSync(runs) && readdirSync(runs).some((f) => f.endsWith('.json')))) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted; \d of 6 runs are kept in .*Run the same command again/);
    const kept = readdirSync(runs).filter((f) => f.endsWith('.json')).length;
    expect(kept).toBeGreaterThanOrEqual(1);
    expect(kept).toBeLessThan(6);
    const resumed = spawnSync('node', [CLI, ...args(broken, 1)].filter((a) => a !== '--quiet'), { encoding: 'utf8' });
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`${6 - kept} runs, ${kept} found done`));
    for (const f of OUTPUTS) expect(readFileSync(join(broken, f), 'utf8')).toBe(readFileSync(join(whole, f), 'utf8'));
  });
});
