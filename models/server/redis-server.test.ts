import { describe, expect, it } from 'vitest';
import { Op, Outcome } from '../signals.js';
import { harness } from '../../test/support/server-harness.js';
import type { Engine } from '../../sim/engine/engine.js';
import type { RedisServer } from './redis-server.js';

describe('RedisServer', () => {
  it('takes request + command + perKey + perKB·size/1000 of executor time for a GET hit', () => {
    const { engine, redis, send, replies } = harness();
    redis.preload(3, 2000);
    send(0, [[Op.get, 3]]);
    engine.run();
    expect(replies).toEqual([{ req: 0, atNs: 4000 + 600 + 250 + 300, outcome: Outcome.ok, hits: 1, reads: 1 }]);
  });

  it('serves requests first-come first-served on one thread, each reply leaving as its request ends with replies per-command', () => {
    const { engine, send, replies } = harness({ replies: 'per-command' });
    send(0, [[Op.get, 1]]);
    send(0, [[Op.get, 2]]);
    send(100, [[Op.get, 3]]);
    engine.run();
    expect(replies.map((r) => [r.req, r.atNs])).toEqual([[0, 4850], [1, 9700], [2, 14550]]);
  });

  it('writes the connections with replies when an iteration ends, one write each, newest first; requests arriving meanwhile wait for the next iteration', () => {
    const { engine, send, replies } = harness();
    send(0, [[Op.get, 1]], Op.pipeline, 0);
    send(0, [[Op.get, 2]], Op.pipeline, 1);
    send(100, [[Op.get, 3]], Op.pipeline, 2);
    send(10_000, [[Op.get, 4]], Op.pipeline, 3);
    engine.run();
    // Each request 4850 − write 800 = 4050 before the writes. Iteration 1: req 0, its write ends at 4850.
    // Iteration 2 (reqs 1 and 2, waiting since 0 and 100) from 4850 to 12950, then req 2's write (queued
    // last, written first) and req 1's. Req 3 arrived during iteration 2 and starts after the writes.
    expect(replies.map((r) => [r.req, r.atNs])).toEqual([[0, 4850], [2, 13750], [1, 14550], [3, 19400]]);
  });

  it('writes the replies an iteration queued on one connection in one write', () => {
    const { engine, send, replies } = harness();
    send(0, [[Op.get, 1]]);
    send(0, [[Op.get, 2]]);
    send(100, [[Op.get, 3]]);
    send(10_000, [[Op.get, 4]]);
    engine.run();
    expect(replies.map((r) => [r.req, r.atNs])).toEqual([[0, 4850], [1, 13750], [2, 13750], [3, 18600]]);
  });

  it('drops the replies an iteration queued when the process crashes before its writes, and writes the next run\'s alone', () => {
    const { engine, redis, send, replies } = harness();
    send(0, [[Op.get, 1]], Op.pipeline, 0);
    send(1000, [[Op.get, 2]], Op.pipeline, 1);
    send(1000, [[Op.get, 3]], Op.pipeline, 2);
    engine.at(10_000, () => redis.crash());
    engine.at(11_000, () => redis.restart());
    send(20_000, [[Op.get, 4]], Op.pipeline, 1);
    engine.run();
    // Reqs 1 and 2 run from 4850; at the crash req 1's reply waits for the writes and req 2 is in service.
    expect(replies.map((r) => [r.req, r.atNs])).toEqual([[0, 4850], [3, 24_850]]);
  });

  /** A task standing for MIGRATE: 5 µs of work, then the thread waits 100 µs for the target's answers and returns with 2 µs of work. */
  const migrateTask = (engine: Engine, redis: RedisServer): number => {
    const back = redis.addTask({ begin: () => 2000, finish: () => {} });
    return redis.addTask({ begin: () => 5000, finish: () => {
      redis.blockThread();
      engine.schedule(100_000, () => redis.unblockThread(back, 0));
    } });
  };

  it('ends the iteration of a command that blocks the thread (MIGRATE) only when it returns: the replies of the commands before it leave after it', () => {
    const { engine, redis, send, replies } = harness();
    const migrate = migrateTask(engine, redis);
    send(0, [[Op.get, 1]], Op.pipeline, 0);
    send(1, [[Op.get, 2]], Op.pipeline, 1);
    engine.at(2, () => redis.submitTask(migrate, 0));
    send(50_000, [[Op.get, 3]], Op.pipeline, 2);
    engine.run();
    // Req 0's iteration ends at 4050 and its write at 4850. The next iteration holds req 1 (to 8900) and MIGRATE
    // (to 13,900), which returns at 113,900 and works to 115,900: only then its beforeSleep writes req 1's reply.
    // Req 2, queued while the thread waited, runs after that write.
    expect(replies.map((r) => [r.req, r.atNs])).toEqual([[0, 4850], [1, 116_700], [2, 121_550]]);
  });

  it('runs the rest of a blocked command\'s iteration after the work it returns with, and writes their replies in that iteration\'s writes', () => {
    const { engine, redis, send, replies } = harness();
    const migrate = migrateTask(engine, redis);
    send(0, [[Op.get, 1]], Op.pipeline, 0);
    engine.at(1, () => redis.submitTask(migrate, 0));
    send(2, [[Op.get, 2]], Op.pipeline, 1);
    send(50_000, [[Op.get, 3]], Op.pipeline, 2);
    engine.run();
    // Iteration 2 (from 4850) holds MIGRATE and req 1: MIGRATE to 9850, its wait to 109,850, its return work to 111,850,
    // req 1 to 115,900, and its write to 116,700. Req 2, queued during the wait, begins the next iteration.
    expect(replies.map((r) => [r.req, r.atNs])).toEqual([[0, 4850], [1, 116_700], [2, 121_550]]);
  });

  it('writes a reply that answers no client request (the cluster tool\'s) with the iteration\'s other writes, newest first', () => {
    const { engine, redis, send, replies } = harness();
    const toolReplies: number[] = [];
    const tool = { sendWritten: (_: number, delayNs: number) => toolReplies.push(engine.now + delayNs) };
    const command = redis.addTask({ begin: () => 5000, finish: () => redis.queueWrite(null, tool, 0) });
    send(0, [[Op.get, 1]], Op.pipeline, 0);
    engine.at(1, () => redis.submitTask(command, 0));
    send(2, [[Op.get, 2]], Op.pipeline, 1);
    engine.run();
    // Iteration 2 (from 4850): the command to 9850, req 1 to 13,900; req 1's reply, queued last, is written first (to 14,700).
    expect(replies.map((r) => [r.req, r.atNs])).toEqual([[0, 4850], [1, 14_700]]);
    expect(toolReplies).toEqual([15_500]);
  });

  it('ends a blocked command\'s wait when the process crashes: the restarted process serves at once', () => {
    const { engine, redis, send, replies } = harness();
    const migrate = redis.addTask({ begin: () => 5000, finish: () => redis.blockThread() });
    engine.at(0, () => redis.submitTask(migrate, 0));
    send(1000, [[Op.get, 1]], Op.pipeline, 0);
    engine.at(20_000, () => redis.crash());
    engine.at(30_000, () => redis.restart());
    send(40_000, [[Op.get, 2]], Op.pipeline, 1);
    engine.run();
    expect(redis.incarnation).toBe(1);
    expect(replies.map((r) => [r.req, r.atNs])).toEqual([[1, 44_850]]);
  });

  it('charges the writes on the thread: a request arriving while they run starts when they end', () => {
    const { engine, redis, send, replies } = harness({ cost: { write: '2us' } });
    send(0, [[Op.get, 1]], Op.pipeline, 0);
    send(0, [[Op.get, 2]], Op.pipeline, 1);
    send(8000, [[Op.get, 3]], Op.pipeline, 2);
    let busyDuringWrite = 0;
    engine.at(9000, () => { busyDuringWrite = redis.executor.busyNsAt(9000); });
    engine.run();
    // 2 × (4850 − 2000) = 5700 of commands (req 0 alone, then req 1), writes of 2000 each; req 2 arrives in req 1's write.
    expect(replies.map((r) => [r.req, r.atNs])).toEqual([[0, 4850], [1, 9700], [2, 14550]]);
    expect(redis.executor.busyNsAt(14_550)).toBe(3 * 4850);
    expect(busyDuringWrite).toBe(9000);
  });

  it('answers a multi-key request with one reply counting every key read and found', () => {
    const { engine, redis, send, replies } = harness();
    redis.preload(1, 1000);
    redis.preload(2, 1000);
    send(0, [[Op.get, 1], [Op.get, 2], [Op.get, 5]]);
    engine.run();
    expect(replies[0]).toMatchObject({ hits: 2, reads: 3, atNs: 4000 + 3 * 850 + 2 * 150 });
  });

  it('charges an MGET of k keys one command and k keys, and a pipeline of k GETs k commands', () => {
    const { engine, redis, send, replies } = harness({ replies: 'per-command' });
    redis.preload(1, 1000);
    redis.preload(2, 1000);
    send(0, [[Op.get, 1], [Op.get, 2], [Op.get, 5]], Op.mget);
    send(100_000, [[Op.get, 1], [Op.get, 2], [Op.get, 5]]);
    engine.run();
    expect(replies.map((r) => r.atNs)).toEqual([4000 + 600 + 3 * 250 + 2 * 150, 100_000 + 4000 + 3 * (600 + 250) + 2 * 150]);
  });

  it('refuses writes with OOM over maxmemory under noeviction, and still serves reads', () => {
    const { engine, redis, send, replies } = harness({ maxmemory: '1000B', perKeyOverhead: '0B' });
    redis.preload(1, 1200);
    send(0, [[Op.set, 2, 10]]);
    send(0, [[Op.get, 1]]);
    engine.run();
    expect(replies.map((r) => r.outcome)).toEqual([Outcome.oom, Outcome.ok]);
    expect(redis.keyspace.has(2)).toBe(false);
  });

  it('evicts the least recently used key under allkeys-lru (1 s LRU clock, sampled pool)', () => {
    const { engine, redis, send } = harness({ maxmemory: '3000B', perKeyOverhead: '0B', maxmemoryPolicy: 'allkeys-lru' });
    send(0, [[Op.set, 0, 1000]]);
    send(1e9, [[Op.set, 1, 1000]]);
    send(2e9, [[Op.set, 2, 1000]]);
    send(3e9, [[Op.get, 0]]);
    send(4e9, [[Op.set, 3, 1000]]);
    send(5e9, [[Op.set, 4, 1000]]);
    engine.run();
    expect([0, 1, 2, 3, 4].map((k) => redis.keyspace.has(k))).toEqual([true, false, true, true, true]);
    expect(redis.keyspace.usedBytes).toBeLessThanOrEqual(4000);
  });

  it('evicts the least frequently used key under allkeys-lfu (log factor 0: every access counts)', () => {
    const { engine, redis, send } = harness({ maxmemory: '2000B', perKeyOverhead: '0B', maxmemoryPolicy: 'allkeys-lfu', lfuLogFactor: 0 });
    send(0, [[Op.set, 0, 1000]]);
    send(0, [[Op.set, 1, 1000]]);
    for (let i = 1; i <= 5; i++) send(i * 1000, [[Op.get, 0]]);
    send(1e6, [[Op.set, 2, 1000]]);
    send(1.1e6, [[Op.get, 2]]);
    send(2e6, [[Op.set, 3, 1000]]);
    engine.run();
    expect([0, 1, 2, 3].map((k) => redis.keyspace.has(k))).toEqual([true, false, true, true]);
  });

  it('keeps memory at or under maxmemory under allkeys-random, evicting before each write', () => {
    const { engine, redis, send } = harness({ maxmemory: '5000B', perKeyOverhead: '0B', maxmemoryPolicy: 'allkeys-random' });
    for (let k = 0; k < 16; k++) send(k * 10_000, [[Op.set, k, 1000]]);
    engine.run();
    expect(redis.keyspace.size).toBe(6);
    expect(redis.keyspace.has(15)).toBe(true);
  });

  it('expires a key lazily: a GET after its TTL misses and frees its memory', () => {
    const { engine, redis, send, replies } = harness({ perKeyOverhead: '0B' });
    send(0, [[Op.set, 1, 500, 1_000_000]]);
    send(500_000, [[Op.get, 1]]);
    send(2_000_000, [[Op.get, 1]]);
    engine.run();
    expect(replies.map((r) => r.hits)).toEqual([0, 1, 0]);
    expect(redis.keyspace.usedBytes).toBe(0);
  });

  it('charges freshMemoryPerKB for the KB a write raises the high-water mark by: nothing for memory freed before, all of it again after a restart', () => {
    const { engine, redis, send, replies } = harness({ perKeyOverhead: '0B', cost: { freshMemoryPerKB: '1us' } });
    const set = 4000 + 600 + 250 + 150;
    send(0, [[Op.set, 1, 2000]]);
    send(100_000, [[Op.set, 1, 1000]]);
    send(200_000, [[Op.set, 2, 1000]]);
    send(300_000, [[Op.set, 3, 1500]]);
    send(400_000, [[Op.del, 2]]);
    send(500_000, [[Op.set, 4, 1000]]);
    engine.run();
    const served = replies.map((r) => r.atNs - r.req * 100_000);
    expect(served.slice(0, 4)).toEqual([set + 150 + 2000, set, set, set + 75 + 1500]);
    expect(served[5]).toBe(set);
    redis.crash();
    redis.restart();
    send(1_000_000, [[Op.set, 5, 1000]]);
    engine.run();
    expect(replies.at(-1)!.atNs - 1_000_000).toBe(set + 1000);
  });

  it('blocks the executor for KEYS in proportion to the keyspace size', () => {
    const { engine, redis, send, replies } = harness();
    for (let k = 0; k < 10; k++) redis.preload(k, 100);
    send(0, [[Op.keys, 0]]);
    send(0, [[Op.get, 1]]);
    engine.run();
    expect(replies.map((r) => r.atNs)).toEqual([4000 + 600 + 10 * 40, 5000 + 4000 + 600 + 250 + 15]);
  });

  it('draws service times from serviceTime when it is set, ignoring the cost model', () => {
    const { engine, send, replies } = harness({ serviceTime: '7us' });
    send(0, [[Op.get, 1], [Op.get, 2]]);
    engine.run();
    expect(replies[0]!.atNs).toBe(7000);
  });
});
