// `cachetopo schema [--write FILE]`: the JSON Schema of scenario files.

import { writeFileSync } from 'node:fs';
import { scenarioJsonSchema } from '../../models/scenario/scenario-json-schema.js';

export function schemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

export function schemaCommand(args: { write?: string }): number {
  if (args.write) writeFileSync(args.write, schemaText());
  else process.stdout.write(schemaText());
  return 0;
}
