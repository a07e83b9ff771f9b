// The miss storm of a membership change, seen from signals bucketed per 100 ms (the scenario
// resharding-modulo-vs-ring.yaml run for 4 s): a spare joins at 1.5 s; keys that now map to a server
// without them miss and read through to the origin until written back.

import { describe, expect, it } from 'vitest';
import { buildRun } from '../../experiment/build-run.js';
import { loadScenario } from '../../experiment/load-scenario.js';
import { Op, ORIGIN_QUERY, REQUEST_DONE, type OriginQuery, type RequestDone } from '../../models/signals.js';

const FILE = 'scenarios/resharding-modulo-vs-ring.yaml';
const BUCKET_NS = 100e6;

/** Per 100 ms bucket of request start: keys read, keys found, origin queries started. */
function series(topology: number) {
  const { scenario } = loadScenario(FILE, ['duration=4s', 'drain=1s']);
  const run = buildRun(scenario, topology, scenario.seed);
  const buckets = Math.ceil(scenario.duration / BUCKET_NS);
  const reads = new Float64Array(buckets);
  const hits = new Float64Array(buckets);
  const origin = new Float64Array(buckets);
  run.bus.signal<RequestDone>(REQUEST_DONE).subscribe((r) => {
    if (r.op === Op.populate) return;
    const b = Math.floor(r.startNs / BUCKET_NS);
    reads[b]! += r.reads;
    hits[b]! += r.hits;
  });
  run.bus.signal<OriginQuery>(ORIGIN_QUERY).subscribe((q) => { if (q.arrivalNs < scenario.duration) origin[Math.floor(q.arrivalNs / BUCKET_NS)]!++; });
  run.start();
  run.engine.run({ untilNs: run.endNs });
  return { ratio: Array.from(reads, (n, b) => hits[b]! / n), origin: Array.from(origin) };
}

const CHANGE = 15; // bucket of 1.5 s

describe('resharding-modulo-vs-ring: a fourth server joins at 1.5 s', () => {
  const modulo = series(0);
  const ring = series(1);

  it('serves every read from the warm cache and queries the origin not once before the change', () => {
    for (const s of [modulo, ring]) {
      expect(s.ratio.slice(10, CHANGE)).toEqual([1, 1, 1, 1, 1]);
      expect(s.origin.slice(0, CHANGE).every((n) => n === 0)).toBe(true);
    }
  });

  it('drops the hit ratio right after the change, about three times more misses with modulo (≈3/4 of keys moved) than with the ring (≈1/4)', () => {
    const missModulo = 1 - modulo.ratio[CHANGE]!;
    const missRing = 1 - ring.ratio[CHANGE]!;
    expect(missModulo).toBeGreaterThan(0.3);
    expect(missRing).toBeGreaterThan(0.05);
    expect(missRing).toBeLessThan(0.2);
    expect(missModulo / missRing).toBeGreaterThan(2);
    expect(missModulo / missRing).toBeLessThan(4);
    expect(modulo.origin[CHANGE]).toBeGreaterThan(2 * ring.origin[CHANGE]!);
    expect(modulo.origin[CHANGE]).toBeGreaterThan(1000);
  });

  it('recovers as the moved keys are written back: the hit ratio climbs and origin queries fall', () => {
    const last = modulo.ratio.length - 1;
    for (const s of [modulo, ring]) {
      expect(s.ratio[last]!).toBeGreaterThan(s.ratio[CHANGE]! + 0.09);
      expect(s.origin[last]!).toBeLessThan(s.origin[CHANGE]! / 2);
    }
    expect(modulo.ratio[last]!).toBeGreaterThan(0.85);
    expect(ring.ratio[last]!).toBeGreaterThan(0.95);
  });
});
