// The CLI's exit codes: 0 ok, 1 the run failed, 2 bad input (scenario, flags).

import { ScenarioError } from '../sim/scenario/scenario-error.js';

export const EXIT_OK = 0;
export const EXIT_RUN_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

export class UsageError extends Error {}

/** Prints an error the way a person can act on it and returns the exit code it deserves. */
export function reportError(error: unknown): number {
  if (error instanceof ScenarioError || error instanceof UsageError) {
    process.stderr.write(`${error.message}\n`);
    return EXIT_BAD_INPUT;
  }
  process.stderr.write(`cachetopo: the run failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  return EXIT_RUN_FAILED;
}
