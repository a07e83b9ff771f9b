// The .hgrm files: HdrHistogram's percentile distribution text in µs with ns resolution, replications
// merged, agreeing with summary.csv (count, mean, max at the file's ns resolution; p99 between the rows
// around 0.99). The .hlog files: HdrHistogram interval logs whose intervals, decoded by hdr-histogram-js's
// own reader, add up to the counts and p99 of results.json.

import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../experiment/load-scenario.js';
import { runScenario } from '../../experiment/run-scenario.js';
import { type ScenarioResults } from '../../experiment/results.js';
import * as hdr from 'hdr-histogram-js';
import { hgrmFiles } from '../../reports/hgrm.js';
import { hlogFiles } from '../../reports/hlog.js';
import { mergeHistograms } from '../../experiment/collect/latency-histogram.js';
import { resultsJson } from '../../reports/write-outputs.js';
import { safeFileName } from '../../sim/scenario/safe-file-name.js';
import { summarize } from '../../reports/summarize.js';
import { summaryCsv } from '../../reports/summary-csv.js';

interface HgrmRow { valueUs: number; percentile: number; totalCount: number }

function parseHgrm(text: string): { rows: HgrmRow[]; meanUs: number; maxUs: number; total: number } {
  const lines = text.split('\n');
  expect(lines[0]!.trim().split(/\s+/)).toEqual(['Value', 'Percentile', 'TotalCount', '1/(1-Percentile)']);
  const rows = lines.filter((l) => /^\s+\d/.test(l)).map((l) => {
    const cells = l.trim().split(/\s+/);
    expect(cells.length === 4 || (cells.length === 3 && cells[1] === '1.000000000000')).toBe(true);
    return { valueUs: Number(cells[0]), percentile: Number(cells[1]), totalCount: Number(cells[2]) };
  });
  const footer = text.match(/#\[Mean {4}= +([\d.]+), StdDeviation {3}= +([\d.]+)\]\n#\[Max {5}= +([\d.]+), Total count {4}= +(\d+)\]/);
  expect(footer).not.toBeNull();
  return { rows, meanUs: Number(footer![1]), maxUs: Number(footer![3]), total: Number(footer![4]) };
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
          expect(h.rows[i]!.valueUs).toBeGreaterThanOrEqual(h.rows[i - 1]!.valueUs);
          expect(h.rows[i]!.totalCount).toBeGreaterThanOrEqual(h.rows[i - 1]!.totalCount);
        }
        expect(h.rows.at(-1)!.percentile).toBe(1);
        expect(h.rows.at(-1)!.totalCount).toBe(h.total);
        expect(h.total).toBe(csvValue(t.name, op, 'count'));
        const perReplication = t.replications.map((r) => parseHgrm(hgrmFiles([{ ...t, replications: [r] }]).find(([n]) => n === name)![1]).total);
        expect(perReplication.every((n) => n > 0 && n < h.total)).toBe(true);
        expect(perReplication[0]! + perReplication[1]!).toBe(h.total);
        expect(h.meanUs).toBeCloseTo(1000 * csvValue(t.name, op, 'mean'), 2);
        expect(h.maxUs).toBeCloseTo(1000 * csvValue(t.name, op, 'max'), 2);
        const p99 = 1000 * csvValue(t.name, op, 'p99');
        const target = Math.round(0.99 * h.total);
        const below = h.rows.filter((r) => r.totalCount < target).at(-1);
        const atOrAbove = h.rows.find((r) => r.totalCount >= target)!;
        expect(p99).toBeLessThanOrEqual(atOrAbove.valueUs + 0.0005);
        if (below) expect(p99).toBeGreaterThanOrEqual(below.valueUs - 0.0005);
      }
    }
  });

  it('keep ns resolution: no value row of a distribution whose values are above 0 reads 0', () => {
    for (const [, text] of hgrmFiles(results.topologies)) expect(parseHgrm(text).rows.every((r) => r.valueUs > 0)).toBe(true);
  });

  it('write interval logs (.hlog) whose intervals, read by hdr-histogram-js, add up to the counts and p99 of results.json', () => {
    const json = JSON.parse(resultsJson(results)) as ScenarioResults;
    const files = hlogFiles(results.topologies, results.resolved.timeSeries.bucket / 1e9);
    for (const t of json.topologies) {
      for (const op of [...Object.keys(t.replications[0]!.stats.ops).filter((o) => o !== 'populate'), 'all']) {
        const text = files.find(([n]) => n === `${safeFileName(t.name)}.${op}.hlog`)![1];
        const reader = new hdr.HistogramLogReader(text);
        const sum = hdr.build({ bitBucketSize: 64, numberOfSignificantValueDigits: 3, useWebAssembly: false });
        let intervals = 0;
        for (let h = reader.nextIntervalHistogram(); h !== null; h = reader.nextIntervalHistogram()) {
          sum.add(h);
          intervals++;
        }
        expect(intervals).toBeGreaterThan(1);
        const ops = op === 'all' ? Object.keys(t.replications[0]!.stats.ops).filter((o) => o !== 'populate') : [op];
        const expected = mergeHistograms(t.replications.flatMap((r) => ops.flatMap((o) => (r.stats.ops[o] ? [r.stats.ops[o].latency] : []))));
        expect(sum.totalCount, `${t.name} ${op}`).toBe(expected.totalCount);
        expect(sum.getValueAtPercentile(99)).toBe(expected.getValueAtPercentile(99));
      }
    }
  });
});
