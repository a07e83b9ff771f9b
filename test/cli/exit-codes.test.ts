// How a failure is told: bad input is exit 2 in at most three lines (the rest counted); a failure of
// the run itself is exit 1 in one line naming what failed, with the stack only under --debug.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reportError } from '../../cli/exit-codes.js';
import { ScenarioError } from '../../sim/scenario/scenario-error.js';

let written = '';
const write = process.stderr.write.bind(process.stderr);
beforeEach(() => {
  written = '';
  process.stderr.write = ((chunk: string) => { written += chunk; return true; }) as typeof process.stderr.write;
});
afterEach(() => {
  process.stderr.write = write;
});

describe('reportError', () => {
  it('prints at most three issues of a ScenarioError, counting the others on the third line (exit 2)', () => {
    const issues = [1, 2, 3, 4, 5].map((line) => ({ file: 's.yaml', line, column: 1, field: `f${line}`, message: 'bad' }));
    expect(reportError(new ScenarioError(issues))).toBe(2);
    expect(written).toBe('s.yaml:1:1: f1: bad\ns.yaml:2:1: f2: bad\ns.yaml:3:1: f3: bad (and 2 more problems)\n');
  });

  it('prints a failure of the run in one line, its first line only, and the stack with --debug (exit 1)', () => {
    const error = new Error('topology c, replication 0 (seed 7): invariant broken\nsecond line', { cause: new RangeError('deep') });
    expect(reportError(error)).toBe(1);
    expect(written).toBe('cachetopo: the run failed: topology c, replication 0 (seed 7): invariant broken (run again with --debug for the stack trace)\n');
    written = '';
    expect(reportError(error, true)).toBe(1);
    expect(written.split('\n')[0]).toBe('cachetopo: the run failed: topology c, replication 0 (seed 7): invariant broken');
    expect(written).toMatch(/\n\s+at /);
    expect(written).toMatch(/caused by: RangeError: deep/);
  });
});
