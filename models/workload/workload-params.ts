// Parameters of the workload, declared once: keyspace, values, popularity, op mix, arrivals.

import { z } from 'zod';
import { distributionSchema } from '../../sim/dist/registry.js';
import { count, durationNs, ratePerS, real, sizeBytes } from '../../sim/scenario/quantities.js';
import { strictObject } from '../../sim/scenario/strict.js';

const share = () => real(0, 1);

/** The largest value Redis stores: proto-max-bulk-len, 512 MiB by default (redis.conf; config.c). */
export const MAX_VALUE_BYTES = 512 * 1024 ** 2;
const VALUE_BOUNDS = { max: { value: MAX_VALUE_BYTES, why: '512 MiB (Redis\'s proto-max-bulk-len: a larger value cannot be stored)' } };

/** The largest keyspace: 500 million keys (typed arrays of ~30 bytes per key per server). */
export const MAX_KEYS = 500_000_000;

export const popularityParams = z.union([
  z.literal('uniform').transform(() => ({ kind: 'zipf' as const, exponent: 0 })),
  strictObject({ zipf: real(0, 10) }).transform((p) => ({ kind: 'zipf' as const, exponent: p.zipf })),
  strictObject({ hotSet: strictObject({ keys: real(0, 1).describe('fraction of keys that are hot'), share: share().describe('fraction of requests that go to hot keys') }) })
    .transform((p) => ({ kind: 'hotSet' as const, ...p.hotSet })),
  strictObject({
    trace: strictObject({
      file: z.string().min(1).describe('trace file, relative to the scenario file'),
      format: z.enum(['plain', 'csv', 'oracleGeneral']).prefault('plain')
        .describe('plain: one key per line; csv: a header row and the column `column`; oracleGeneral: libCacheSim binary records'),
      column: z.string().min(1).prefault('key').describe('csv: the column holding the key'),
    }),
  }).transform((p) => ({ kind: 'trace' as const, ...p.trace })),
], { error: () => 'expected uniform, { zipf: 0.99 }, { hotSet: { keys: 0.01, share: 0.9 } } or { trace: { file: traces/x.txt } }' });

export const mixParams = strictObject({
  get: share().prefault(1).describe('share of GET'),
  set: share().prefault(0).describe('share of SET'),
  del: share().prefault(0).describe('share of DEL'),
  mget: strictObject({ share: share(), keys: count().refine((k) => k >= 1 && k <= 1000, 'expected 1 to 1,000 keys') }).optional()
    .describe('share of MGET and keys per MGET'),
  pipeline: strictObject({
    share: share(),
    commands: count().refine((d) => d >= 1 && d <= 1000, 'expected 1 to 1,000 commands').describe('commands written at once on one connection'),
    op: z.enum(['get', 'set', 'mix'], { error: () => 'expected get, set or mix' }).prefault('mix').describe('each command a GET, a SET, or either in the mix\'s get:set ratio'),
  }).optional()
    .describe('share of pipelines: N commands written at once on one connection (split as the cluster client\'s profile says in a cluster)'),
  keys: share().prefault(0).describe('share of KEYS, which blocks the server in proportion to its keyspace'),
  mset: strictObject({ share: share(), keys: count().refine((k) => k >= 1 && k <= 1000, 'expected 1 to 1,000 keys') }).optional()
    .describe('share of MSET and keys per MSET (split by the cluster client as its profile does, else CROSSSLOT over several slots)'),
  multi: strictObject({ share: share(), keys: count().refine((k) => k >= 1 && k <= 1000, 'expected 1 to 1,000 keys') }).optional()
    .describe('share of transactions: MULTI, one SET per key, EXEC (never split: CROSSSLOT over several slots in a cluster)'),
  eval: strictObject({
    share: share(), keys: count().refine((k) => k >= 1 && k <= 1000, 'expected 1 to 1,000 keys'),
    cpu: durationNs().prefault('20us').describe('the script\'s own run time on the server thread, beyond its key accesses'),
  }).optional().describe('share of EVALSHA calls of a script reading its keys (never split: CROSSSLOT over several slots in a cluster)'),
}).superRefine((m, ctx) => {
  const total = m.get + m.set + m.del + (m.mget?.share ?? 0) + (m.pipeline?.share ?? 0) + m.keys + (m.mset?.share ?? 0) + (m.multi?.share ?? 0) + (m.eval?.share ?? 0);
  if (Math.abs(total - 1) > 1e-9) ctx.addIssue({ code: 'custom', message: `expected shares that add up to 1, they add up to ${Number(total.toFixed(6))}` });
});

export type MixParams = z.output<typeof mixParams>;

/** The share of workload op `op` (an OPS name) in `mix`: 0 for an op the workload never issues. */
export function opShare(mix: MixParams, op: string): number {
  const entry = (mix as Record<string, number | { share: number } | undefined>)[op];
  return typeof entry === 'number' ? entry : entry?.share ?? 0;
}

