// `cachetopo list`: topologies, every scenario parameter with its default and unit, distributions and
// eviction policies, all read from the declarations (the JSON Schema), so it never drifts.
import { DISTRIBUTIONS } from '../../sim/dist/registry.js';
import { EVICTION_POLICY_NAMES } from '../../models/server/eviction/eviction-registry.js';
import { scenarioJsonSchema } from '../../models/scenario/scenario-json-schema.js';
import { parameterEntries } from '../../models/scenario/scenario-parameters.js';
import { TOPOLOGIES } from '../../models/topology/topology-registry.js';
/** One line per leaf parameter: path, default, help; a group's path with its description. */
export function parameterLines(entries) {
    return entries.map((e) => {
        if (e.group)
            return `${e.path}  (${e.description})`;
        const def = e.default !== undefined ? `default ${JSON.stringify(e.default)}` : e.required ? 'required' : 'optional';
        const values = e.values ? ` one of ${e.values.join(', ')};` : '';
        return `${e.path}  ${def};${values} ${e.description}`.trimEnd();
    });
}
export function listCommand() {
    const lines = ['Topologies (topologies[].kind):'];
    for (const [kind, t] of Object.entries(TOPOLOGIES))
        lines.push(`  ${kind}  ${t.help}`);
    lines.push('', 'Scenario parameters (durations like "15s", sizes like "2KB", rates like "50000/s"):');
    lines.push(...parameterLines(parameterEntries(scenarioJsonSchema())).map((p) => `  ${p}`));
    lines.push('', 'Distributions (any field that takes one; a bare value means const):');
    for (const [name, d] of Object.entries(DISTRIBUTIONS))
        lines.push(`  ${name.padEnd(12)} ${d.help}; e.g. ${d.example}`);
    lines.push('', `Eviction policies (server.maxmemoryPolicy): ${EVICTION_POLICY_NAMES.join(', ')}`);
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
}
//# sourceMappingURL=list.js.map