// Non-regression (golden files): the reports of short mm1, clustering-tax (every kind of shared
// tier, the per-server table, NIC shares of gossip, replication and pub/sub) and single-node runs are
// pinned. A change to them must be explained in the commit that changes them; regenerate with
// UPDATE_GOLDEN=1 npx vitest run test/golden.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../experiment/load-scenario.js';
import { runScenario } from '../../experiment/run-scenario.js';
import { reportMarkdown } from '../../reports/report-md.js';
import { summarize } from '../../reports/summarize.js';
import { summaryCsv } from '../../reports/summary-csv.js';

const CASES = [
  { name: 'mm1', file: 'scenarios/mm1.yaml', sets: ['duration=3s', 'warmup=1s', 'drain=1s'] },
  { name: 'clustering-tax', file: 'scenarios/clustering-tax.yaml', sets: ['duration=1.5s', 'warmup=1s', 'drain=0.5s'] },
  { name: 'single-node', file: 'scenarios/single-node.yaml', sets: ['duration=2s', 'warmup=1s', 'drain=1s', 'workload.keys=100_000', 'topologies.single-lru-half.server.maxmemory=60MB'] },
];

function checkGolden(path: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  expect(existsSync(path), `missing golden file ${path} (UPDATE_GOLDEN=1 creates it)`).toBe(true);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe.each(CASES)('golden reports of $name (non-regression)', ({ name, file, sets }) => {
  it('match the pinned report.md and summary.csv', () => {
    const { results } = runScenario(loadScenario(file, sets).scenario);
    const summaries = summarize(results);
    checkGolden(`test/golden/${name}.report.md`, reportMarkdown(results, summaries));
    checkGolden(`test/golden/${name}.summary.csv`, summaryCsv(summaries));
  });
});