export const arrivalParams = z.union([
  strictObject({
    rate: ratePerS().describe('open loop: requests per second, arriving whatever the responses'),
    process: z.enum(['poisson', 'uniform']).prefault('poisson').describe('interarrival times: exponential or constant'),
  }).transform((a) => ({ kind: 'open' as const, ...a })),
  strictObject({
    connections: count().refine((n) => n >= 1 && n <= 1_000_000, 'expected 1 to 1,000,000 connections').describe('closed loop: users, each with one request outstanding'),
    think: distributionSchema(durationNs).prefault('0s').describe('time between a response and the user\'s next request'),
  }).transform((a) => ({ kind: 'closed' as const, ...a })),
], {
  error: (issue) => {
    const input = issue.input as Record<string, unknown> | undefined;
    const both = input !== null && typeof input === 'object' && 'rate' in input && 'connections' in input;
    return `expected { rate: 50000/s } (open loop) or { connections: 100, think: 1ms } (closed loop)${both ? ', not both' : ''}`;
  },
});

/** The shortest client timeout: 1 µs, below which a timer would fire at about every event. */
const MIN_TIMEOUT_NS = 1000;
/** Attempts are counted in one byte per request (request-table.ts), as client libraries bound them (ioredis: 20). */
const MAX_RETRIES = 100;

/** CPU cores of an application host when `cores` is not given and the host is not an event loop. */
const DEFAULT_CORES = 8;

export const clientParams = strictObject({
  hosts: count().refine((n) => n >= 1 && n <= 10_000, 'expected 1 to 10,000 hosts').prefault(4).describe('application hosts issuing requests'),
  cores: count().refine((n) => n >= 1 && n <= 1024, 'expected 1 to 1,024 cores').optional()
    .describe(`CPU cores per application host, each running client work FIFO (default ${DEFAULT_CORES}; an event-loop host has one thread)`),
  eventLoop: strictObject({
    turnCpu: durationNs().describe('CPU of one turn of the loop before its callbacks (the poll\'s return and its bookkeeping), shared by the replies the turn finds'),
    tailCpu: durationNs().prefault('0s').describe('CPU of one turn after its callbacks, before the next poll (later phases, the poll\'s entry): off the path of the requests they sent'),
    gc: strictObject({
      every: durationNs().refine((ns) => ns > 0, 'expected more than 0ns of work between pauses').describe('callback CPU between two pauses (the allocations that fill the young generation)'),
      pause: durationNs().describe('how long each pause stops the thread (a scavenge)'),
    }).optional().describe('garbage-collection pauses that stop the loop (none: no pauses); `calibrate` measures them'),
  }).optional()
    .describe('each host is one Node.js-style process: a single thread whose event loop takes the replies that are ready at each poll, runs them and what they trigger (the next request) in turn; replies arriving meanwhile wait for the next turn (none: cores run client work FIFO)'),
  poolSize: count().refine((n) => n >= 1 && n <= 10_000, 'expected 1 to 10,000 connections').prefault(16).describe('connections per host to each server'),
  requestCpu: durationNs().prefault('2us').describe('client CPU to build and send one request'),
  replyCpu: durationNs().prefault('2us').describe('client CPU to parse one reply'),
  messageCpu: durationNs().prefault('2us').describe('client CPU to take one pushed message (an invalidation, a published message) off a connection and hand it to its handler: no command or promise to complete, so usually less than replyCpu; `calibrate` measures it'),
  commandCpu: durationNs().prefault('0s').describe('client CPU per command of a request beyond its first (a pipeline\'s, a split MGET part\'s GETs: building each and parsing its reply), half before the send and half after the reply'),
  keyCpu: durationNs().prefault('0s').describe('client CPU per key of an MGET, MSET or EVALSHA beyond its first (its argument and its value in the reply), half before the send and half after the reply'),
  pipelineCpu: durationNs().prefault('0s').describe('client CPU of a request sent as a pipeline object beyond its commands (the client library\'s object, its queue and promise): a pipeline or transaction of any length, and any other request of several commands (a split request\'s part of several, a write-back of several SETs), half before the send and half after the reply'),
  timeout: durationNs().refine((ns) => ns >= MIN_TIMEOUT_NS, 'expected a timeout of at least 1us (a broken connection resends its handshake every timeout)')
    .prefault('1s').describe('per-attempt timeout (and the connect timeout unless connectTimeout is set); what happens to the connection then is onTimeout\'s'),
  onTimeout: z.enum(['close', 'keep'], { error: () => 'expected close or keep' }).prefault('close')
    .describe('what a timeout does to the connection: close (go-redis, Jedis and redis-py: the read timeout closes the socket, whose reply stream is out of step, and a new one is opened; a Sentinel client then asks where the master is) or keep (ioredis commandTimeout, Lettuce: the command fails, the connection stays and carries the next requests, and the late reply is dropped)'),
  connectTimeout: durationNs().refine((ns) => ns >= MIN_TIMEOUT_NS, 'expected a connect timeout of at least 1us (a handshake is resent every connect timeout)').optional()
    .describe('how long a connect (its TCP handshake) may take before the client closes that socket and tries another: ioredis connectTimeout 10 s, Lettuce 10 s, go-redis DialTimeout 5 s, Jedis connectionTimeout 2 s (default: timeout)'),
  retries: count().refine((n) => n <= MAX_RETRIES, `expected at most ${MAX_RETRIES} retries`).prefault(1).describe('extra attempts after a timeout'),
  retryBackoff: durationNs().prefault('10ms').describe('wait before a retry'),
}).superRefine((c, ctx) => {
  if (c.eventLoop && c.cores !== undefined && c.cores !== 1) {
    ctx.addIssue({ code: 'custom', path: ['cores'], message: `expected no cores (or 1) with eventLoop: an event-loop host is one thread; use more hosts for more processes, got ${c.cores}` });
  }
}).transform((c) => ({ ...c, cores: c.cores ?? (c.eventLoop ? 1 : DEFAULT_CORES), connectTimeout: c.connectTimeout ?? c.timeout })).prefault({});

