// Workloads driven by a trace (popularity: { trace }): the trace's keys, in order, wrapping around;
// keys derived from (or checked against) its distinct keys; read once at load; deterministic.

import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../experiment/load-scenario.js';
import { runScenario } from '../../experiment/run-scenario.js';
import { workloadTraceKeys } from '../../experiment/trace/workload-trace.js';
import { RequestTable } from '../../models/request/request-table.js';
import { Op, REQUEST_DONE, type RequestDone } from '../../models/signals.js';
import { RequestFactory } from '../../models/workload/request-factory.js';
import { RngStreams } from '../../sim/random/rng.js';
import { resultsJson } from '../../reports/write-outputs.js';
import { runWithSignal } from '../support/run-with-signal.js';

const SCENARIO = 'test/fixtures/traces/trace-workload.yaml';

describe('trace workloads', () => {
  it('draws exactly the trace\'s key ids in order, starting over at its end', () => {
    const { scenario } = loadScenario(SCENARIO);
    const w = scenario.workload;
    const streams = new RngStreams(1);
    const factory = new RequestFactory(w, streams.stream('sizes'), { traceKeys: workloadTraceKeys(scenario) });
    const table = new RequestTable(factory.stride);
    const keys = Array.from({ length: 8 }, () => {
      const req = table.alloc();
      factory.draw(table, req, streams.stream('draws'));
      return table.cmdKey[req * table.stride];
    });
    expect(keys).toEqual([0, 1, 0, 2, 1, 0, 0, 1]);
  });

  it('derives keys from the trace\'s distinct keys, and a cold run misses each key only the first time it comes', () => {
    const done: number[] = [];
    const scenario = runWithSignal<RequestDone>(SCENARIO, [], REQUEST_DONE, (r) => {
      if (r.op === Op.get) done.push(r.hits);
    });
    expect(scenario.workload.keys).toBe(3);
    expect(done).toEqual([0, 0, 1, 0, 1, 1, 1, 1, 1, 1]);
  });

  it('reads the key column of a CSV trace the same way', () => {
    const done: number[] = [];
    runWithSignal<RequestDone>(SCENARIO, ['workload.popularity={trace: {file: tiny.csv, format: csv, column: obj}}'], REQUEST_DONE, (r) => {
      if (r.op === Op.get) done.push(r.hits);
    });
    expect(done.slice(0, 6)).toEqual([0, 0, 1, 0, 1, 1]);
  });

  it('accepts more keys than the trace has (the others are never requested)', () => {
    expect(loadScenario(SCENARIO, ['workload.keys=10']).scenario.workload.keys).toBe(10);
  });

  it('gives byte-identical results for the same seed', () => {
    const once = () => resultsJson(runScenario(loadScenario(SCENARIO).scenario).results);
    expect(once()).toEqual(once());
  });
});
