// `cachetopo compare`: two run folders or two sweep folders side by side, with the difference and
// whether it exceeds the combined confidence interval; exit 2 for folders that cannot be compared.

import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Comparison } from '../../reports/compare/compare-folders.js';
import { cli, eachBounded } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';


const SHORT = ['--set', 'duration=2s', '--set', 'warmup=0.5s', '--quiet'];
const root = tempDir();
const dir = (name: string) => join(root, name);

async function compareJson(a: string, b: string): Promise<Comparison> {
  const r = await cli('compare', dir(a), dir(b), '--json');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Comparison;
}

const metric = (c: Comparison, name: string) => c.rows.find((r) => r.metric === name)!;

describe('cachetopo compare', () => {
  beforeAll(async () => {
    const runs = [
      ['rate90k-seed1', '--set', 'replications=3'],
      ['rate90k-seed2', '--set', 'replications=3', '--seed', '2'],
      ['rate70k', '--set', 'replications=3', '--set', 'workload.arrival.rate=70000/s'],
      ['one-replication'],
      ['renamed-and-unlike', '--set', 'name=other', '--set', 'topologies=[{name: mm1, kind: cluster, primaries: 3, replicasPerPrimary: 0}]'],
    ];
    await eachBounded(runs, ([name, ...sets]) => cli('run', 'scenarios/mm1.yaml', ...SHORT, ...sets, '--out', dir(name!)));
    for (const seed of ['1', '2']) {
      await cli('sweep', 'scenarios/mm1.yaml', '--set', 'duration=1s', '--set', 'warmup=0.5s', '--seed', seed,
        '--vary', 'workload.arrival.rate=50000/s,70000/s', '--replications', '2', '--jobs', '1', '--quiet', '--out', dir(`sweep${seed}`));
    }
  });

  it('flags a 90k/s vs 70k/s mean latency as exceeding the combined CI, with B − A and √(hwA² + hwB²)', async () => {
    const c = await compareJson('rate90k-seed1', 'rate70k');
    const mean = metric(c, 'mean');
    expect(mean.verdict).toBe('significant');
    expect(mean.diff).toBe(mean.b.mean - mean.a.mean);
    expect(mean.combinedHalfWidth).toBe(Math.hypot(mean.a.halfWidth!, mean.b.halfWidth!));
    expect(Math.abs(mean.diff)).toBeGreaterThan(mean.combinedHalfWidth!);
    expect(metric(c, 'throughput').diffPct).toBeCloseTo(-22.2, 0);
  });

  it('finds the same load with another seed within the combined CI', async () => {
    const c = await compareJson('rate90k-seed1', 'rate90k-seed2');
    const mean = metric(c, 'mean');
    expect(mean.a.mean).not.toBe(mean.b.mean);
    expect(mean.verdict).toBe('within CI');
    expect(Math.abs(mean.diff)).toBeLessThanOrEqual(mean.combinedHalfWidth!);
  });

  it('warns when the pairs may not be like for like: another scenario, a topology of the same name but another kind', async () => {
    const c = await compareJson('one-replication', 'renamed-and-unlike');
    expect(c.mismatches).toEqual(['A is scenario mm1, B is scenario other', 'topology mm1 is a single in A and a cluster in B']);
    expect((await cli('compare', dir('one-replication'), dir('renamed-and-unlike'))).stdout).toContain('- ⚠ Paired by name, but A is scenario mm1, B is scenario other; topology mm1 is a single in A and a cluster in B');
    expect((await compareJson('rate90k-seed1', 'rate70k')).mismatches).toEqual([]);
  });

  it('refuses (exit 2, one line) a results.json edited by hand: ops removed, a histogram that is none, a window of 0', async () => {
    const edits: [string, (stats: Record<string, unknown>) => void, RegExp][] = [
      ['no-ops', (st) => { delete st.ops; }, /damaged \(a replication without its measurement window or ops\)/],
      ['zero-window', (st) => { st.windowNs = 0; }, /damaged \(a replication without its measurement window or ops\)/],
      ['bad-histogram', (st) => {
        const op = Object.values(st.ops as Record<string, Record<string, unknown>>)[0]!;
        const field = Object.keys(op).find((k) => typeof op[k] === 'string' && (op[k] as string).length > 20)!;
        op[field] = '@@@';
      }, /damaged results \(/],
    ];
    for (const [name, edit, message] of edits) {
      cpSync(dir('one-replication'), dir(name), { recursive: true });
      const file = join(dir(name), 'results.json');
      const results = JSON.parse(readFileSync(file, 'utf8')) as { topologies: { replications: { stats: Record<string, unknown> }[] }[] };
      edit(results.topologies[0]!.replications[0]!.stats);
      writeFileSync(file, JSON.stringify(results));
      const r = await cli('compare', dir('one-replication'), dir(name));
      expect(r.code, name).toBe(2);
      expect(r.stderr.trim().split('\n'), name).toHaveLength(1);
      expect(r.stderr, name).toMatch(message);
    }
  });

  it('says "no CI (1 replication)" when a side has one replication', async () => {
    const c = await compareJson('rate90k-seed1', 'one-replication');
    expect(c.rows.length).toBeGreaterThan(5);
    expect(c.rows.every((r) => r.verdict === 'no CI (1 replication)' && r.combinedHalfWidth === null)).toBe(true);
  });

  it('prints a markdown table of every metric with A, B, B − A, change and verdict', async () => {
    const r = await cli('compare', dir('rate90k-seed1'), dir('rate70k'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('| topology | metric | A | B | B − A | change | exceeds CI |');
    expect(r.stdout).toMatch(/\| mm1 \| mean \(ms\) \| [\d.]+ ± [\d.]+(?: †)? \| [\d.]+ ± [\d.]+(?: †)? \| -[\d.]+ \| -\d+\.\d % \| \*\*yes\*\* \(> [\d.]+\) \|/);
  });

  it('matches sweep points by label and topologies by name', async () => {
    const c = await compareJson('sweep1', 'sweep2');
    expect(c.kind).toBe('sweep');
    expect([...new Set(c.rows.map((r) => r.point))]).toEqual(['workload.arrival.rate=50000/s', 'workload.arrival.rate=70000/s']);
    expect(c.rows.every((r) => r.topology === 'mm1' && r.a.n === 2 && r.b.n === 2)).toBe(true);
    expect([c.onlyInA, c.onlyInB]).toEqual([[], []]);
  });

  it('exits 2 for a missing folder, a folder without results, and a run compared with a sweep', async () => {
    const missing = await cli('compare', dir('no-such'), dir('rate70k'));
    expect([missing.code, missing.stderr.trim()]).toEqual([2, `cachetopo compare: ${dir('no-such')}: no such folder`]);
    mkdirSync(dir('empty'));
    writeFileSync(join(dir('empty'), 'notes.txt'), 'x');
    const empty = await cli('compare', dir('rate70k'), dir('empty'));
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain(`${dir('empty')}: neither results.json`);
    const mixed = await cli('compare', dir('rate70k'), dir('sweep1'));
    expect([mixed.code, mixed.stderr.trim()]).toEqual([2, `cachetopo compare: ${dir('rate70k')} holds a run and ${dir('sweep1')} a sweep; compare two runs or two sweeps`]);
  });
});
