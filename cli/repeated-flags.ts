// A flag that takes one value, given twice, is bad input: yargs would turn `--out a --out b` into
// an array that later fails as "the run failed" (exit 1), and `--replications 2 --replications 1`
// into 3. Refused here (a yargs middleware: after yargs's own checks, which name an unknown flag as
// unknown, and before any command runs), with one line naming the flag; only the repeatable flags
// may come more than once.

import { UsageError } from './exit-codes.js';

/** Flags that may be given several times, each adding a value. */
const REPEATABLE = new Set(['set', 'vary', 'slo', 'entry']);

/** Throws UsageError for the first single-valued long flag that `args` give more than once (up to a `--` terminator; --maxEvents is --max-events, as yargs reads it). */
export function refuseRepeatedFlags(args: readonly string[]): void {
  const seen = new Set<string>();
  for (const arg of args) {
    if (arg === '--') return;
    if (!arg.startsWith('--')) continue;
    const name = arg.slice(2).split('=')[0]!.replace(/^no-/, '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    if (REPEATABLE.has(name)) continue;
    if (seen.has(name)) throw new UsageError(`--${name}: given more than once; it takes one value`);
    seen.add(name);
  }
}
