// Whatever `--set` line a person types against a shipped scenario, `cachetopo validate` ends with
// exit 0 or 2, and an exit 2 is one-line messages naming a place (file:line:column or the flag),
// never a stack trace or another exit code. Run in-process (runCli) so thousands of lines stay fast.

import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cliInProcess } from '../support/run-cli.js';

const SCENARIOS = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).map((f) => `scenarios/${f}`);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every field path of the file as --set writes it (list entries by name when they have one). */
function pathsOf(value: unknown, path: string[] = []): string[] {
  const children: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [isRecord(v) && typeof v.name === 'string' ? v.name : String(i), v])
    : isRecord(value) ? Object.entries(value) : [];
  return [...(path.length > 0 ? [path.join('.')] : []), ...children.flatMap(([key, child]) => pathsOf(child, [...path, key]))];
}

const PATHS = SCENARIOS.map((file) => pathsOf(parse(readFileSync(file, 'utf8'))));
const EXTRA_SEGMENTS = ['__proto__', 'constructor', 'prototype', 'x', '0', '99', 'name', 'server', 'l1', 'timeout', ''];
const UNITS = ['', 's', 'ms', 'us', 'ns', 'h', 'B', 'KB', 'GB', 'GiB', 'Gbps', '/s', '/ms', '%', ' seconds'];
const number = fc.oneof(fc.integer({ min: -1e6, max: 1e6 }), fc.double(), fc.constantFrom(0, -0, 1e308, 1e-300, 2 ** 53, 2 ** 32, 1e9, 1e12, 1e15, 5e9));
const value = fc.oneof(
  fc.tuple(number, fc.constantFrom(...UNITS)).map(([n, u]) => `${n}${u}`),
  fc.constantFrom('', '[', ']', '{', '}', '[1s, 2s]', '{zipf: 0.99}', '{ lognormal: { median: 0KB, sigma: 1 } }', '{const: 5us}',
    '*a', '&a 1', '!!binary AAAA', 'null', '~', 'true', 'yes', '"x"', "'", '{ rate: 1e9/s }', '{ connections: 1000000 }',
    'uniform', '{hotSet: {keys: 0, share: 1}}', '[]', '{}', '- a', 'a: b', '? x', '%YAML 1.2', '---', '#', '|\n  x'),
  fc.string({ maxLength: 12 }),
);

describe('random --set lines on every shipped scenario', () => {
  it('validate ends with 0 or 2, and an exit 2 is located one-line messages without a stack', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: SCENARIOS.length - 1 }), fc.nat(), fc.array(fc.constantFrom(...EXTRA_SEGMENTS), { maxLength: 2 }), value,
        async (which, at, extra, text) => {
          const paths = PATHS[which]!;
          const path = [paths[at % paths.length]!, ...extra].join('.');
          const r = await cliInProcess('validate', SCENARIOS[which]!, '--quiet', '--set', `${path}=${text}`);
          const lines = r.stderr.trimEnd().split('\n');
          const where = new RegExp(`^(${SCENARIOS[which]!.replace(/[.]/g, '\\.')}(:\\d+:\\d+)?|--set .*): `);
          const bad = r.code === 0 ? (r.stderr === '' ? undefined : 'stderr on exit 0')
            : r.code !== 2 ? `exit ${r.code}`
              : lines.find((l) => !where.test(l) || /^\s+at /.test(l));
          if (bad !== undefined) throw new Error(`--set ${path}=${text}: ${bad}\n${r.stderr}`);
        },
      ),
      { seed: 20_261_204, numRuns: 600 },
    );
    expect(SCENARIOS.length).toBeGreaterThan(10);
  });
});

/** Every leaf of the file that holds a number (bare, or with a unit), as --set paths. */
function numericPaths(value: unknown, path: string[] = []): string[] {
  if (typeof value === 'number' || (typeof value === 'string' && /^\d[\d_.e+]*\s*[A-Za-zµ/]*$/.test(value))) return [path.join('.')];
  const children: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [isRecord(v) && typeof v.name === 'string' ? v.name : String(i), v])
    : isRecord(value) ? Object.entries(value) : [];
  return children.flatMap(([key, child]) => numericPaths(child, [...path, key]));
}

const EXTREMES = ['0', '-1', '0.5', '2147483647', '1e15', '9007199254740993', '1e300', '"1e15"'];

describe('every number of every shipped scenario at the extremes', () => {
  const cases = SCENARIOS.flatMap((file) => numericPaths(parse(readFileSync(file, 'utf8'))).map((path): [string, string] => [file, path]));

  it(`validate ends with 0 or 2 for each of ${EXTREMES.join(', ')} in each numeric field`, async () => {
    expect(cases.length).toBeGreaterThan(100);
    const problems: string[] = [];
    for (const [file, path] of cases) {
      for (const extreme of EXTREMES) {
        const r = await cliInProcess('validate', file, '--quiet', '--set', `${path}=${extreme}`);
        if (r.code !== 0 && r.code !== 2) problems.push(`${file} --set ${path}=${extreme}: exit ${r.code}: ${r.stderr.trim()}`);
        else if (/^\s+at /m.test(r.stderr)) problems.push(`${file} --set ${path}=${extreme}: a stack trace`);
      }
    }
    expect(problems).toEqual([]);
  });
});
