// A stored result depends on the workload trace as well as on the scenario: a sweep whose trace
// changed refuses its old folder (its plan is another), and a capacity search runs its probes again
// rather than reusing those of the other trace (it used to reuse both: "0 runs, 2 found done").

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

const SCENARIO = `name: trs
duration: 1s
warmup: 0s
drain: 0s
workload:
  keys: 100000
  preload: false
  arrival: { rate: 2000/s }
  popularity: { trace: { file: keys.txt } }
topologies: [ { name: a, kind: single } ]
`;

/** A folder with the scenario and a trace of 2,000 lines over `distinct` keys. */
function withTrace(dir: string, distinct: number): string {
  writeFileSync(join(dir, 'keys.txt'), Array.from({ length: 2000 }, (_, i) => `k${i % distinct}`).join('\n'));
  return join(dir, 'trs.yaml');
}

describe('results stored for a workload trace', () => {
  it('are not reused once the trace changed: the sweep refuses its folder, the capacity search probes again', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'trs.yaml'), SCENARIO);
    const sweep = ['--vary', 'seed=1,2', '--jobs', '1', '--quiet', '--out', join(dir, 'sw')];
    const capacity = ['--slo', 'p99<=10ms', '--replications', '1', '--precision', '50%', '--jobs', '1', '--out', join(dir, 'cap')];
    expect((await cli('sweep', withTrace(dir, 50), ...sweep)).code).toBe(0);
    expect((await cli('capacity', withTrace(dir, 50), ...capacity)).code).toBe(0);
    const again = await cli('capacity', withTrace(dir, 50), ...capacity);
    expect(again.stdout).toMatch(/\(0 probe runs, [1-9]\d* found done/);
    const changed = await cli('sweep', withTrace(dir, 2000), ...sweep);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toMatch(/sw holds another sweep \(plan [0-9a-f]+, this one is [0-9a-f]+\): use another --out, or delete it/);
    const probed = await cli('capacity', withTrace(dir, 2000), ...capacity);
    expect(probed.code).toBe(0);
    expect(probed.stdout).toMatch(/\([1-9]\d* probe runs, 0 found done/);
  });
});
