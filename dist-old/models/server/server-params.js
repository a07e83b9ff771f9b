// Parameters of a Redis server, declared once. Service-time defaults are of the order of a
// redis-server 7 core without pipelining (≈150-200k requests/s); `cachetopo calibrate` (issue 6)
// replaces them with measured ones.
import { z } from 'zod';
import { distributionSchema } from '../../sim/dist/registry.js';
import { count, durationNs, real, sizeBytes } from '../../sim/scenario/quantities.js';
import { strictObject } from '../../sim/scenario/strict.js';
import { EVICTION_POLICY_NAMES } from './eviction/eviction-registry.js';
export const serviceCostParams = strictObject({
    request: durationNs().prefault('4us').describe('per request received: read, parse, reply write (syscalls, event loop)'),
    command: durationNs().prefault('600ns').describe('per command in the request (dispatch, lookup)'),
    perKey: durationNs().prefault('250ns').describe('per key a command touches'),
    perKB: durationNs().prefault('150ns').describe('per 1000 value bytes read or written'),
    scanPerKey: durationNs().prefault('40ns').describe('per key in the keyspace, for KEYS (blocks the executor)'),
    evictionPerKey: durationNs().prefault('1us').describe('per key evicted before a command runs'),
}).prefault({});
export const serverParams = strictObject({
    maxmemory: sizeBytes().prefault(0).describe('memory limit for data (0 = no limit), like maxmemory'),
    maxmemoryPolicy: z.enum(EVICTION_POLICY_NAMES, {
        error: () => `expected one of ${EVICTION_POLICY_NAMES.join(', ')}`,
    }).prefault('noeviction').describe('what to do over maxmemory, like maxmemory-policy'),
    maxmemorySamples: count().refine((n) => n >= 1 && n <= 64, 'expected 1 to 64 samples (Redis\'s range for maxmemory-samples)').prefault(5)
        .describe('keys sampled per eviction round (maxmemory-samples, 1 to 64)'),
    lfuLogFactor: real(0, 1e6).prefault(10).describe('lfu-log-factor'),
    lfuDecayTime: count().refine((n) => n <= 1e6, 'expected at most 1,000,000 minutes').prefault(1).describe('lfu-decay-time, minutes'),
    perKeyOverhead: sizeBytes().prefault('64B').describe('memory per key beyond its value (dict entry, objects, key name)'),
    cost: serviceCostParams,
    serviceTime: distributionSchema(durationNs).optional()
        .describe('if set, every request takes a service time drawn from this distribution instead of the cost model (for queueing-theory checks)'),
}).prefault({});
//# sourceMappingURL=server-params.js.map