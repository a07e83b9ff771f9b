// The time series by kind: failed requests split by outcome add up to the failures of each bucket,
// redirections appear only once a reshard has started moving slots, and L1 hits only where there is
// an L1; the same columns reach timeseries.csv.

import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { buildRun } from '../../experiment/build-run.js';
import { loadScenario } from '../../experiment/load-scenario.js';
import { runScenario } from '../../experiment/run-scenario.js';
import type { TimeSeries } from '../../experiment/collect/time-series.js';
import { timeSeriesCsv } from '../../reports/timeseries-csv.js';

function timeSeriesOf(file: string, topology: number, sets: string[]): TimeSeries {
  const { scenario } = loadScenario(file, sets);
  const run = buildRun(scenario, topology, scenario.seed);
  run.start();
  run.engine.run({ untilNs: run.endNs });
  return run.collectors.result().timeSeries;
}

describe('time series by kind', () => {
  it('splits each bucket\'s failures by outcome, adding up to them', () => {
    const ts = timeSeriesOf('scenarios/failover-under-load.yaml', 0, []);
    expect(Object.keys(ts.errorsByKind).length).toBeGreaterThan(0);
    ts.errors.forEach((n, b) => expect(Object.values(ts.errorsByKind).reduce((a, s) => a + s[b]!, 0)).toBe(n));
  });

  it('counts redirections only from the reshard on, and writes them and L1 hits to timeseries.csv', () => {
    const ts = timeSeriesOf('scenarios/reshard.yaml', 0, []);
    const reshardS = loadScenario('scenarios/reshard.yaml').scenario.operations[0]!.atNs / 1e9;
    const total = (b: number) => Object.values(ts.redirectsByKind).reduce((a, s) => a + s[b]!, 0);
    ts.startS.forEach((s, b) => { if (s + ts.bucketS <= reshardS) expect(total(b)).toBe(0); });
    expect(ts.startS.some((s, b) => s >= reshardS && total(b) > 0)).toBe(true);
    expect(ts.l1Hits.every((n) => n === 0)).toBe(true);

    const { results } = runScenario(loadScenario('scenarios/l1-invalidation.yaml', ['duration=2s', 'warmup=1s', 'drain=0.5s']).scenario);
    const rows = parse(timeSeriesCsv(results), { columns: true }) as Record<string, string>[];
    expect(rows.some((r) => Number(r.l1_hits) > 0)).toBe(true);
  });
});
