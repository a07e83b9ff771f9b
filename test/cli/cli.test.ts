// The command line as a person uses it: the built bin, exit codes, files written, messages.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keySlot } from '../../models/cluster/key-slot.js';
import { describe, expect, it } from 'vitest';
import { schemaText } from '../../cli/commands/schema.js';
import { calibrationSets } from '../../experiment/calibration-file.js';
import { loadScenario } from '../../experiment/load-scenario.js';
import { cli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';


describe('cachetopo CLI', () => {
  it('runs a scenario, writes report.md, summary.csv, timeseries.csv, results.json, perf.json and hgrm/, and exits 0', async () => {
    const out = join(tempDir(), 'run');
    const r = await cli('run', 'scenarios/mm1.yaml', '--set', 'duration=2s', '--set', 'warmup=1s', '--out', out, '--quiet');
    expect(r.code).toBe(0);
    for (const f of ['report.md', 'summary.csv', 'timeseries.csv', 'results.json', 'perf.json', 'hgrm/mm1.get.hgrm', 'hgrm/mm1.all.hgrm']) expect(existsSync(join(out, f))).toBe(true);
    const series = readFileSync(join(out, 'timeseries.csv'), 'utf8').trimEnd().split('\n');
    const { drain } = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).resolved as { drain: number };
    expect(series.length).toBe(1 + Math.ceil((2e9 + drain) / 1e9));
    expect(series[1]).toMatch(/^mm1,0,0,\d+,/);
    const perf = JSON.parse(readFileSync(join(out, 'perf.json'), 'utf8'));
    expect(perf.events).toBeGreaterThan(100_000);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('load: open loop at 90,000 requests/s');
  });

  it('writes only the formats asked for', async () => {
    const out = join(tempDir(), 'run');
    const r = await cli('run', 'scenarios/mm1.yaml', '--set', 'duration=2s', '--set', 'warmup=1s', '--out', out, '--format', 'csv', '--quiet');
    expect(r.code).toBe(0);
    expect([existsSync(join(out, 'summary.csv')), existsSync(join(out, 'report.md')), existsSync(join(out, 'results.json'))]).toEqual([true, false, false]);
  });

  it('exits 2 with a one-line message for an unknown format', async () => {
    const r = await cli('run', 'scenarios/mm1.yaml', '--format', 'pdf', '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('--format: unknown format "pdf" (known: md, csv, json, svg, hgrm)');
  });

  it('exits 2 naming the file when the scenario does not exist', async () => {
    const r = await cli('validate', 'no/such.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('no/such.yaml: cannot read the scenario: no such file');
  });

  it('exits 2 naming the --set flag and the field of a bad --set value (not the file line it overrode)', async () => {
    const r = await cli('validate', 'scenarios/mm1.yaml', '--set', 'duration=15 seconds');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('--set duration=15 seconds: duration: expected a duration like "15s", "250us", "1.5ms" (units: ns, us, µs, ms, s, m, min, h), got "15 seconds"\n');
  });

  it('exits 2 on an unknown command or flag', async () => {
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('list', '--no-such-flag')).code).toBe(2);
  });

  it('validates a good scenario with exit 0 and its hash', async () => {
    const r = await cli('validate', 'scenarios/single-node.yaml');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ok: scenario "single-node", 2 topologies .* hash [0-9a-f]{12}/);
  });

  it('lists topologies, parameters with defaults and units, distributions and eviction policies', async () => {
    const r = await cli('list');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('single  one Redis server');
    expect(r.stdout).toContain('network.bandwidth  default "10Gbps"');
    expect(r.stdout).toContain('lognormal');
    expect(r.stdout).toContain('allkeys-lru');
  });

  it('prints the JSON Schema that is checked in as schema/scenario.schema.json', async () => {
    const r = await cli('schema');
    expect(r.stdout).toBe(readFileSync('schema/scenario.schema.json', 'utf8'));
    expect(r.stdout).toBe(schemaText());
  });

  it('prints the scenario reference that is checked in as docs/scenario-reference.md, every leaf parameter of `list` in it', async () => {
    const r = await cli('schema', '--markdown');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync('docs/scenario-reference.md', 'utf8'));
    const listed = (await cli('list')).stdout.split('\n').map((l) => l.match(/^  ([a-zA-Z].*?)  (default|required|optional)/)?.[1]).filter((p) => p !== undefined);
    expect(listed.length).toBeGreaterThan(100);
    const rows = new Set(r.stdout.split('\n').map((l) => l.match(/^\| (?:\*\*)?`([^`]+)`/)?.[1]));
    for (const path of listed) expect(rows.has(path), path).toBe(true);
    expect(r.stdout).toContain('| `workload.arrival.connections` | count | required | closed loop: users, each with one request outstanding |');
  });

  it('runs only the topologies --only names, in the scenario\'s order, and refuses an unknown name before any work', async () => {
    const out = join(tempDir(), 'only');
    const short = ['--set', 'duration=1s', '--set', 'warmup=0.5s', '--set', 'drain=0.2s'];
    const r = await cli('run', 'scenarios/clustering-tax.yaml', ...short, '--only', 'cluster,single', '--quiet', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { topologies: { name: string }[] };
    expect(results.topologies.map((t) => t.name)).toEqual(['single', 'cluster']);
    const sweep = await cli('sweep', 'scenarios/clustering-tax.yaml', ...short, '--vary', 'workload.arrival.rate=50000/s,60000/s', '--only', 'proxy', '--jobs', '1', '--quiet', '--out', join(tempDir(), 's'));
    expect(sweep.code, sweep.stderr).toBe(0);
    const bad = await cli('run', 'scenarios/clustering-tax.yaml', '--only', 'single,nope', '--out', join(tempDir(), 'bad'));
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('--only: unknown topology "nope" (the scenario has: single, single-lru-half, cluster, proxy, hybrid, cluster+l1)');
  });

  it('prints the slot of each key argument, one per line, in order', async () => {
    const r = await cli('keyslot', 'foo', 'hello', '{user1000}.following');
    expect([r.code, r.stdout]).toEqual([0, '12182\n866\n3443\n']);
  });

  it('takes the keys after `--` as keys too, as text (a key may start with "-" or look like a number)', async () => {
    const r = await cli('keyslot', 'foo', '--', '-bar', '1e3', '007');
    expect([r.code, r.stdout]).toEqual([0, '12182\n7437\n122\n1668\n']);
  });

  it('refuses a worker\'s --root that is no folder before it connects (every job it took would fail)', async () => {
    const r = await cli('worker', '--queue', 'redis://127.0.0.1:1', '--root', '/nonexistent-root-of-cachetopo');
    expect([r.code, r.stderr]).toEqual([2, "--root /nonexistent-root-of-cachetopo: no such folder (the jobs' relative scenario and trace paths are read from it)\n"]);
  });

  it('refuses what follows `--` on a command that takes nothing there', async () => {
    const r = await cli('run', 'scenarios/mm1.yaml', '--', 'extra');
    expect([r.code, r.stderr]).toEqual([2, 'cachetopo: Unknown argument: extra (run "cachetopo --help" for usage)\n']);
  });

  it('reads keys as hex from a file (an empty line is the empty key) and agrees with the real-Redis fixture', async () => {
    const rows = readFileSync('test/fixtures/keyslot/keyslot-fixture.tsv', 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    const file = join(tempDir(), 'keys.hex');
    writeFileSync(file, `${rows.map((r) => r.split('\t')[0]).join('\n')}\n`);
    const r = await cli('keyslot', '--file', file, '--hex');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${rows.map((r) => r.split('\t')[1]).join('\n')}\n`);
  });

  it('streams a file of 2 million keys in bounded memory, printing nothing before it has checked every line', async () => {
    const file = join(tempDir(), 'keys.txt');
    const keys = Array.from({ length: 2_000_000 }, (_, i) => `user:${i}`);
    writeFileSync(file, `${keys.join('\n')}\n`);
    const r = await cli('keyslot', '--file', file);
    expect(r.code, r.stderr).toBe(0);
    const slots = r.stdout.trimEnd().split('\n');
    expect(slots).toHaveLength(keys.length);
    expect([slots[0], slots.at(-1)]).toEqual([String(keySlot(Buffer.from(keys[0]!), 16384)), String(keySlot(Buffer.from(keys.at(-1)!), 16384))]);
    writeFileSync(file, `${keys.slice(0, 100_000).map((k) => Buffer.from(k).toString('hex')).join('\n')}\nzz\n`);
    const bad = await cli('keyslot', '--file', file, '--hex');
    expect([bad.code, bad.stdout]).toEqual([2, '']);
    expect(bad.stderr).toContain(`${file}:100001: expected the key's bytes in hex`);
  });

  it('exits 2 naming the line of a file key that is not hex', async () => {
    const file = join(tempDir(), 'keys.hex');
    writeFileSync(file, '666f6f\nnot-hex\n');
    const r = await cli('keyslot', '--file', file, '--hex');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:2: expected the key's bytes in hex`);
  });
});

