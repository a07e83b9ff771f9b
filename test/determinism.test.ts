// Same scenario + seed ⇒ byte-identical results.json, summary.csv and report.md; another seed
// changes them; and `run` writes the same bytes whatever its --jobs. One test per shipped scenario, shortened in virtual time to keep CI fast, but long
// enough for its faults and operations to happen (a scenario whose events fall after its end is refused).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../experiment/load-scenario.js';
import { runScenario } from '../experiment/run-scenario.js';
import { scenarioCost } from '../experiment/run-cost.js';
import { reportMarkdown } from '../reports/report-md.js';
import { summarize } from '../reports/summarize.js';
import { summaryCsv } from '../reports/summary-csv.js';
import { resultsJson } from '../reports/write-outputs.js';
import { cli } from './support/run-cli.js';
import { tempDir } from './support/temp-dir.js';

/** Estimated events of one pass (every topology) over 2 s of virtual time above which a scenario is shortened towards 1.2 s. */
const EVENTS_PER_PASS = 4e7;

/** 2 s of virtual time (less for a scenario whose estimate is over EVENTS_PER_PASS, down to 1.2 s), or 1 s past the scenario's last fault or operation. */
function short(file: string): string[] {
  const { scenario } = loadScenario(file);
  const lastMs = Math.max(0, ...[...scenario.faults, ...scenario.operations].map((e) => e.atNs / 1e6));
  const events = scenarioCost({ ...scenario, duration: 2e9, drain: 1e9 }, 1).events;
  const ms = Math.max(1200, Math.min(2000, Math.round((2000 * EVENTS_PER_PASS) / events)));
  return [`duration=${Math.max(ms, lastMs + 1000)}ms`, 'warmup=1s', 'drain=1s'];
}

function outputs(file: string, sets: string[]): string[] {
  const { results } = runScenario(loadScenario(file, [...short(file), ...sets]).scenario);
  const summaries = summarize(results);
  return [resultsJson(results), summaryCsv(summaries), reportMarkdown(results, summaries)];
}

describe.each(readdirSync('scenarios').filter((f) => f.endsWith('.yaml')))('scenario %s', (name) => {
  it('gives byte-identical results.json, summary.csv and report.md for the same seed, and different ones for another seed', () => {
    const file = `scenarios/${name}`;
    const first = outputs(file, []);
    expect(outputs(file, [])).toEqual(first);
    const other = outputs(file, ['seed=999']);
    other.forEach((text, i) => expect(text).not.toEqual(first[i]));
  });
});

describe('run on worker threads', () => {
  const files = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name !== 'perf.json').map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();

  it.each(['clustering-tax.yaml', 'l1-invalidation.yaml', 'sentinel-vs-cluster-failover.yaml'])(
    'writes byte-identical outputs for %s with --jobs 1 and --jobs 2 (two replications)',
    async (name) => {
      const file = `scenarios/${name}`;
      const sets = [...short(file), 'replications=2'].flatMap((s) => ['--set', s]);
      const [one, two] = [join(tempDir(), 'one'), join(tempDir(), 'two')];
      for (const [out, jobs] of [[one, '1'], [two, '2']] as const) {
        const r = await cli('run', file, ...sets, '--jobs', jobs, '--quiet', '--out', out);
        expect(r.code, r.stderr).toBe(0);
      }
      expect(files(two)).toEqual(files(one));
      for (const f of files(one)) expect(readFileSync(join(two, f), 'utf8'), f).toBe(readFileSync(join(one, f), 'utf8'));
    },
  );
});
