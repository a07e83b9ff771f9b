// The bad-input contract under a fuzz campaign (`npm run fuzz`; not part of `npm test`: it takes
// tens of minutes). Two parts, both seeded, so a campaign is repeatable:
// 1. validate mutants (default 10,000): shipped scenarios mutated in data and text (the
//    mutations of test/support/scenario-mutations.ts) and random --set lines, each validated
//    in-process; any exit other than 0 or 2, or an exit 2 with a stack trace or an unlocated line,
//    is a finding.
// 2. short runs (default 200): shipped scenarios cut to 1 s of virtual time (faults and operations
//    moved into it), their numeric fields scaled by factors from 0.001 to 1,000, run by the CLI
//    under GNU time with --max-events 1e7 and --max-memory 1.5GB; any exit other than 0, 1 or 2, a
//    stack trace, a run over 20 s of wall time or over 2 GB of peak RSS is a finding.
// Usage: npm run fuzz -- [--mutants N] [--runs N] [--seed S] [--from K (skip the first K mutants)]
// A mutant that crashes the process is left in the campaign's folder (mutant.yaml, mutant.set).

import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { cliInProcess, eachBounded } from '../support/run-cli.js';
import { dataMutation, mutateData, mutateText, sometimes, textMutation } from '../support/scenario-mutations.js';

const exec = promisify(execFile);
const flag = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const MUTANTS = flag('mutants', 10_000);
const RUNS = flag('runs', 200);
const FROM = flag('from', 0);
const SEED = flag('seed', 20_261_204);
const WALL_LIMIT_S = 20;
const RSS_LIMIT_BYTES = 2e9;
const LIMITS = ['--max-events', '1e7', '--max-memory', '1.5GB'];

const FILES = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).map((f) => `scenarios/${f}`);
const TEXTS = FILES.map((f) => readFileSync(f, 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'cachetopo-fuzz-'));
const findings: string[] = [];
const stackLine = /^\s+at /m;

function locatedOrFlag(stderr: string, file: string): string | undefined {
  const where = new RegExp(`^(${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(:\\d+:\\d+)?|--\\S+.*): `);
  return stderr.trimEnd().split('\n').find((l) => !where.test(l));
}

async function validateMutants(): Promise<Record<string, number>> {
  const exits: Record<string, number> = {};
  const setLine = fc.tuple(fc.constantFrom('duration', 'workload.arrival.rate', 'workload.keys', 'workload.clients.timeout', 'workload.valueSize',
    'topologies.0.primaries', 'topologies.0.server.maxmemorySamples', 'replications', 'faults', 'network.zones', '__proto__.x', 'workload.mix'),
  fc.constantFrom('0', '1ns', '1e12/s', '2^32', '5GB', '[', '*a', '{}', '[]', '100000h', '-1', '1e15', '{ hotSet: { keys: 0, share: 0.9 } }', 'x'))
    .map(([p, v]) => `${p}=${v}`);
  const mutant = fc.record({
    which: fc.nat({ max: FILES.length - 1 }),
    data: fc.array(dataMutation, { minLength: 0, maxLength: 3 }),
    text: sometimes(textMutation),
    set: sometimes(setLine),
  });
  const samples = fc.sample(mutant, { seed: SEED, numRuns: MUTANTS });
  for (const [n, m] of samples.entries()) {
    if (n < FROM) continue;
    const data = m.data.reduce<unknown>(mutateData, parse(TEXTS[m.which]!));
    const text = m.text === null ? stringify(data) : mutateText(stringify(data), m.text);
    const file = join(dir, 'mutant.yaml');
    writeFileSync(file, text);
    // Kept on disk with its --set line before it runs, so a mutant that crashes the process is not lost.
    writeFileSync(join(dir, 'mutant.set'), `${n} ${m.set ?? ''}\n`);
    const r = await cliInProcess('validate', file, '--quiet', ...(m.set === null ? [] : ['--set', m.set]));
    exits[r.code] = (exits[r.code] ?? 0) + 1;
    const problem = r.code !== 0 && r.code !== 2 ? `exit ${r.code}` : r.code === 2 && stackLine.test(r.stderr) ? 'a stack trace'
      : r.code === 2 ? locatedOrFlag(r.stderr, file) : undefined;
    if (problem !== undefined) {
      const kept = join(dir, `finding-validate-${n}.yaml`);
      writeFileSync(kept, text);
      findings.push(`validate mutant ${n} (${kept}${m.set === null ? '' : `, --set ${m.set}`}): ${problem}: ${r.stderr.split('\n')[0]}`);
    }
    if ((n + 1) % 1000 === 0) process.stderr.write(`validate mutants: ${n + 1}/${MUTANTS}, findings ${findings.length}\n`);
  }
  return exits;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every numeric leaf of the scenario (counts and numbers with units), as paths. */
function numericLeaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'number' || (typeof value === 'string' && /^\d[\d_.e+]*\s*[A-Za-zµ/]*$/.test(value))) return [path];
  const children: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : isRecord(value) ? Object.entries(value) : [];
  return children.filter(([k]) => !['seed', 'name', 'at', 'duration', 'warmup', 'drain'].includes(String(k))).flatMap(([k, v]) => numericLeaves(v, [...path, k]));
}

