// The .hgrm files: HdrHistogram's percentile distribution text, replications merged, agreeing with
// summary.csv (count, mean, max exactly at the file's µs resolution; p99 between the rows around 0.99).

import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../experiment/load-scenario.js';
import { runScenario, type ScenarioResults } from '../../experiment/run-scenario.js';
import { hgrmFiles } from '../../reports/hgrm.js';
import { safeFileName } from '../../sim/scenario/safe-file-name.js';
import { summarize } from '../../reports/summarize.js';
import { summaryCsv } from '../../reports/summary-csv.js';

interface HgrmRow { valueMs: number; percentile: number; totalCount: number }

function parseHgrm(text: string): { rows: HgrmRow[]; meanMs: number; maxMs: number; total: number } {
  const lines = text.split('\n');
  expect(lines[0]!.trim().split(/\s+/)).toEqual(['Value', 'Percentile', 'TotalCount', '1/(1-Percentile)']);
  const rows = lines.filter((l) => /^\s+\d/.test(l)).map((l) => {
    const cells = l.trim().split(/\s+/);
    expect(cells.length === 4 || (cells.length === 3 && cells[1] === '1.000000000000')).toBe(true);
    return { valueMs: Number(cells[0]), percentile: Number(cells[1]), totalCount: Number(cells[2]) };
  });
  const footer = text.match(/#\[Mean {4}= +([\d.]+), StdDeviation {3}= +([\d.]+)\]\n#\[Max {5}= +([\d.]+), Total count {4}= +(\d+)\]/);
  expect(footer).not.toBeNull();
  return { rows, meanMs: Number(footer![1]), maxMs: Number(footer![3]), total: Number(footer![4]) };
}

describe('hgrm files', () => {
  let results: ScenarioResults;
  let csv: Record<string, string>[];
  beforeAll(() => {
    const sets = ['duration=2s', 'warmup=1s', 'drain=1s', 'replications=2', 'workload.keys=100_000', 'topologies.single-lru-half.server.maxmemory=60MB'];
    results = runScenario(loadScenario('scenarios/single-node.yaml', sets).scenario).results;
    csv = parse(summaryCsv(summarize(results)), { columns: true }) as Record<string, string>[];
  });
  const csvValue = (topology: string, op: string, metric: string) => Number(csv.find((r) => r.topology === topology && r.op === op && r.metric === metric)!.value);

  it('names one file per topology × op (and all), with names made file-safe', () => {
    const names = hgrmFiles(results.topologies).map(([n]) => n);
    for (const t of results.topologies) expect(names).toContain(`${safeFileName(t.name)}.all.hgrm`);
    expect(names.length).toBeGreaterThan(results.topologies.length);
  });

  it('parse as HdrHistogram percentile distributions rising to 1.0, merged over both replications, and agree with summary.csv', () => {
    for (const t of results.topologies) {
      for (const [name, text] of hgrmFiles([t])) {
        const op = name.slice(t.name.length + 1, -'.hgrm'.length);
        const h = parseHgrm(text);
        for (let i = 1; i < h.rows.length; i++) {
          expect(h.rows[i]!.percentile).toBeGreaterThanOrEqual(h.rows[i - 1]!.percentile);
          expect(h.rows[i]!.valueMs).toBeGreaterThanOrEqual(h.rows[i - 1]!.valueMs);
          expect(h.rows[i]!.totalCount).toBeGreaterThanOrEqual(h.rows[i - 1]!.totalCount);
        }
        expect(h.rows.at(-1)!.percentile).toBe(1);
        expect(h.rows.at(-1)!.totalCount).toBe(h.total);
        expect(h.total).toBe(csvValue(t.name, op, 'count'));
        const perReplication = t.replications.map((r) => parseHgrm(hgrmFiles([{ ...t, replications: [r] }]).find(([n]) => n === name)![1]).total);
        expect(perReplication.every((n) => n > 0 && n < h.total)).toBe(true);
        expect(perReplication[0]! + perReplication[1]!).toBe(h.total);
        expect(h.meanMs).toBeCloseTo(csvValue(t.name, op, 'mean'), 3);
        expect(h.maxMs).toBeCloseTo(csvValue(t.name, op, 'max'), 3);
        const p99 = csvValue(t.name, op, 'p99');
        const target = Math.round(0.99 * h.total);
        const below = h.rows.filter((r) => r.totalCount < target).at(-1);
        const atOrAbove = h.rows.find((r) => r.totalCount >= target)!;
        expect(p99).toBeLessThanOrEqual(atOrAbove.valueMs + 0.0005);
        if (below) expect(p99).toBeGreaterThanOrEqual(below.valueMs - 0.0005);
      }
    }
  });
});
