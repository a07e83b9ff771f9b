// Measures a live Redis for `cachetopo calibrate` (the fit is models/server/service-calibration.ts):
// the server main thread's CPU time per request (INFO cpu deltas) for each request shape, driven by
// `connections` ioredis connections with one request outstanding each; and this Node.js client's
// event loop, in two phases of small GETs (on one connection, and on several at once): wall time,
// main-thread busy time (event-loop utilization) and loop turns per request. A turn is counted with
// one setImmediate per turn that had a reply; the garbage collector's pauses during those phases
// (perf_hooks 'gc' entries that start within them) give the client's GC pauses per request and
// their mean length. A first phase, not kept, warms the client up (its
// JIT-compiled paths), so that every kept phase measures the same code. The kept phases are run
// `repeats` times in a row, so that the caller can see how far repeated measurements disagree
// (experiment/calibration-spread.ts); within a repetition each phase is cut into SLICES slices and
// the shapes take turns. MGET and the pipeline are WIDTH = 100 keys wide and the large value is
// 100 kB, so that the per-key, per-command and per-KB differences stand well above the noise; a
// pipeline of one small GET, against the small GET, gives the client's cost of a pipeline object.
// A reply's write(2): PUBLISH to a channel SUBSCRIBERS connections of this process subscribe to,
// against PUBLISH to a channel nobody does, both from one connection (so that each iteration runs one
// PUBLISH and writes each subscriber once, src/networking.c handleClientsWithPendingWrites); the same
// two phases' client busy time gives this process's CPU per message its subscribers take.
// MIGRATE's costs: MIGRATE … COPY REPLACE KEYS of one small key, of WIDTH small keys and of WIDTH
// medium keys (MEDIUM_BYTES) to a stand-in target in this process
// (experiment/restore-sink.ts) gives the source's work per key and per KB; RESTORE … REPLACE of one
// small payload and pipelines of WIDTH small and WIDTH medium payloads (taken with DUMP) gives the
// target's. Every value MIGRATE or RESTORE carries is random bytes in base64, which LZF cannot
// compress, as most cached values; the small ones are longer than 20 bytes, so that Redis tries LZF
// on them as on nearly every cached value (rdb.c, rdbSaveRawString) and that attempt's fixed part
// falls in the per-key cost. MIGRATE takes its keys in turn from pools of POOL_KEYS, as a migration
// serializes each key once, and RESTORE … REPLACE replaces, in turn, keys of a pool written with
// the same payload before the phases (so that it measures no memory growth); pipelines of WIDTH
// medium RESTOREs of keys never written before, after MEMORY PURGE (jemalloc hands the pages it
// kept of freed memory back to the kernel), give the page faults of fresh memory
// (server.cost.freshMemoryPerKB): at most FRESH_KEYS_PER_SLICE keys a slice, kept until the
// repetition ends (about 6 MB), so that each slice grows the server's memory anew. Biases: a
// RESTORE … REPLACE also frees the value it replaces, which a new key's does not (the difference
// comes out a little low); the purge also drops the pages other shapes reuse (their first requests
// after it may fault). The same 100 keys migrated over and over cost the source
// less per key while small (their records stay in the caches) and more per KB while large (1 KB
// values: 7.4 µs a DUMP for 100 keys in turn, 4.6 µs for 20,000; with rdbcompression no, 1.8 and
// 2.0 µs, so it is LZF's attempt), which made calibrate's per-KB cost about 1.6× what a reshard's
// source spends (6.0 against 3.7 µs on one VM, 5.3 against 3.2 on another). MIGRATE is not
// measured with the large value: its CPU per KB grows with the payload (5.8 µs per KB for one
// 100 kB key, 3.4 for 100 keys of 500 B on this project's VM), as a payload larger than the socket
// takes makes the blocked source poll for room (MIGRATE writes 64 KB at a time), which costs CPU
// but is not on the MIGRATE's path; WIDTH medium keys stay below 64 KB. It refuses a server that
// is a replica, in cluster mode, or holds more than `maxKeys` keys; it writes only keys under its
// own prefix (the pools add 4 × POOL_KEYS keys, about 5 MB, to the 400 of the GET shapes, so the
// server's GETs are measured against a keyspace that large) and deletes them when done (also on
// failure, and when `signal` aborts: the measurement stops at the next slice). A server that fails
// a command or stops answering once the measurement has begun ends it with CalibrationFailed, whose
// message says whether the keys could be deleted and, if not, how to delete them. A server whose
// keys are all its own leftovers (a calibration cut short where the deletes could not run: a paused
// server, a killed process) is refused with a line that says so and how to delete them.

