// Parameters of the origin database behind the cache, declared once, and of the stampede
// protection the application puts in front of it (models/client/stampede-guard.ts).

import type { z } from 'zod';
import { distributionSchema } from '../../sim/dist/registry.js';
import { count, durationNs, real } from '../../sim/scenario/quantities.js';
import { strictObject } from '../../sim/scenario/strict.js';

export const originParams = strictObject({
  latency: distributionSchema(durationNs).prefault({ lognormal: { median: '2ms', sigma: 0.5 } })
    .describe('time to answer one query once admitted'),
  perKey: durationNs().prefault('100us').describe('extra time per key in a multi-key query'),
  maxConcurrency: count().refine((n) => n >= 1, 'expected ≥ 1').prefault(64)
    .describe('queries served at once; the others wait FIFO (a connection pool / DB capacity)'),
  protection: strictObject({
    lock: strictObject({
      ttl: durationNs().refine((ns) => ns >= 1e6, 'expected at least 1ms (PX is in milliseconds)').prefault('5s')
        .describe('PX of the lock key: how long a holder that never releases it keeps the others waiting'),
      poll: durationNs().refine((ns) => ns >= 1e5, 'expected at least 100us').prefault('50ms')
        .describe('a request that lost the lock GETs the key again after this long (and tries the lock again if it still misses)'),
    }).optional().describe('on a GET\'s miss, take lock:{key} with SET NX PX before reading the origin; the winner reads it, writes the value back and deletes the lock in one pipeline; the others poll, or serve the value they have (early refresh)'),
    earlyRefresh: strictObject({
      beta: real(0, 100).prefault(1).describe('XFetch\'s β: > 1 refreshes earlier, < 1 later, 0 never'),
    }).optional().describe('XFetch probabilistic early refresh: a GET that finds its key refreshes it from the origin when now − δ·β·ln(u) ≥ expiry (δ: the time the value took to compute, u uniform in (0, 1])'),
  }).prefault({}).describe('stampede protection of read-through GETs'),
}).prefault({});

export type OriginParams = z.output<typeof originParams>;
