// Parameters of a Redis server, declared once. Service-time defaults are of the order of a
// redis-server 7 core without pipelining (≈150-200k requests/s); `cachetopo calibrate` (issue 6)
// replaces them with measured ones. MIGRATE's costs default to calibrate's medians on this project's
// 2-core VM (Redis 7.0.15): the per-KB ones as measured (LZF and CRC64 over the bytes, CPU-bound),
// the syscall-bound ones (migrate; the five read(2) calls in dumpPerKey) scaled by the default
// request cost over the VM's measured one (4 µs / ≈ 23 µs), as the other defaults are for a bare core.
// freshMemoryPerKB, a page fault's kernel entry and page zeroing, is scaled the same way: calibrate
// measured 4,977 ns per KB there (≈ 20 µs a 4 KiB page; 12 µs a page inferred from a reshard's
// target CPU and its minor-fault count), so 870 ns (≈ 3.5 µs a page). `write` too: a PUBLISH to 8
// subscriber connections cost the main thread 4.5–4.7 µs more per subscriber than one to none there
// (5 rounds; a GET 20–22 µs), which less perKey (≈ 0.2 µs there, filling the subscriber's buffer)
// is ≈ 4.4 µs a write, so ≈ 770 ns, rounded to 800 ns.

import { z } from 'zod';
import { distributionSchema } from '../../sim/dist/registry.js';
import { count, durationNs, real, sizeBytes } from '../../sim/scenario/quantities.js';
import { strictObject } from '../../sim/scenario/strict.js';
import { EVICTION_POLICY_NAMES } from './eviction/eviction-registry.js';

/** The default time of one fsync(2), AOF's and nodes.conf's: an assumption of a cloud SSD volume. */
export const FSYNC_LATENCY = { lognormal: { median: '1ms', sigma: 0.7 } };

/** server.perKeyOverhead's default: a dict entry (24 B), a key object (16 B) and a key name of about 20 B, in jemalloc's size classes. */
export const PER_KEY_OVERHEAD_BYTES = 64;

export const serviceCostParams = strictObject({
  request: durationNs().prefault('4us').describe('per request received: read, parse, reply write (syscalls, event loop)'),
  write: durationNs().prefault('800ns').describe('of `request`, the write(2) of its reply, done in beforeSleep one connection at a time, newest first, each reply leaving when its write ends; a message that answers no request (an invalidation, a published message) costs its connection\'s write, shared with whatever else the iteration queued on that connection'),
  command: durationNs().prefault('600ns').describe('per command in the request (dispatch, lookup)'),
  perKey: durationNs().prefault('250ns').describe('per key a command touches'),
  perKB: durationNs().prefault('150ns').describe('per 1000 value bytes read or written'),
  scanPerKey: durationNs().prefault('40ns').describe('per key in the keyspace, for KEYS (blocks the executor)'),
  evictionPerKey: durationNs().prefault('1us').describe('per key evicted before a command runs'),
  migrate: durationNs().prefault('4us').describe('MIGRATE on the source, per command beyond request and command: the write to the target, sleeping in poll(2) for the answers and waking up'),
  dumpPerKey: durationNs().prefault('2us').describe('MIGRATE on the source, per key: serialize it as DUMP does, write it to the target, read the target\'s reply a byte per read(2)'),
  dumpPerKB: durationNs().prefault('4us').describe('MIGRATE on the source, per 1000 value bytes: compression attempt, CRC64, the write'),
  restorePerKey: durationNs().prefault('400ns').describe('RESTORE on the target, per key beyond the command: decode the payload, add the key'),
  restorePerKB: durationNs().prefault('1100ns').describe('RESTORE on the target, per 1000 value bytes: read and parse the payload, CRC64 check, decode'),
  freshMemoryPerKB: durationNs().prefault('870ns').describe('per 1000 bytes a write raises the dataset above its high-water mark by: the allocator takes fresh pages from the kernel, a minor page fault (a zeroed 4 KiB page) at the first touch of each; memory freed and written again costs nothing'),
  ioReadShare: real(0, 1).prefault(0.25).describe('share of `request` less `write` that reading and parsing a request takes (what threaded reads move off the main thread; an estimate)'),
}).refine((c) => c.write <= c.request, { path: ['write'], message: 'expected write ≤ request (the reply\'s write is a part of the request\'s cost)' }).prefault({});