import { randomBytes } from 'node:crypto';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import type { GcPauses, LoopPhase, ShapeCosts } from '../models/server/service-calibration.js';
import { RestoreSink } from './restore-sink.js';
import { shownRedisUrl } from './redis-url.js';

export class CalibrationRefused extends Error {}

/** The measurement stopped because its signal aborted (Ctrl-C); `keysLeftOn` names the server when its keys could not be deleted (the message says so). */
export class CalibrationInterrupted extends Error {
  constructor(readonly keysLeftOn: string | null = null) {
    super(keysLeftOn === null ? 'interrupted' : keysLeftText(keysLeftOn));
  }
}

/** The server failed a command, or stopped answering, once the measurement had begun; the message says whether its keys are left. */
export class CalibrationFailed extends Error {}

export interface MeasureOptions {
  connections: number;
  /** Wall time of each shape's phase. */
  phaseMs: number;
  maxKeys: number;
  /** How many times every kept phase is measured (one ShapeCosts each). */
  repeats: number;
  /** Stops the measurement at the next slice (CalibrationInterrupted). */
  signal?: AbortSignal;
}

const PREFIX = 'cachetopo:calibrate:';
/** A shell line that deletes the keys (the password, hidden in messages, to be put where *** is). */
function deleteKeys(url: string): string {
  const shown = shownRedisUrl(url);
  const line = `redis-cli -u '${shown}' --scan --pattern '${PREFIX}*' | xargs -r redis-cli -u '${shown}' del`;
  return shown === url ? line : `${line}, with the password where *** is`;
}
const keysLeftText = (url: string) => `its keys under ${PREFIX} could not be deleted (${deleteKeys(url)})`;
/** Above 20 bytes, the length from which Redis tries LZF on a string it serializes (rdb.c, rdbSaveRawString), so that MIGRATE's per-key cost holds that attempt's fixed part, as for nearly every cached value. */
const SMALL_BYTES = 32;
const LARGE_BYTES = 100_000;
const MEDIUM_BYTES = 500;
const WIDTH = 100;
const KEYS = 200;
/** Keys of each pool, taken in turn, so that a key comes round again only after POOL_KEYS others, as in a migration, which serializes each key once (see the header). A multiple of WIDTH. */
const POOL_KEYS = 10_000;
/** The pools' key tags: keys MIGRATE takes (small, medium) and keys RESTORE replaces (small, medium payloads). */
const POOL_TAGS = { migratedSmall: 't', migratedMedium: 'm', restoredSmall: 'rs', restoredMedium: 'rm' } as const;
/** Keys the fresh-memory shape adds per slice (see the header): a multiple of WIDTH, 20 pipelines. */
const FRESH_KEYS_PER_SLICE = 2000;
/** Slices each shape's phase is cut into, the shapes taking turns, so that the machine's drift over seconds falls on every shape alike and cancels in the differences the fit takes. */
const SLICES = 5;
/** Connections of the busy client phase when the shapes are measured on one. */
const BUSY_CONNECTIONS = 8;
/** Subscriber connections of the PUBLISH shape (each a write per PUBLISH). */
const SUBSCRIBERS = 8;
const MIGRATE_TIMEOUT_MS = 5000;
/** How long to wait for perf_hooks to deliver the GC entries of the phases just run. */
const GC_ENTRIES_DELIVERED_MS = 20;

/** What the slices of one shape measured, summed: requests, wall, client busy and server CPU time (ns), loop turns. */
interface SliceSum {
  done: number;
  wallNs: number;
  busyNs: number;
  serverNs: number;
  turns: number;
  /** Each slice's start and end (performance.now(), ms), one after the other. */
  windowsMs: number[];
}