function scaled(value: unknown, factor: number): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? Math.round(value * factor) : value * factor;
  const m = /^(\d[\d_]*(?:\.\d+)?(?:e[+-]?\d+)?)(\s*[A-Za-zµ/]*)$/.exec(String(value).trim());
  if (!m) return value;
  const n = Number(m[1]!.replaceAll('_', '')) * factor;
  return `${Number.isInteger(Number(m[1]!.replaceAll('_', ''))) && !m[2] ? Math.round(n) : Number(n.toPrecision(6))}${m[2]}`;
}

/** The scenario cut to 1 s of virtual time, its faults and operations moved into it. */
function shortened(data: Record<string, unknown>): Record<string, unknown> {
  const parseS = (text: unknown) => {
    const m = /^([\d.]+)\s*(ms|s|m)?$/.exec(String(text));
    return m ? Number(m[1]) * (m[2] === 'ms' ? 1e-3 : m[2] === 'm' ? 60 : 1) : 1;
  };
  const original = parseS(data.duration ?? '10s');
  const move = (list: unknown) => (Array.isArray(list) ? list.map((e) => (isRecord(e) ? { ...e, at: `${Math.round((parseS(e.at) / original) * 1000)}ms` } : e)) : list);
  return { ...data, duration: '1s', warmup: '200ms', drain: '500ms', replications: 1, faults: move(data.faults), operations: move(data.operations) };
}

async function shortRuns(): Promise<{ exits: Record<string, number>; maxWallS: number; maxRssBytes: number; ran: number }> {
  const exits: Record<string, number> = {};
  let maxWallS = 0;
  let maxRssBytes = 0;
  const plan = fc.sample(fc.record({
    which: fc.nat({ max: FILES.length - 1 }),
    knobs: fc.array(fc.tuple(fc.nat(), fc.constantFrom(0, 0.001, 0.01, 0.1, 0.5, 2, 10, 100, 1000)), { minLength: 1, maxLength: 3 }),
  }), { seed: SEED + 1, numRuns: RUNS });
  await eachBounded(plan.map((p, n) => ({ ...p, n })), async ({ which, knobs, n }) => {
    const data = shortened(parse(TEXTS[which]!) as Record<string, unknown>);
    const leaves = numericLeaves(data);
    const changes: string[] = [];
    for (const [at, factor] of knobs) {
      const path = leaves[at % leaves.length]!;
      const parent = path.slice(0, -1).reduce<unknown>((node, k) => (node as Record<string | number, unknown>)[k], data) as Record<string | number, unknown>;
      const key = path[path.length - 1]!;
      parent[key] = scaled(parent[key], factor);
      changes.push(`${path.join('.')}=${String(parent[key])}`);
    }
    const file = join(dir, `run-${n}.yaml`);
    writeFileSync(file, stringify(data));
    const timeFile = join(dir, `run-${n}.time`);
    let code = 0;
    let stderr = '';
    try {
      ({ stderr } = await exec('/usr/bin/time', ['-o', timeFile, '-f', '%e %M', process.execPath, 'dist/cli/main.js', 'run', file, ...LIMITS,
        '--quiet', '--format', 'json', '--out', join(dir, `out-${n}`)], { maxBuffer: 64 << 20 }));
    } catch (error) {
      ({ code, stderr } = error as { code: number; stderr: string });
    }
    const [wallS, rssKb] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
    maxWallS = Math.max(maxWallS, wallS!);
    maxRssBytes = Math.max(maxRssBytes, rssKb! * 1024);
    exits[code] = (exits[code] ?? 0) + 1;
    const problem = ![0, 1, 2].includes(code) ? `exit ${code}` : stackLine.test(stderr) ? 'a stack trace'
      : wallS! > WALL_LIMIT_S ? `${wallS} s of wall time` : rssKb! * 1024 > RSS_LIMIT_BYTES ? `${(rssKb! / 1e6).toFixed(2)} GB peak RSS`
        : code === 2 ? locatedOrFlag(stderr, file) : undefined;
    if (problem !== undefined) findings.push(`run ${n} (${file}: ${changes.join(', ')}): ${problem}: ${stderr.split('\n')[0]}`);
    rmSync(join(dir, `out-${n}`), { recursive: true, force: true });
    if ((n + 1) % 20 === 0) process.stderr.write(`short runs: about ${n + 1}/${RUNS}, findings ${findings.length}\n`);
  }, Math.max(1, Math.floor(availableParallelism() / 2)));
  return { exits, maxWallS, maxRssBytes, ran: plan.length };
}

const started = performance.now();
const validated = await validateMutants();
const runs = await shortRuns();
const minutes = ((performance.now() - started) / 60_000).toFixed(1);
process.stdout.write(`fuzz campaign (seed ${SEED}, ${minutes} min):
- validate mutants: ${MUTANTS}, exits ${JSON.stringify(validated)}
- short runs at 1 s of virtual time: ${runs.ran}, exits ${JSON.stringify(runs.exits)}, longest ${runs.maxWallS.toFixed(1)} s wall, largest ${(runs.maxRssBytes / 1e9).toFixed(2)} GB peak RSS
- findings: ${findings.length}${findings.map((f) => `\n  - ${f}`).join('')}
${findings.length > 0 ? `(kept in ${dir})` : ''}
`);
if (findings.length === 0) rmSync(dir, { recursive: true, force: true });
process.exitCode = findings.length === 0 ? 0 : 1;
