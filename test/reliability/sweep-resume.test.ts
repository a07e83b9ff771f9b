// A sweep's folder survives damage: an empty or truncated run file, or a damaged sweep-plan.json, is
// named in one line, moved aside as .damaged, and only that run is done again; the outputs equal
// those of an undamaged sweep.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

const SWEEP = ['sweep', 'scenarios/mm1.yaml', '--set', 'duration=1s', '--set', 'warmup=0.5s', '--set', 'drain=0.1s',
  '--vary', 'workload.arrival.rate=50000/s,70000/s', '--replications', '2', '--jobs', '1'];

describe('resuming a damaged sweep', () => {
  it('moves a truncated run file and a damaged plan aside, names them, redoes that run only, and writes the same outputs; a file damaged again keeps the first copy', async () => {
    const dir = join(tempDir(), 'sweep');
    const first = await cli(...SWEEP, '--out', dir);
    expect(first.code, first.stderr).toBe(0);
    const sweepJson = readFileSync(join(dir, 'sweep.json'), 'utf8');
    const run = join(dir, 'runs', 'p0001-r000.json');
    writeFileSync(run, readFileSync(run, 'utf8').slice(0, 100));
    writeFileSync(join(dir, 'runs', 'p0000-r001.json'), '');
    writeFileSync(join(dir, 'sweep-plan.json'), '{"ha');

    const again = await cli(...SWEEP, '--out', dir);
    expect(again.code, again.stderr).toBe(0);
    const lines = again.stderr.trimEnd().split('\n').filter((l) => l.startsWith('cachetopo: '));
    expect(lines).toHaveLength(3);
    expect(lines).toContain(`cachetopo: ${join(dir, 'sweep-plan.json')} is damaged (not a sweep plan); written anew (kept as ${join(dir, 'sweep-plan.json')}.damaged)`);
    expect(lines.filter((l) => /runs\/p000[01]-r00[01]\.json is damaged \(empty, truncated or of another sweep\); its run is done again/.test(l))).toHaveLength(2);
    expect(existsSync(`${run}.damaged`)).toBe(true);
    expect(again.stdout).toMatch(/\(2 runs, 2 found done,/);
    expect(readFileSync(join(dir, 'sweep.json'), 'utf8')).toBe(sweepJson);

    const kept = readFileSync(`${run}.damaged`, 'utf8');
    writeFileSync(run, '');
    const third = await cli(...SWEEP, '--out', dir);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stderr).toContain(`(kept as ${run}.damaged-2)`);
    expect(readFileSync(`${run}.damaged`, 'utf8')).toBe(kept);
  });

  it('redoes a run file damaged in a way that still parses (one character of a histogram changed, a list emptied), as its digest no longer matches, and writes the same outputs', async () => {
    const dir = join(tempDir(), 'sweep');
    expect((await cli(...SWEEP, '--out', dir)).code).toBe(0);
    const sweepJson = readFileSync(join(dir, 'sweep.json'), 'utf8');
    const histogram = join(dir, 'runs', 'p0001-r001.json');
    const text = readFileSync(histogram, 'utf8');
    const at = text.indexOf('"latency":"') + 20;
    writeFileSync(histogram, `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`);
    const emptied = join(dir, 'runs', 'p0000-r000.json');
    writeFileSync(emptied, readFileSync(emptied, 'utf8').replace(/"topologies":\[.*\]/, '"topologies":[]'));
    expect(() => JSON.parse(readFileSync(histogram, 'utf8')) as unknown).not.toThrow();

    const again = await cli(...SWEEP, '--out', dir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr.split('\n').filter((l) => /runs\/p000[01]-r00[01]\.json is damaged/.test(l))).toHaveLength(2);
    expect(again.stdout).toMatch(/\(2 runs, 2 found done,/);
    expect(readFileSync(join(dir, 'sweep.json'), 'utf8')).toBe(sweepJson);
  });

  it('does not take the run files of another sweep for its own', async () => {
    const dir = join(tempDir(), 'sweep');
    expect((await cli(...SWEEP, '--out', dir)).code).toBe(0);
    const other = join(tempDir(), 'other');
    expect((await cli(...SWEEP, '--seed', '5', '--out', other)).code).toBe(0);
    writeFileSync(join(dir, 'runs', 'p0000-r000.json'), readFileSync(join(other, 'runs', 'p0000-r000.json')));
    const again = await cli(...SWEEP, '--out', dir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/p0000-r000\.json is damaged \(empty, truncated or of another sweep\)/);
    expect(again.stdout).toMatch(/\(1 runs, 3 found done,/);
  });
});
