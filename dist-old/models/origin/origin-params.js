// Parameters of the origin database behind the cache, declared once.
import { distributionSchema } from '../../sim/dist/registry.js';
import { count, durationNs } from '../../sim/scenario/quantities.js';
import { strictObject } from '../../sim/scenario/strict.js';
export const originParams = strictObject({
    latency: distributionSchema(durationNs).prefault({ lognormal: { median: '2ms', sigma: 0.5 } })
        .describe('time to answer one query once admitted'),
    perKey: durationNs().prefault('100us').describe('extra time per key in a multi-key query'),
    maxConcurrency: count().refine((n) => n >= 1, 'expected ≥ 1').prefault(64)
        .describe('queries served at once; the others wait FIFO (a connection pool / DB capacity)'),
}).prefault({});
//# sourceMappingURL=origin-params.js.map