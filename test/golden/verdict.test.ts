// The verdict at the top of report.md, pinned on four shipped scenarios: one with replications
// (intervals decide "beyond the 95 % CIs" or "no clear difference"), one closed loop at saturation
// (the throughput line and the queueing-delay warning), two with a fault (failed requests and
// unavailability; a proxy's eject counted as its recovery). Regenerate with UPDATE_GOLDEN=1 npx vitest run test/golden, and explain the change.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../experiment/load-scenario.js';
import { runScenario } from '../../experiment/run-scenario.js';
import { summarize } from '../../reports/summarize.js';
import { runVerdict, verdictHeading } from '../../reports/verdict.js';

const CASES = [
  { name: 'clustering-tax', sets: ['duration=2s', 'warmup=1s', 'drain=1s', 'replications=2'], expect: /beyond the 95 % CIs|inside the 95 % CIs/ },
  { name: 'closed-loop-benchmark', sets: ['duration=2s', 'warmup=1s', 'drain=1s', 'workload.keys=100_000'], expect: /latencies there are queueing delay/ },
  { name: 'failover-under-load', sets: [], expect: /Unavailability \(fault to first write\)/ },
  { name: 'sharded-failover', sets: ['duration=30s'], expect: /Unavailability \(fault to first write on the new primary, or to a proxy's eject\)\*\*: lowest \*\*proxy\*\*/ },
];

describe.each(CASES)('the verdict of $name', ({ name, sets, expect: line }) => {
  it('matches the pinned lines and says what makes this case', () => {
    const { results } = runScenario(loadScenario(`scenarios/${name}.yaml`, sets).scenario);
    const summaries = summarize(results);
    const verdict = runVerdict(results, summaries);
    const text = `${[verdictHeading(summaries[0]!.replications), ...verdict].join('\n')}\n`;
    const path = `test/golden/${name}.verdict.md`;
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, text);
    expect(existsSync(path), `missing golden file ${path} (UPDATE_GOLDEN=1 creates it)`).toBe(true);
    expect(text).toBe(readFileSync(path, 'utf8'));
    expect(verdict.length).toBeGreaterThanOrEqual(3);
    expect(verdict.length).toBeLessThanOrEqual(8);
    expect(text).toMatch(line);
  });
});
