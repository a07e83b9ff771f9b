// Whatever is done to a valid scenario, loading it either succeeds or fails with a ScenarioError
// whose every issue is a located one-line message: never a crash, never a stack trace.
// The mutations: test/support/scenario-mutations.ts.

import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parseScenario } from '../../experiment/load-scenario.js';
import { ScenarioError } from '../../sim/scenario/scenario-error.js';
import { dataMutation, mutateData, mutateText, sometimes, textMutation } from '../support/scenario-mutations.js';

const DIR = new URL('../../scenarios/', import.meta.url);
const SCENARIOS = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(new URL(f, DIR), 'utf8'));

/** Loads `text`; returns the failure if it is anything but a success or a well-formed ScenarioError. */
function misbehaviour(text: string): string | undefined {
  try {
    parseScenario(text, 'mutated.yaml');
    return undefined;
  } catch (error) {
    if (!(error instanceof ScenarioError)) return `crashed with ${error instanceof Error ? error.stack : String(error)}`;
    if (error.issues.length === 0) return 'a ScenarioError without issues';
    const bad = error.issues.find((i) => i.message.trim() === '' || i.message.includes('\n') || !(i.line >= 0) || /^\s+at /m.test(i.message));
    return bad === undefined ? undefined : `a malformed issue ${JSON.stringify(bad)}`;
  }
}

describe('loading a mutated valid scenario', () => {
  it('starts from shipped scenarios that load', () => {
    expect(SCENARIOS.length).toBeGreaterThan(0);
    for (const text of SCENARIOS) expect(() => parseScenario(text, 'shipped.yaml')).not.toThrow();
  });

  it('returns a scenario or throws a ScenarioError of located one-line issues, never another exception', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: SCENARIOS.length - 1 }), fc.array(dataMutation, { minLength: 1, maxLength: 3 }), sometimes(textMutation),
        (which, dataMutations, textMut) => {
          const data = dataMutations.reduce<unknown>(mutateData, parse(SCENARIOS[which]!));
          const text = textMut === null ? stringify(data) : mutateText(stringify(data), textMut);
          const problem = misbehaviour(text);
          if (problem !== undefined) throw new Error(`${problem}\n--- mutated.yaml ---\n${text}`);
        },
      ),
      { seed: 20_250_601, numRuns: 1000 },
    );
  });
});