describe('calibration', () => {
  it('calibrate exits 2 naming the server when it cannot reach it', async () => {
    const r = await cli('calibrate', '--redis', 'redis://127.0.0.1:1');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot reach redis://127.0.0.1:1');
  });

  it.each([
    [['--phase', '0'], '--phase: expected 100 to 600,000 milliseconds per measured request shape, got 0\n'],
    [['--phase', 'abc'], '--phase: expected 100 to 600,000 milliseconds per measured request shape, got NaN\n'],
    [['--max-keys', '-1'], '--max-keys: expected a whole number of keys, 0 or more, got -1\n'],
    [['--out', '.'], '--out .: is a folder, not a file\n'],
  ])('calibrate %j exits 2 with one line before it measures anything (no server is reached)', async (args, message) => {
    const r = await cli('calibrate', '--redis', 'redis://127.0.0.1:1', ...args);
    expect([r.code, r.stderr]).toEqual([2, message]);
  });

  it('--calibration applies topologies.* overrides to every topology with a server, before --set', () => {
    const dir = tempDir();
    const file = join(dir, 'calibration.yaml');
    writeFileSync(file, 'set:\n  topologies.*.server.cost.request: 9us\n  network.latency.sameZone: "{ lognormal: { median: 1000ns, sigma: 0.3 } }"\n');
    expect(calibrationSets(file, 'scenarios/single-node.yaml')).toEqual([
      'topologies.single.server.cost.request=9us', 'topologies.single-lru-half.server.cost.request=9us',
      'network.latency.sameZone={ lognormal: { median: 1000ns, sigma: 0.3 } }',
    ]);
    const { scenario } = loadScenario('scenarios/single-node.yaml', [...calibrationSets(file, 'scenarios/single-node.yaml'), 'topologies.single.server.cost.request=7us']);
    expect(scenario.topologies.map((t) => ('server' in t ? t.server.cost.request : null))).toEqual([7000, 9000]);
  });

  it('run --calibration exits 2 for a file without a set: mapping', async () => {
    const file = join(tempDir(), 'calibration.yaml');
    writeFileSync(file, 'server: {}\n');
    const r = await cli('run', 'scenarios/mm1.yaml', '--calibration', file, '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('expected a "set:" mapping');
  });

  it('run --calibration names the file as a calibration, and a YAML error by line and column', async () => {
    const missing = join(tempDir(), 'none.yaml');
    const gone = await cli('run', 'scenarios/mm1.yaml', '--calibration', missing, '--quiet');
    expect([gone.code, gone.stderr]).toEqual([2, `${missing}: cannot read the calibration: no such file\n`]);
    const file = join(tempDir(), 'broken.yaml');
    writeFileSync(file, 'set:\n  a: [\n');
    const broken = await cli('run', 'scenarios/mm1.yaml', '--calibration', file, '--quiet');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(new RegExp(`^${file.replaceAll('.', '\\.')}:\\d+:\\d+: invalid YAML: `));
  });
});
