// `cachetopo schema [--markdown] [--write FILE]`: the JSON Schema of scenario files, or the scenario
// reference page (docs/scenario-reference.md) generated from it.
import { writeFileSync } from 'node:fs';
import { scenarioJsonSchema } from '../../models/scenario/scenario-json-schema.js';
import { scenarioReferenceMarkdown } from '../../models/scenario/scenario-reference.js';
export function schemaText() {
    return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
export function schemaCommand(args) {
    const text = args.markdown ? scenarioReferenceMarkdown() : schemaText();
    if (args.write)
        writeFileSync(args.write, text);
    else
        process.stdout.write(text);
    return 0;
}
//# sourceMappingURL=schema.js.map