// Outputs that are safe to rely on: a bad --out is refused before any simulation; a write that
// fails midway (a full disk) is one line, removes its temporary files and leaves the previous
// outputs untouched; a folder always holds one run (a narrower --format leaves nothing stale for
// `compare`); names a scenario gives cannot run as spreadsheet formulas or as HTML.

import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../experiment/load-scenario.js';
import { runScenario } from '../../experiment/run-scenario.js';
import { OutputWriteError } from '../../reports/run-folder.js';
import { writeOutputs, type Perf } from '../../reports/write-outputs.js';
import { cli, cliTimed } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

const MM1_SHORT = ['--set', 'duration=1s', '--set', 'warmup=0.5s', '--set', 'drain=0.1s', '--quiet'];
const PERF: Perf = { wallSeconds: 1, events: 1, eventsPerSecond: 1, peakRssBytes: 1 };
/** clustering-tax as shipped needs minutes of CPU: a refusal within 5 s of CPU did not simulate first. */
const LONG = 'scenarios/clustering-tax.yaml';

const filesUnder = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();

describe('--out checked before the simulation', () => {
  it('refuses an --out that is a file, with exit 2 and one line, spending no simulation time', async () => {
    const file = join(tempDir(), 'taken');
    writeFileSync(file, 'not a folder');
    const r = await cliTimed('run', LONG, '--out', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`--out ${file}: is a file, not a folder\n`);
    expect(r.cpuSeconds).toBeLessThan(5);
    expect(readFileSync(file, 'utf8')).toBe('not a folder');
  });

  it('refuses an --out below a file, and one whose name is too long, before simulating', async () => {
    const file = join(tempDir(), 'plain');
    writeFileSync(file, '');
    const below = await cliTimed('run', LONG, '--out', join(file, 'sub'));
    expect(below.code).toBe(2);
    expect(below.stderr).toMatch(/^--out .*plain\/sub: cannot write there: a parent is not a folder\n$/);
    expect(below.cpuSeconds).toBeLessThan(5);
    const long = await cliTimed('run', LONG, '--out', join(tempDir(), 'x'.repeat(300)));
    expect(long.code).toBe(2);
    expect(long.stderr).toMatch(/cannot write there: file name too long\n$/);
    expect(long.cpuSeconds).toBeLessThan(5);
  });
});

describe('a write that fails midway', () => {
  const { scenario } = loadScenario('scenarios/mm1.yaml', ['duration=1s', 'warmup=0.5s', 'drain=0.1s']);
  const { results } = runScenario(scenario);

  it('throws one line naming the file, removes its temporary files and leaves the previous outputs as they were', () => {
    const dir = tempDir();
    writeOutputs(dir, results, ['md', 'csv', 'json'], PERF);
    const before = Object.fromEntries(filesUnder(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
    const failing = {
      writeFile: (path: string, text: string) => {
        if (path.includes('results.json')) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        writeFileSync(path, text, { flag: 'wx' });
      },
      rename: () => {
        throw new Error('no rename may happen once a write failed');
      },
    };
    expect(() => writeOutputs(dir, results, ['md', 'csv', 'json', 'svg', 'hgrm'], PERF, failing))
      .toThrow(new OutputWriteError(`cannot write ${join(dir, 'results.json')}: no space left on device`));
    expect(Object.fromEntries(filesUnder(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]))).toEqual(before);
  });

  it('on a full disk (a 256 KiB tmpfs), exits 1 with one line and keeps the previous run whole', async (context) => {
    const mount = join(tempDir(), 'full');
    mkdirSync(mount);
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mount]);
    if (mounted.status !== 0) {
      context.skip(`cannot mount a tmpfs here (${mounted.stderr.toString().trim() || 'not permitted'}); the injected-error test above covers the writer`);
      return;
    }
    try {
      const out = join(mount, 'out');
      const first = await cli('run', 'scenarios/mm1.yaml', ...MM1_SHORT, '--format', 'md', '--out', out);
      expect(first.code, first.stderr).toBe(0);
      const before = filesUnder(out);
      const report = readFileSync(join(out, 'report.md'), 'utf8');
      const free = statfsSync(mount);
      writeFileSync(join(mount, 'ballast'), Buffer.alloc(free.bavail * free.bsize - 16 * 1024, 1));
      const second = await cli('run', 'scenarios/mm1.yaml', ...MM1_SHORT, '--out', out);
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(new RegExp(`^cachetopo: cannot write ${out}/\\S+: no space left on device\\n$`));
      expect(filesUnder(out)).toEqual(before);
      expect(readFileSync(join(out, 'report.md'), 'utf8')).toBe(report);
    } finally {
      spawnSync('umount', [mount]);
    }
  });
});

