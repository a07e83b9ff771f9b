// Same scenario + seed ⇒ byte-identical results.json, summary.csv and report.md; another seed
// changes them. One test per shipped scenario, shortened in virtual time to keep CI fast, but long
// enough for its faults and operations to happen (a scenario whose events fall after its end is refused).

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../experiment/load-scenario.js';
import { runScenario } from '../experiment/run-scenario.js';
import { reportMarkdown } from '../reports/report-md.js';
import { summarize } from '../reports/summarize.js';
import { summaryCsv } from '../reports/summary-csv.js';
import { resultsJson } from '../reports/write-outputs.js';

/** 2 s of virtual time, or 1 s past the scenario's last fault or operation. */
function short(file: string): string[] {
  const { scenario } = loadScenario(file);
  const lastMs = Math.max(0, ...[...scenario.faults, ...scenario.operations].map((e) => e.atNs / 1e6));
  return [`duration=${Math.max(2000, lastMs + 1000)}ms`, 'warmup=1s', 'drain=1s'];
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
