// `cachetopo schema [--markdown] [--write FILE]`: the JSON Schema of scenario files, or the scenario
// reference page (docs/scenario-reference.md) generated from it.

import { writeFileSync } from 'node:fs';
import { scenarioJsonSchema } from '../../models/scenario/scenario-json-schema.js';
import { scenarioReferenceMarkdown } from '../../models/scenario/scenario-reference.js';
import { reasonOf } from '../../reports/run-folder.js';
import { UsageError } from '../exit-codes.js';

export function schemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

export function schemaCommand(args: { write?: string; markdown?: boolean }): number {
  if (args.write === '') throw new UsageError('--write: expected a file name');
  const text = args.markdown ? scenarioReferenceMarkdown() : schemaText();
  if (args.write === undefined) {
    process.stdout.write(text);
    return 0;
  }
  try {
    writeFileSync(args.write, text);
  } catch (error) {
    throw new UsageError(`--write ${args.write}: cannot write there: ${reasonOf(error)}`);
  }
  return 0;
}
