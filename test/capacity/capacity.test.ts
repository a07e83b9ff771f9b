// `cachetopo capacity` against queueing theory, and its promises to a user: one search gives the same
// files on 1 or 2 threads, a second search reuses every probe, and bad input is refused before any work.
// M/M/1 (scenarios/mm1.yaml, μ = 100,000/s): the p99 of the sojourn time is ln(100)/(μ − λ), so the
// highest rate meeting p99 ≤ 1 ms is λ* = μ − ln(100)/1 ms = 95,395/s.

import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

const MU = 100_000;
const SLO_S = 1e-3;
const LAMBDA_STAR = MU - Math.log(100) / SLO_S;
const PRECISION = 0.02;
const MM1 = ['capacity', 'scenarios/mm1.yaml', '--slo', 'p99<=1ms', '--precision', '2%', '--set', 'duration=5s', '--quiet'];

describe('capacity of M/M/1 under a p99 SLO', () => {
  it('lands within its precision of the analytic rate, with the same files on 1 and 2 threads, and reuses its probes', async () => {
    const two = join(tempDir(), 'two');
    const one = join(tempDir(), 'one');
    const a = await cli(...MM1, '--jobs', '2', '--out', two);
    expect(a.code, a.stderr).toBe(0);
    const rows = parse(readFileSync(join(two, 'capacity.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1);
    const found = Number(rows[0]!.max_rate_per_s);
    const failed = Number(rows[0]!.failed_rate_per_s);
    expect(Math.abs(found - LAMBDA_STAR) / LAMBDA_STAR).toBeLessThanOrEqual(PRECISION);
    expect(failed - found).toBeLessThanOrEqual(PRECISION * found);
    expect(rows[0]!.limit).toMatch(/^CPU of server mm1\/server-0 \(\d+ % busy at/);

    const b = await cli(...MM1, '--jobs', '1', '--out', one);
    expect(b.code, b.stderr).toBe(0);
    for (const file of ['capacity.csv', 'capacity.json', 'report.md', 'capacity-mm1.svg']) {
      expect(readFileSync(join(one, file), 'utf8'), file).toBe(readFileSync(join(two, file), 'utf8'));
    }
    const again = await cli(...MM1.filter((x) => x !== '--quiet'), '--slo', 'errors<=1%', '--jobs', '1', '--out', one);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^Highest arrival rate meeting `p99<=1ms` and `errors<=1%`/);
    expect(again.stdout).toMatch(/\(0 probe runs, \d+ found done,/);
  });
});

describe('capacity on one thread', () => {
  it('stops at once on Ctrl-C, dropping the probe in progress (a probe of 10,000 s that would take longer than the test may)', async () => {
    const out = join(tempDir(), 'interrupted');
    const child = spawn(process.execPath, ['dist/cli/main.js', 'capacity', 'scenarios/mm1.yaml', '--slo', 'p99<=1ms', '--set', 'duration=10000s', '--jobs', '1', '--quiet', '--out', out],
      { stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      // The folder is prepared right before the Ctrl-C handler is installed; a second later the first probe runs.
      while (!existsSync(out)) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 1000));
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(stderr).toMatch(/interrupted; the 0 finished probes are kept in .*Run the same command again to go on/);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('the limit capacity names', () => {
  it('is the connection pool when 4 connections over a 1 ms round trip cap the load (about 4,000/s) far below the server\'s 100,000/s', async () => {
    const out = join(tempDir(), 'pool');
    const r = await cli('capacity', 'scenarios/mm1.yaml', '--slo', 'p99<=5ms', '--set', 'network.latency.sameZone=500us', '--set', 'workload.clients.poolSize=4',
      '--set', 'workload.arrival.rate=2000/s', '--set', 'duration=3s', '--precision', '5%', '--quiet', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const row = (parse(readFileSync(join(out, 'capacity.csv'), 'utf8'), { columns: true }) as Record<string, string>[])[0]!;
    expect(Number(row.max_rate_per_s)).toBeLessThan(4000);
    expect(Number(row.max_rate_per_s)).toBeGreaterThan(3000);
    expect(row.limit).toMatch(/^connection pool app-0 → mm1\/server-0 \(\d+ % of its connections in use/);
  });
});

describe('capacity refuses bad input before any work', () => {
  it.each([
    [['--slo', 'p99<1ms'], /^--slo "p99<1ms": expected \[op:\]metric<=bound/],
    [[], /^--slo: name at least one objective/],
    [['--slo', 'p99<=1ms', '--only', 'nope'], /^--only: unknown topology "nope" \(the scenario has: mm1\)/],
    [['--slo', 'p99<=1ms', '--precision', '0'], /^--precision: expected a share from 0\.1 % to 50 %/],
    [['--slo', 'p99<=1ms', '--op', 'put'], /^--op: unknown op "put"/],
  ])('%j: exit 2 and one line naming the flag', async (flags, line) => {
    const out = join(tempDir(), 'out');
    const r = await cli('capacity', 'scenarios/mm1.yaml', ...flags, '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(line);
  });

  it('refuses a bad SLO in the scenario\'s slo: block at its place, and uses the block when no --slo is given', async () => {
    const bad = await cli('capacity', 'scenarios/mm1.yaml', '--set', 'slo=["p99<1ms"]', '--out', join(tempDir(), 'o'));
    expect(bad.code).toBe(2);
    expect(bad.stderr.trimEnd()).toMatch(/^--set slo=\["p99<1ms"\]: slo\[0\]: "p99<1ms": expected \[op:\]metric<=bound/);
    const out = join(tempDir(), 'block');
    const r = await cli('capacity', 'scenarios/mm1.yaml', '--set', 'slo=["p50<=100us"]', '--set', 'duration=2s', '--precision', '10%', '--quiet', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    // The SLO's column names its unit: its values are ns.
    expect(readFileSync(join(out, 'capacity.csv'), 'utf8')).toContain('slo p50<=100us (ns)');
  });

  it('names the arrival field of a closed-loop scenario: its line in the file, or the flag that wrote it', async () => {
    const file = join(tempDir(), 'closed.yaml');
    const text = readFileSync('scenarios/mm1.yaml', 'utf8').replace(/arrival: \{[^}]*\}/, 'arrival: { connections: 10 }');
    writeFileSync(file, text);
    const line = text.split('\n').findIndex((l) => l.includes('connections: 10')) + 1;
    const inFile = await cli('capacity', file, '--slo', 'p99<=1ms', '--out', join(tempDir(), 'o'));
    expect(inFile.code).toBe(2);
    expect(inFile.stderr.trimEnd()).toMatch(new RegExp(`^${file}:${line}:\\d+: workload\\.arrival: capacity searches the open-loop arrival rate`));
    const byFlag = await cli('capacity', 'scenarios/clustering-tax.yaml', '--slo', 'p99<=1ms', '--set', 'workload.arrival={connections: 10}', '--out', join(tempDir(), 'o'));
    expect(byFlag.code).toBe(2);
    expect(byFlag.stderr.trimEnd()).toMatch(/^--set workload\.arrival=\{connections: 10\}: workload\.arrival: capacity searches the open-loop arrival rate/);
  });
});