export const workloadParams = strictObject({
  keys: count().refine((n) => n >= 1 && n <= MAX_KEYS, `expected 1 to ${MAX_KEYS.toLocaleString('en-US')} keys`).prefault(100_000)
    .describe('keys in the keyspace (≈ 30 bytes of typed arrays per key and server)'),
  keyBytes: sizeBytes().refine((n) => n >= 1 && n <= MAX_VALUE_BYTES, 'expected 1 byte to 512 MiB (proto-max-bulk-len)').prefault('16B').describe('length of a key name'),
  valueSize: distributionSchema(sizeBytes, VALUE_BOUNDS).prefault({ lognormal: { median: '1KB', sigma: 0.5 } }).describe('value size of each key (drawn once per key; a distribution whose 1 − 1e-9 quantile passes 512 MiB, Redis\'s proto-max-bulk-len, is refused, and a rarer draw above it is cut to it)'),
  popularity: popularityParams.prefault({ zipf: 0.99 })
    .describe('which keys requests pick; a trace replays its keys in order, wrapping around at its end (keys: its distinct keys if not given)'),
  mix: mixParams.prefault({}),
  arrival: arrivalParams.prefault({ rate: '50000/s' }),
  ttl: distributionSchema(durationNs).optional().describe('expiry set with every SET (none if absent)'),
  preload: z.boolean().prefault(true).describe('start with every key in the cache (a warm cache)'),
  preloadTtl: distributionSchema(durationNs).optional()
    .describe('expiry of each preloaded key from t = 0, drawn per key: a constant makes them all expire together (a mass expiry); none if absent'),
  hashTag: z.union([
    strictObject({
      tag: z.string().regex(/^[^{}]+$/, 'expected a non-empty tag without { or }').describe('the common hash tag: tagged keys are named "{<tag>}:key:<k>"'),
      keys: share().describe('fraction of the keys that carry the tag: the first round(keys·N) key ids, the most popular under zipf and hotSet'),
    }).transform((h) => ({ kind: 'shared' as const, ...h })),
    strictObject({
      entity: strictObject({
        keys: count().refine((k) => k >= 1 && k <= 1_000_000, 'expected 1 to 1,000,000 keys per entity').describe('keys per entity: key k belongs to entity floor(k / keys)'),
      }).describe('a tag per entity: key k is named "{entity:<e>}:key:<k>", so an entity\'s keys share a slot; a multi-key request (MGET, MSET, MULTI, EVAL, pipeline) takes its keys from one entity, the entity of a first key picked by popularity'),
    }).transform((h) => ({ kind: 'entity' as const, keysPerEntity: h.entity.keys })),
  ], { error: () => 'expected { tag, keys } (one shared tag) or { entity: { keys } } (a tag per entity)' }).optional()
    .describe('hash tags: one tag shared by the most popular keys, or a tag per entity; Redis Cluster hashes a tagged key by its tag (client-side sharding and proxies hash the key names without tags, as before)'),
  readThrough: z.boolean().prefault(true).describe('on a GET miss, read the origin database and SET the value'),
  clients: clientParams,
}).superRefine((w, ctx) => {
  const p = w.popularity;
  if (p.kind === 'hotSet' && p.share > 0 && Math.round(p.keys * w.keys) < 1) {
    ctx.addIssue({ code: 'custom', path: ['popularity', 'hotSet', 'keys'], message: `expected at least one hot key: ${p.keys} of ${w.keys.toLocaleString('en-US')} keys rounds to 0, yet a share of ${p.share} of requests goes to them`, input: p.keys });
  }
}).prefault({});

export type WorkloadParams = z.output<typeof workloadParams>;

/** Whether keys can carry an expiry (servers then keep expiry times). */
export function keysExpire(w: WorkloadParams): boolean {
  return w.ttl !== undefined || w.preloadTtl !== undefined;
}
export type ClientParams = z.output<typeof clientParams>;
export type HashTagParams = NonNullable<WorkloadParams['hashTag']>;
export type Popularity = z.output<typeof popularityParams>;