const emptySum = (): SliceSum => ({ done: 0, wallNs: 0, busyNs: 0, serverNs: 0, turns: 0, windowsMs: [] });

function loopPhase(connections: number, s: SliceSum): LoopPhase {
  const done = Math.max(1, s.done);
  return { connections, periodNs: s.wallNs / done, busyNs: s.busyNs / done, repliesPerTurn: s.done / Math.max(1, s.turns), serverNs: s.serverNs / done };
}

/** The GC pauses that started within the slices of `sums` (small GETs), and the requests those slices made. */
function gcDuring(sums: readonly SliceSum[], pauses: readonly { startMs: number; durationMs: number }[]): GcPauses {
  const within = pauses.filter((p) => sums.some((s) => s.windowsMs.some((t, i) => i % 2 === 0 && p.startMs >= t && p.startMs < s.windowsMs[i + 1]!)));
  return { requests: sums.reduce((a, s) => a + s.done, 0), pauses: within.length, pauseNs: within.reduce((a, p) => a + p.durationMs * 1e6, 0) };
}

/** The server's main-thread CPU time so far (INFO cpu), ns. */
export async function mainThreadCpuNs(c: Redis): Promise<number> {
  const i = info(await c.info('cpu'));
  return (Number(i['used_cpu_user_main_thread'] ?? i['used_cpu_user']) + Number(i['used_cpu_sys_main_thread'] ?? i['used_cpu_sys'])) * 1e9;
}