describe('a folder holds one run', () => {
  it('removes the files of the previous run that a narrower --format does not rewrite, so compare finds no stale results.json', async () => {
    const out = join(tempDir(), 'run');
    expect((await cli('run', 'scenarios/mm1.yaml', ...MM1_SHORT, '--out', out)).code).toBe(0);
    expect(filesUnder(out)).toContain('results.json');
    expect((await cli('run', 'scenarios/mm1.yaml', ...MM1_SHORT, '--format', 'md', '--out', out)).code).toBe(0);
    expect(filesUnder(out)).toEqual(['.cachetopo-outputs.json', 'perf.json', 'report.md']);
    const compared = await cli('compare', out, out);
    expect(compared.code).toBe(2);
    expect(compared.stderr).toMatch(/neither results\.json .* nor sweep\.json/);
  });

  it('leaves files it did not write alone', async () => {
    const out = join(tempDir(), 'mine');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    expect((await cli('run', 'scenarios/mm1.yaml', ...MM1_SHORT, '--format', 'md', '--out', out)).code).toBe(0);
    expect((await cli('run', 'scenarios/mm1.yaml', ...MM1_SHORT, '--format', 'csv', '--out', out)).code).toBe(0);
    expect(filesUnder(out)).toEqual(['.cachetopo-outputs.json', 'notes.txt', 'perf.json', 'summary.csv', 'timeseries.csv']);
  });

  it('refuses, before simulating, a folder holding files named as a run\'s outputs that cachetopo did not write (no manifest), whatever --format, and changes none of them', async () => {
    const out = join(tempDir(), 'user');
    mkdirSync(out);
    writeFileSync(join(out, 'report.md'), 'my notes');
    writeFileSync(join(out, 'logo.svg'), '<svg/>');
    writeFileSync(join(out, 'results.json'), '{"mine":1}');
    const r = await cliTimed('run', LONG, '--format', 'md', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`--out ${out}: holds logo.svg, report.md, results.json, not written by cachetopo (no .cachetopo-outputs.json): use another folder, or move them\n`);
    expect(r.cpuSeconds).toBeLessThan(5);
    const csv = await cli('run', 'scenarios/mm1.yaml', ...MM1_SHORT, '--format', 'csv', '--out', out);
    expect(csv.code).toBe(2);
    expect(filesUnder(out)).toEqual(['logo.svg', 'report.md', 'results.json']);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toBe('my notes');
    const sweep = join(tempDir(), 'user-sweep');
    mkdirSync(sweep);
    writeFileSync(join(sweep, 'summary.csv'), 'my data');
    const s = await cli('sweep', 'scenarios/mm1.yaml', ...MM1_SHORT, '--vary', 'seed=1,2', '--out', sweep);
    expect([s.code, s.stderr]).toEqual([2, `--out ${sweep}: holds summary.csv, not written by cachetopo (no .cachetopo-outputs.json): use another folder, or move them\n`]);
    expect(readFileSync(join(sweep, 'summary.csv'), 'utf8')).toBe('my data');
  });

  it('refuses, before simulating, a folder where a file stands for a folder the outputs need (hgrm, a sweep\'s runs) or a folder for an output file (report.md)', async () => {
    const hgrm = join(tempDir(), 'hgrm-file');
    mkdirSync(hgrm);
    writeFileSync(join(hgrm, 'hgrm'), '');
    const r1 = await cliTimed('run', LONG, '--out', hgrm);
    expect([r1.code, r1.stderr]).toEqual([2, `--out ${hgrm}: hgrm is a file, where the outputs need a folder\n`]);
    expect(r1.cpuSeconds).toBeLessThan(5);
    const report = join(tempDir(), 'report-folder');
    mkdirSync(join(report, 'report.md'), { recursive: true });
    const r2 = await cliTimed('run', LONG, '--out', report);
    expect([r2.code, r2.stderr]).toEqual([2, `--out ${report}: report.md is a folder, where an output file goes\n`]);
    const runs = join(tempDir(), 'runs-file');
    mkdirSync(runs);
    writeFileSync(join(runs, 'runs'), '');
    const r3 = await cli('sweep', 'scenarios/mm1.yaml', ...MM1_SHORT, '--vary', 'seed=1,2', '--out', runs);
    expect([r3.code, r3.stderr]).toEqual([2, `--out ${runs}: runs is a file, where the outputs need a folder\n`]);
    expect(filesUnder(runs)).toEqual(['runs']);
  });

  it('refuses a run into a sweep\'s folder and a sweep into a run\'s folder (each would remove the other\'s files), and changes neither', async () => {
    const sweep = join(tempDir(), 'sweep');
    const run = join(tempDir(), 'run');
    expect((await cli('sweep', 'scenarios/mm1.yaml', ...MM1_SHORT, '--vary', 'seed=1,2', '--jobs', '1', '--out', sweep)).code).toBe(0);
    expect((await cli('run', 'scenarios/mm1.yaml', ...MM1_SHORT, '--out', run)).code).toBe(0);
    const before = [filesUnder(sweep), filesUnder(run)];
    const into = await cliTimed('run', LONG, '--out', sweep);
    expect(into.code).toBe(2);
    expect(into.stderr).toBe(`--out ${sweep}: holds a sweep's outputs (sweep-plan.json), which a run would remove: use another folder\n`);
    expect(into.cpuSeconds).toBeLessThan(5);
    const back = await cli('sweep', 'scenarios/mm1.yaml', ...MM1_SHORT, '--vary', 'seed=1,2', '--out', run);
    expect(back.code).toBe(2);
    expect(back.stderr).toBe(`--out ${run}: holds a run's outputs (perf.json), which a sweep would remove: use another folder\n`);
    expect([filesUnder(sweep), filesUnder(run)]).toEqual(before);
  });

  it('compare names a truncated results.json in one line (exit 2)', async () => {
    const out = join(tempDir(), 'cut');
    expect((await cli('run', 'scenarios/mm1.yaml', ...MM1_SHORT, '--format', 'json', '--out', out)).code).toBe(0);
    const text = readFileSync(join(out, 'results.json'), 'utf8');
    writeFileSync(join(out, 'results.json'), text.slice(0, text.length / 2));
    const r = await cli('compare', out, out);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/results\.json: damaged \(.*\): write it again/);
  });
});

describe('names a scenario gives, in the outputs', () => {
  it('cannot run as spreadsheet formulas in the CSVs, nor as HTML in report.md', async () => {
    const out = join(tempDir(), 'names');
    const r = await cli('run', 'scenarios/mm1.yaml', ...MM1_SHORT, '--set', 'topologies.mm1.name==HYPERLINK("x")',
      '--set', 'description=<script>alert(1)</script>', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const summary = readFileSync(join(out, 'summary.csv'), 'utf8');
    expect(summary).toContain(`"'=HYPERLINK(""x"")",all,count,`);
    expect(summary).not.toMatch(/^=/m);
    expect(readFileSync(join(out, 'timeseries.csv'), 'utf8')).toContain(`"'=HYPERLINK(""x"")"`);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(report).not.toContain('<script>');
    expect(report).toContain('=HYPERLINK("x") (single)');
  });
});