const persistenceParams = strictObject({
  rdb: strictObject({
    every: durationNs().refine((ns) => ns >= 1e9, 'expected at least 1s (save points are in seconds)').prefault('60s')
      .describe('save <seconds> <changes>: BGSAVE once this long has passed since the last save…'),
    afterWrites: count().refine((n) => n >= 1, 'expected at least 1 write').prefault(1).describe('… and at least this many writes were made'),
  }).optional().describe('RDB snapshots (BGSAVE): a fork pause, copy-on-write memory while the child writes; a restart loads the last snapshot'),
  aof: strictObject({
    fsync: z.enum(['always', 'everysec', 'no'], { error: () => 'expected always, everysec or no' }).prefault('everysec')
      .describe('appendfsync: always fsyncs each event-loop iteration\'s writes on the main thread before the replies; everysec in the background once a second (a busy fsync blocks the main thread after 2 s); no leaves it to the kernel'),
    fsyncLatency: distributionSchema(durationNs).prefault(FSYNC_LATENCY)
      .describe('time of one fsync(2) of the AOF (the disk: an assumption of a cloud SSD volume; measure yours)'),
  }).optional().describe('append-only file: a restart reloads every acknowledged write'),
  loadPerGB: durationNs().prefault('5s').describe('time a restarted server takes to load its RDB or AOF per GB of data, answering -LOADING meanwhile'),
  forkPerGB: durationNs().prefault('13ms')
    .describe('fork(2) on the main thread per GB of dataset, for BGSAVE and for a replica\'s full sync (page-table copy; redis.io\'s latency page: 10–13 ms per GB on VMware, physical and EC2 HVM hosts)'),
  diskWrite: sizeBytes().refine((b) => b > 0, 'expected more than 0 bytes per second').prefault('200MB')
    .describe('bytes per second a child writes an RDB file to disk at'),
  replSync: z.enum(['diskless', 'disk'], { error: () => 'expected diskless or disk' }).prefault('diskless')
    .describe('repl-diskless-sync: a full sync\'s child streams the dataset to the replica (diskless, Redis 7\'s default) or writes an RDB file first and then sends it (disk)'),
}).prefault({});

export type PersistenceParams = z.output<typeof persistenceParams>;

export const serverParams = strictObject({
  maxmemory: sizeBytes().prefault(0).describe('memory limit for data (0 = no limit), like maxmemory'),
  maxmemoryPolicy: z.enum(EVICTION_POLICY_NAMES, {
    error: () => `expected one of ${EVICTION_POLICY_NAMES.join(', ')}`,
  }).prefault('noeviction').describe('what to do over maxmemory, like maxmemory-policy'),
  maxmemorySamples: count().refine((n) => n >= 1 && n <= 64, 'expected 1 to 64 samples (Redis\'s range for maxmemory-samples)').prefault(5)
    .describe('keys sampled per eviction round (maxmemory-samples, 1 to 64)'),
  lfuLogFactor: real(0, 1e6).prefault(10).describe('lfu-log-factor'),
  lfuDecayTime: count().refine((n) => n <= 1e6, 'expected at most 1,000,000 minutes').prefault(1).describe('lfu-decay-time, minutes'),
  trackingTableMaxKeys: count().refine((n) => n <= 1e9, 'expected at most 1,000,000,000 keys').prefault(1_000_000)
    .describe('client tracking (default mode): most keys the tracking table remembers, like tracking-table-max-keys (0: no limit); over it, a random tracked key is invalidated as if it were modified'),
  perKeyOverhead: sizeBytes().prefault(`${PER_KEY_OVERHEAD_BYTES}B`).describe('memory per key beyond its value (dict entry, objects, key name)'),
  cost: serviceCostParams,
  replies: z.enum(['per-iteration', 'per-command'], { error: () => 'expected per-iteration or per-command' }).prefault('per-iteration')
    .describe('per-iteration: replies are written in beforeSleep, once per event-loop iteration, after every request the iteration read (Redis); per-command: each reply leaves when its request ends (an ideal FIFO server)'),
  serviceTime: distributionSchema(durationNs).optional()
    .describe('if set, every request takes a service time drawn from this distribution instead of the cost model (for queueing-theory checks)'),
  ioThreads: count().refine((n) => n >= 1 && n <= 128, 'expected 1 to 128 threads (io-threads, the main thread included)').prefault(1)
    .describe('io-threads: threads writing replies (and reading requests with ioThreadsDoReads), the main thread included; used only when at least 2 connections per thread have output to write, as Redis does'),
  ioThreadsDoReads: z.boolean().prefault(false).describe('io-threads-do-reads: the I/O threads also read and parse requests'),
  persistence: persistenceParams.describe('RDB snapshots and the AOF (none by default: a restarted server comes back empty), and the forks of BGSAVE and full syncs'),
}).superRefine((p, ctx) => {
  if (p.ioThreads > 1 && p.replies === 'per-command') {
    ctx.addIssue({ code: 'custom', path: ['ioThreads'], message: 'expected replies: per-iteration with I/O threads (they write an iteration\'s connections in beforeSleep)', input: p.ioThreads });
  }
}).prefault({});

export type ServerParams = z.output<typeof serverParams>;
