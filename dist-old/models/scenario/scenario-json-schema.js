// The JSON Schema of scenario files (for editor completion), generated from the same zod schema
// that validates them, describing what a person writes (units as strings, defaults as written).
import { z } from 'zod';
import { scenarioSchema } from './scenario-schema.js';
export function scenarioJsonSchema() {
    return {
        ...z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }),
        title: 'cachetopo scenario',
    };
}
//# sourceMappingURL=scenario-json-schema.js.map