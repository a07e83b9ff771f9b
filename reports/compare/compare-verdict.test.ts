import { describe, expect, it } from 'vitest';
import type { Comparison, MetricComparison } from './compare-folders.js';
import { compareVerdict } from './compare-verdict.js';

const stats = (mean: number) => ({ n: 3, mean, sd: 1, halfWidth: 1, wide: false, missing: 0 });
const row = (metric: string, a: number, b: number, unit = 'ms'): MetricComparison => ({
  point: '', topology: 'single', metric, unit, a: stats(a), b: stats(b),
  diff: b - a, diffPct: a === 0 ? null : (100 * (b - a)) / Math.abs(a), combinedHalfWidth: 1.4, verdict: 'significant',
});

describe('compare\'s verdict', () => {
  it('lists first the metrics that appear from 0 (failures where there were none), then the largest relative changes', () => {
    const c: Comparison = {
      kind: 'run', a: 'A', b: 'B', onlyInA: [], onlyInB: [], mismatches: [],
      rows: [row('p50', 10, 12), row('p99', 10, 30), row('mean', 10, 11), row('p99.9', 10, 25), row('errors', 0, 22986, 'requests')],
    };
    const lines = compareVerdict(c);
    expect(lines[1]).toMatch(/^- \*\*single\*\* errors: 0 → 22,986 requests \(\+22,986 requests\)\.$/);
    expect(lines[2]).toMatch(/p99: 10 → 30 ms \(\+200\.0 %\)/);
  });
});
