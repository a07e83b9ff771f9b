// Parameters of the in-process L1 tier (an `l1:` block on any topology entry), declared once.

import { z } from 'zod';
import { count, durationNs, sizeBytes } from '../../sim/scenario/quantities.js';
import { strictObject } from '../../sim/scenario/strict.js';
import { CACHE_POLICY_NAMES } from '../cache/policy-registry.js';

export const INVALIDATION_MODES = ['ttl', 'versioned', 'pubsub', 'spublish', 'tracking', 'bcast'] as const;
export type InvalidationMode = (typeof INVALIDATION_MODES)[number];
const ON_DISCONNECT = ['flush', 'keep'] as const;
const IN_FLIGHT_READS = ['discard', 'keep'] as const;

export const l1Params = strictObject({
  entries: count().refine((n) => n >= 1 && n <= 100_000_000, 'expected 1 to 100,000,000 entries').optional()
    .describe('most entries each application host keeps'),
  bytes: sizeBytes().refine((n) => n >= 1, 'expected at least 1 byte').optional()
    .describe('most bytes each application host keeps (values + entryOverhead per entry)'),
  entryOverhead: sizeBytes().prefault('64B').describe('bytes an entry costs besides its value (key, links, object header)'),
  policy: z.enum(CACHE_POLICY_NAMES, { error: () => `expected one of: ${CACHE_POLICY_NAMES.join(', ')}` }).prefault('lru')
    .describe('which entry leaves when the cache is full'),
  ttl: durationNs().refine((n) => n > 0, 'expected a duration > 0').optional()
    .describe('an entry older than this is a miss (TTL); none if absent'),
  lookupCpu: durationNs().prefault('200ns').describe('client CPU per key looked up, inserted or invalidated'),
  hitCheckCpu: durationNs().prefault('0ns').describe('client CPU per hit to check the entry (e.g. verifying a signature)'),
  singleFlight: z.boolean().prefault(false).describe('concurrent misses of one key on a host wait for one fetch'),
  invalidation: strictObject({
    mode: z.enum(INVALIDATION_MODES, { error: () => `expected one of: ${INVALIDATION_MODES.join(', ')}` })
      .describe('ttl: none (TTL only); versioned: keys carry their version; pubsub / spublish: the writer publishes the key; tracking / bcast: Redis client tracking'),
    delay: durationNs().prefault('0s').describe('pubsub/spublish: time between the write\'s reply and the PUBLISH (e.g. an outbox)'),
    inFlightReads: z.enum(IN_FLIGHT_READS, { error: () => `expected one of: ${IN_FLIGHT_READS.join(', ')}` }).optional()
      .describe('pubsub/spublish/tracking/bcast: a value read from Redis whose key was invalidated while the read was on its way is not kept (discard: redis-py\'s in-progress placeholder; Jedis reads an invalidation pushed behind the reply before its next hit), or kept, stale until the key is written again (keep: a cache that does not guard the race the Redis docs describe). Default: discard with tracking/bcast (client libraries\' caches), keep with pubsub/spublish (an application\'s own subscriber)'),
    onDisconnect: z.enum(ON_DISCONNECT, { error: () => `expected one of: ${ON_DISCONNECT.join(', ')}` }).optional()
      .describe('tracking/bcast: when one of the host\'s connections to Redis is lost (a timeout, a reset, the server closing it), flush empties the L1, as Jedis\'s and redis-py\'s client-side caches do (an invalidation may have been lost with it); keep serves on, as Lettuce 6\'s does. Default flush'),
  }).prefault({ mode: 'ttl' }).describe('how other hosts learn that a key changed'),
}).superRefine((p, ctx) => {
  if (p.entries === undefined && p.bytes === undefined) ctx.addIssue({ code: 'custom', message: 'expected entries, bytes or both' });
  if (p.invalidation.onDisconnect !== undefined && p.invalidation.mode !== 'tracking' && p.invalidation.mode !== 'bcast') {
    ctx.addIssue({ code: 'custom', path: ['invalidation', 'onDisconnect'], message: `expected no onDisconnect with invalidation mode ${p.invalidation.mode} (it is what a client-tracking cache does when a connection drops)` });
  }
  if (p.invalidation.inFlightReads !== undefined && (p.invalidation.mode === 'ttl' || p.invalidation.mode === 'versioned')) {
    ctx.addIssue({ code: 'custom', path: ['invalidation', 'inFlightReads'], message: `expected no inFlightReads with invalidation mode ${p.invalidation.mode} (no invalidation races a read)` });
  }
  if (p.invalidation.mode === 'ttl' && p.ttl === undefined) {
    ctx.addIssue({ code: 'custom', path: ['ttl'], message: 'expected a ttl with invalidation mode ttl (entries would never be refreshed)' });
  }
});

export type L1Params = z.output<typeof l1Params>;

/** Whether a value whose key was invalidated while its read was on the way is dropped instead of kept. */
export const discardsInFlightReads = (p: L1Params): boolean =>
  p.invalidation.inFlightReads === 'discard'
  || (p.invalidation.inFlightReads === undefined && (p.invalidation.mode === 'tracking' || p.invalidation.mode === 'bcast'));

/** Whether the L1 empties itself when one of its host's connections to Redis is lost (client tracking; flush unless keep). */
export const flushesOnDisconnect = (p: L1Params): boolean =>
  (p.invalidation.mode === 'tracking' || p.invalidation.mode === 'bcast') && p.invalidation.onDisconnect !== 'keep';

/** Entries the L1's index needs room for: the entry limit, else as many as the byte limit allows. */
export function l1SlotCount(p: L1Params, keys: number): number {
  const byBytes = p.bytes === undefined ? Infinity : Math.floor(p.bytes / Math.max(1, p.entryOverhead));
  return Math.max(1, Math.min(p.entries ?? Infinity, byBytes, keys));
}