function info(text: string): Record<string, string> {
  return Object.fromEntries(text.split('\r\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]));
}

/** One ShapeCosts per repetition, in the order measured. */
export async function measureLiveRedis(url: string, o: MeasureOptions): Promise<ShapeCosts[]> {
  /** The first error a connection reported (a refused connect, a wrong password): ioredis's connect() then says only "Connection is closed." */
  let firstError: Error | null = null;
  const connection = () => {
    const c = new Redis(url, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null, commandTimeout: 5000 });
    c.on('error', (error: Error) => {
      firstError ??= error;
    });
    return c;
  };
  const clients = Array.from({ length: Math.max(o.connections, BUSY_CONNECTIONS) }, connection);
  const main = clients[0]!;
  const subscribers = Array.from({ length: SUBSCRIBERS }, connection);
  const fresh = new FreshKeys();
  const gcPauses: { startMs: number; durationMs: number }[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if ((e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) gcPauses.push({ startMs: e.startTime, durationMs: e.duration });
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  let sink: RestoreSink | undefined;
  /** Set once refuseUnsafe has found no other calibration's keys: from then on the keys under PREFIX are this run's to delete. */
  let owned = false;
  let failure: unknown = null;
  const repetitions: ShapeCosts[] = [];
  try {
    await Promise.all(clients.map((c) => c.connect())).catch((error: Error) => {
      throw new CalibrationRefused(`cannot reach ${shownRedisUrl(url)}: ${(firstError ?? error).message.split('\n')[0]}`);
    });
    await refuseUnsafe(main, url, o.maxKeys);
    owned = true;
    await Promise.all(subscribers.map(async (c) => {
      await c.connect();
      await c.subscribe(`${PREFIX}subscribed`);
    }));
    const large = 'V'.repeat(LARGE_BYTES);
    const random = (bytes: number) => randomBytes(bytes).toString('base64').slice(0, bytes);
    const smallKeys = Array.from({ length: KEYS }, (_, i) => `${PREFIX}s:${i}`);
    const largeKeys = Array.from({ length: KEYS }, (_, i) => `${PREFIX}l:${i}`);
    await main.mset(...smallKeys.flatMap((k) => [k, random(SMALL_BYTES)]));
    await main.mset(...largeKeys.flatMap((k) => [k, large]));
    const migratedSmall = new KeysInTurn(POOL_TAGS.migratedSmall);
    const migratedMedium = new KeysInTurn(POOL_TAGS.migratedMedium);
    const restoredSmall = new KeysInTurn(POOL_TAGS.restoredSmall);
    const restoredMedium = new KeysInTurn(POOL_TAGS.restoredMedium);
    for (const [pool, bytes] of [[migratedSmall, SMALL_BYTES], [migratedMedium, MEDIUM_BYTES]] as const) {
      for (let i = 0; i < POOL_KEYS; i += WIDTH) await main.mset(...pool.next(WIDTH).flatMap((k) => [k, random(bytes)]));
    }
    const localAddress = main.stream.localAddress;
    if (localAddress === undefined) throw new CalibrationRefused(`cannot tell which address ${shownRedisUrl(url)} reaches this host at`);
    sink = await RestoreSink.listen(localAddress);
    const target = sink;
    const smallPayload = await main.dumpBuffer(migratedSmall.next(1)[0]!);
    const mediumPayload = await main.dumpBuffer(migratedMedium.next(1)[0]!);
    for (const [pool, payload] of [[restoredSmall, smallPayload], [restoredMedium, mediumPayload]] as const) {
      for (let i = 0; i < POOL_KEYS; i += WIDTH) {
        const p = main.pipeline();
        for (const key of pool.next(WIDTH)) p.restore(key, 0, payload, 'REPLACE');
        await p.exec();
      }
    }
    const pick = (keys: string[]) => keys[Math.floor(Math.random() * keys.length)]!;
    const cpu = () => mainThreadCpuNs(main);
    /** Runs `request` in a closed loop on `connections` connections for `ms` (and at most `limit` requests), adding what it measured to `sum`. */
    const slice = async (connections: number, request: (c: Redis) => Promise<unknown>, ms: number, sum: SliceSum, limit = Infinity): Promise<void> => {
      if (o.signal?.aborted) throw new CalibrationInterrupted();
      const before = await cpu();
      const loopBefore = performance.eventLoopUtilization();
      let done = 0;
      let issued = 0;
      let turns = 0;
      let turnMarked = false;
      const turnEnded = () => {
        turnMarked = false;
        turns++;
      };
      const started = performance.now();
      const until = started + ms;
      await Promise.all(clients.slice(0, connections).map(async (c) => {
        while (performance.now() < until && issued < limit) {
          issued++;
          await request(c);
          done++;
          if (!turnMarked) {
            turnMarked = true;
            setImmediate(turnEnded);
          }
        }
      }));
      sum.windowsMs.push(started, performance.now());
      sum.wallNs += (performance.now() - started) * 1e6;
      sum.busyNs += performance.eventLoopUtilization(loopBefore).active * 1e6;
      sum.serverNs += (await cpu()) - before;
      sum.done += done;
      sum.turns += turns;
    };
    const getSmall = (c: Redis) => c.get(pick(smallKeys));
    const mget = (c: Redis) => c.mget(Array.from({ length: WIDTH }, () => pick(smallKeys)));
    const pipeline = (c: Redis) => {
      const p = c.pipeline();
      for (let i = 0; i < WIDTH; i++) p.get(pick(smallKeys));
      return p.exec();
    };
    const pipelineOne = (c: Redis) => c.pipeline().get(pick(smallKeys)).exec();
    const publishNone = (c: Redis) => c.publish(`${PREFIX}unsubscribed`, 'k');
    const publishSubscribed = (c: Redis) => c.publish(`${PREFIX}subscribed`, 'k');
    const getLarge = (c: Redis) => c.get(pick(largeKeys));
    const migrate = (keys: () => string[]) => (c: Redis) => c.call('MIGRATE', target.host, target.port, '', 0, MIGRATE_TIMEOUT_MS, 'COPY', 'REPLACE', 'KEYS', ...keys())
      .catch((error: Error) => {
        throw new CalibrationRefused(`${shownRedisUrl(url)} could not MIGRATE to this host (${target.host}:${target.port}), which calibrate needs for MIGRATE's costs: ${error.message}`);
      });
    const migrateSmall = migrate(() => migratedSmall.next(1));
    const migrateWide = migrate(() => migratedSmall.next(WIDTH));
    const migrateWideMedium = migrate(() => migratedMedium.next(WIDTH));
    const restoreSmall = (c: Redis) => c.restore(restoredSmall.next(1)[0]!, 0, smallPayload, 'REPLACE');
    const restoreWide = (pool: KeysInTurn, payload: Buffer) => (c: Redis) => {
      const p = c.pipeline();
      for (const key of pool.next(WIDTH)) p.restore(key, 0, payload, 'REPLACE');
      return p.exec();
    };
    const restoreFreshWide = (c: Redis) => {
      const p = c.pipeline();
      for (const key of fresh.next(WIDTH)) p.restore(key, 0, mediumPayload);
      return p.exec();
    };
    const otherConnections = o.connections > 1 ? 1 : BUSY_CONNECTIONS;
    await slice(Math.max(o.connections, BUSY_CONNECTIONS), getSmall, o.phaseMs, emptySum());
    for (let r = 0; r < o.repeats; r++) {
      // In the order they take turns: the pipeline of one next to the small GET it is the difference from.
      const shaped = {
        getSmall, pipelineOne, mget, pipeline, getLarge, migrateSmall, migrateWide, migrateWideMedium, restoreSmall,
        restoreWide: restoreWide(restoredSmall, smallPayload), restoreWideMedium: restoreWide(restoredMedium, mediumPayload),
      };
      type Shape = keyof typeof shaped;
      const sums = Object.fromEntries(Object.keys(shaped).map((name) => [name, emptySum()])) as Record<Shape, SliceSum>;
      const otherSum = emptySum();
      const freshSum = emptySum();
      const publishNoneSum = emptySum();
      const publishSubscribedSum = emptySum();
      for (let k = 0; k < SLICES; k++) {
        await slice(otherConnections, getSmall, o.phaseMs / SLICES, otherSum);
        for (const [name, request] of Object.entries(shaped)) await slice(o.connections, request, o.phaseMs / SLICES, sums[name as Shape]);
        await slice(1, publishNone, o.phaseMs / SLICES, publishNoneSum);
        await slice(1, publishSubscribed, o.phaseMs / SLICES, publishSubscribedSum);
        await main.call('MEMORY', 'PURGE');
        await slice(o.connections, restoreFreshWide, o.phaseMs / SLICES, freshSum, FRESH_KEYS_PER_SLICE / WIDTH);
      }
      await fresh.deleteIssued(main);
      await new Promise((resolve) => setTimeout(resolve, GC_ENTRIES_DELIVERED_MS));
      const server = (name: Shape) => loopPhase(o.connections, sums[name]).serverNs;
      const client = (name: Shape) => loopPhase(o.connections, sums[name]).busyNs;
      const shapes = loopPhase(o.connections, sums.getSmall);
      const other = loopPhase(otherConnections, otherSum);
      const published = { none: loopPhase(1, publishNoneSum), subscribed: loopPhase(1, publishSubscribedSum) };
      repetitions.push({
        getSmallNs: server('getSmall'), mgetNs: server('mget'), pipelineNs: server('pipeline'), getLargeNs: server('getLarge'),
        clientGetNs: client('getSmall'), clientMgetNs: client('mget'), clientPipelineNs: client('pipeline'), clientPipelineOneNs: client('pipelineOne'),
        migrateSmallNs: server('migrateSmall'), migrateWideNs: server('migrateWide'), migrateWideMediumNs: server('migrateWideMedium'),
        restoreSmallNs: server('restoreSmall'), restoreWideNs: server('restoreWide'), restoreWideMediumNs: server('restoreWideMedium'),
        restoreFreshWideMediumNs: loopPhase(o.connections, freshSum).serverNs,
        publishNoneNs: published.none.serverNs, publishSubscribedNs: published.subscribed.serverNs, subscribers: SUBSCRIBERS,
        clientPublishNoneNs: published.none.busyNs, clientPublishSubscribedNs: published.subscribed.busyNs,
        width: WIDTH, smallKB: SMALL_BYTES / 1000, mediumKB: MEDIUM_BYTES / 1000, largeKB: LARGE_BYTES / 1000,
        single: o.connections > 1 ? other : shapes, busy: o.connections > 1 ? shapes : other,
        gc: gcDuring([sums.getSmall, otherSum], gcPauses),
      });
    }
  } catch (error) {
    failure = error;
  }
  gcObserver.disconnect();
  await sink?.close().catch(() => {});
  const keysLeft = owned && !(await cleanUp(main, fresh).then(() => true, () => false));
  for (const c of [...clients, ...subscribers]) c.disconnect();
  if (failure instanceof CalibrationInterrupted) throw keysLeft ? new CalibrationInterrupted(url) : failure;
  if (failure !== null && !owned) throw failure;
  if (failure !== null || keysLeft) {
    const reason = failure === null ? 'it did not answer the deletion of its keys' : (failure instanceof Error ? failure.message.split('\n')[0] : String(failure));
    const left = keysLeft ? `; ${keysLeftText(url)}` : '; its keys are deleted';
    throw new CalibrationFailed(`${shownRedisUrl(url)} failed during the measurement: ${reason}${left}`, { cause: failure });
  }
  return repetitions;
}

async function refuseUnsafe(c: Redis, url: string, maxKeys: number): Promise<void> {
  const server = info(await c.info('replication'));
  if (server['role'] !== 'master') throw new CalibrationRefused(`${shownRedisUrl(url)} is a replica (read-only): calibrate a primary or a standalone server`);
  const cluster = info(await c.info('cluster'));
  if (cluster['cluster_enabled'] === '1') throw new CalibrationRefused(`${shownRedisUrl(url)} runs in cluster mode: calibrate one standalone server (its costs are the same)`);
  const [, mine] = await c.scan('0', 'MATCH', `${PREFIX}*`, 'COUNT', 1000);
  if (mine.length > 0) {
    throw new CalibrationRefused(`${shownRedisUrl(url)} already holds keys under ${PREFIX}: another calibration is running, or one was cut short before it could delete them `
      + `(${deleteKeys(url)})`);
  }
  const keys = await c.dbsize();
  if (keys > maxKeys) {
    throw new CalibrationRefused(`${shownRedisUrl(url)} holds ${keys} keys in its database: calibrate needs a server with at most ${maxKeys} (--max-keys) so that its timings are not disturbed and nothing of yours is at risk`);
  }
}

async function cleanUp(c: Redis, fresh: FreshKeys): Promise<void> {
  if (c.status !== 'ready') throw new Error(`the connection is ${c.status}`);
  await c.del(...Array.from({ length: KEYS }, (_, i) => [`${PREFIX}s:${i}`, `${PREFIX}l:${i}`]).flat());
  for (const tag of Object.values(POOL_TAGS)) {
    const pool = new KeysInTurn(tag);
    for (let i = 0; i < POOL_KEYS; i += WIDTH) await c.del(...pool.next(WIDTH));
  }
  await fresh.deleteIssued(c);
}

/** The POOL_KEYS key names of the pool tagged `tag`, handed out in turn, `n` at a time, going round. */
class KeysInTurn {
  private nextIndex = 0;

  constructor(private readonly tag: string) {}

  next(n: number): string[] {
    const keys = Array.from({ length: n }, (_, i) => `${PREFIX}${this.tag}:${(this.nextIndex + i) % POOL_KEYS}`);
    this.nextIndex = (this.nextIndex + n) % POOL_KEYS;
    return keys;
  }
}

/** Key names never handed out before, `n` at a time (the fresh-memory shape's), and the deletion of those handed out. */
class FreshKeys {
  private issued = 0;
  private deleted = 0;

  next(n: number): string[] {
    const keys = this.names(this.issued, n);
    this.issued += n;
    return keys;
  }

  /** Deletes every key handed out and not yet deleted. */
  async deleteIssued(c: Redis): Promise<void> {
    for (; this.deleted < this.issued; this.deleted += WIDTH) await c.del(...this.names(this.deleted, Math.min(WIDTH, this.issued - this.deleted)));
  }

  private names(from: number, n: number): string[] {
    return Array.from({ length: n }, (_, i) => `${PREFIX}f:${from + i}`);
  }
}
