// `cachetopo list`: topologies, every scenario parameter with its default and unit, distributions and
// eviction policies, all read from the declarations (the JSON Schema), so it never drifts.

import { DISTRIBUTIONS } from '../../sim/dist/registry.js';
import { EVICTION_POLICY_NAMES } from '../../models/server/eviction/eviction-registry.js';
import { scenarioJsonSchema } from '../../models/scenario/scenario-json-schema.js';
import { TOPOLOGIES } from '../../models/topology/topology-registry.js';

interface JsonSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  required?: string[];
}

/** One line per leaf parameter: path, default, help. */
export function parameterLines(schema: JsonSchema, path: string, out: string[], required = true): void {
  const variants = schema.oneOf ?? schema.anyOf;
  if (schema.properties) {
    if (schema.description && path !== '') out.push(`${path}  (${schema.description})`);
    for (const [key, child] of Object.entries(schema.properties)) {
      parameterLines(child, path === '' ? key : `${path}.${key}`, out, schema.required?.includes(key) ?? false);
    }
    return;
  }
  if (schema.items?.properties || schema.items?.oneOf || schema.items?.anyOf) {
    if (schema.description) out.push(`${path}[]  (${schema.description})`);
    parameterLines(schema.items, `${path}[]`, out);
    return;
  }
  if (variants && variants.some((v) => v.properties?.kind?.const !== undefined)) {
    for (const v of variants) parameterLines(v, `${path}{kind: ${String(v.properties!.kind!.const)}}`, out);
    return;
  }
  const def = schema.default !== undefined ? `default ${JSON.stringify(schema.default)}` : required ? 'required' : 'optional';
  const values = schema.enum ? ` one of ${schema.enum.join(', ')};` : '';
  out.push(`${path}  ${def};${values} ${schema.description ?? ''}`.trimEnd());
}

export function listCommand(): number {
  const lines: string[] = ['Topologies (topologies[].kind):'];
  for (const [kind, t] of Object.entries(TOPOLOGIES)) lines.push(`  ${kind}  ${t.help}`);
  lines.push('', 'Scenario parameters (durations like "15s", sizes like "2KB", rates like "50000/s"):');
  const params: string[] = [];
  parameterLines(scenarioJsonSchema() as JsonSchema, '', params);
  lines.push(...params.map((p) => `  ${p}`));
  lines.push('', 'Distributions (any field that takes one; a bare value means const):');
  for (const [name, d] of Object.entries(DISTRIBUTIONS)) lines.push(`  ${name.padEnd(12)} ${d.help}; e.g. ${d.example}`);
  lines.push('', `Eviction policies (server.maxmemoryPolicy): ${EVICTION_POLICY_NAMES.join(', ')}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
