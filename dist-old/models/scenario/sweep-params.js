// The `sweep:` block of a scenario: the axes `cachetopo sweep` varies when no --vary is given.
// Each axis is a field path (as for --set: dotted keys, list indexes or entry names, e.g.
// topologies.cluster.nodeTimeout) and the values it takes, written as in the scenario.
import { z } from 'zod';
import { strictObject } from '../../sim/scenario/strict.js';
export const sweepAxisParams = strictObject({
    path: z.string().min(1).describe('the field to vary, as for --set (e.g. topologies.cluster.nodeTimeout)'),
    values: z.array(z.unknown(), { error: () => 'expected a list of values' }).min(1, 'expected at least one value')
        .describe('the values the field takes, written as in the scenario'),
});
export const sweepParams = strictObject({
    vary: z.array(sweepAxisParams, { error: () => 'expected a list of axes' }).min(1, 'expected at least one axis')
        .describe('the axes: the sweep runs their Cartesian product, first axis slowest'),
}).optional().describe('the parameters `cachetopo sweep` varies (overridden by --vary)');
//# sourceMappingURL=sweep-params.js.map