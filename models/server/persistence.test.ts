import { describe, expect, it } from 'vitest';
import { Op, Outcome, SERVER_PERSISTENCE, type ServerPersistence } from '../signals.js';
import { harness } from '../../test/support/server-harness.js';

/** The default write of a reply (cost.write), part of the request's cost. */
const WRITE_NS = 800;
const GET_MISS_NS = 4000 + 600 + 250;
const OVERHEAD = 64;

/** A server with `persistence`; its writes pay no page faults of fresh memory, so that the times are the persistence's alone. */
function persisted(persistence: Record<string, unknown>) {
  const h = harness({ persistence, cost: { freshMemoryPerKB: 0 } });
  const events: ServerPersistence[] = [];
  h.bus.signal<ServerPersistence>(SERVER_PERSISTENCE).subscribe((e) => events.push({ ...e }));
  return { ...h, events };
}

describe('persistence: RDB snapshots', () => {
  it('pauses the main thread at BGSAVE for the dataset\'s GB × forkPerGB, and a request arriving then waits for the fork', () => {
    const h = persisted({ rdb: { every: '1s', afterWrites: 1 }, forkPerGB: '10ms', diskWrite: '1GB' });
    for (let k = 0; k < 5; k++) h.redis.preload(k, 200e6);
    h.send(0.5e9, [[Op.set, 9, 0]]);
    h.send(1e9 + 1000, [[Op.get, 15]]);
    h.engine.run({ untilNs: 1.5e9 });
    const bytes = 5 * (200e6 + OVERHEAD) + OVERHEAD;
    const forkNs = (bytes / 1e9) * 10e6;
    expect(h.events.filter((e) => e.kind === 0).map((e) => e.durationNs)).toEqual([forkNs]);
    expect(h.replies.at(-1)!.atNs).toBe(1e9 + Math.round(forkNs) + GET_MISS_NS);
  });

  it('counts the pages the parent copies while the child writes, and no snapshot without enough writes', () => {
    const h = persisted({ rdb: { every: '1s', afterWrites: 1 }, forkPerGB: '10ms', diskWrite: '1MB' });
    h.redis.preload(0, 1e6);
    h.send(0.5e9, [[Op.set, 1, 0]]);
    // The child writes ≈ 1 MB at 1 MB/s: from just after 1 s to just after 2 s. Two writes meanwhile: a 10 KB value (3 pages) and a DEL (1 page).
    h.send(1.5e9, [[Op.set, 2, 10_000]]);
    h.send(1.6e9, [[Op.del, 0]]);
    h.engine.run({ untilNs: 10e9 });
    expect(h.events.filter((e) => e.kind === 3).map((e) => e.cowBytes)).toEqual([4 * 4096, 0]);
    // The writes during the first save count for the next snapshot (a second after it ends), then none is due.
    expect(h.events.filter((e) => e.kind === 0)).toHaveLength(2);
  });

  it('restarts from the last snapshot: the writes after it are lost, and requests get -LOADING while it loads', () => {
    const h = persisted({ rdb: { every: '1s', afterWrites: 1 }, forkPerGB: '10ms', diskWrite: '1GB', loadPerGB: '1s' });
    h.send(0.5e9, [[Op.set, 1, 100_000_000]]);
    // The first snapshot (fork at 1 s) is saved at 1.1 s; the next save point is at 2.1 s, after the crash.
    h.send(2e9, [[Op.set, 2, 100]]);
    h.engine.at(2.05e9, () => h.redis.crash());
    h.engine.at(3e9, () => h.redis.restart());
    h.send(3e9 + 1000, [[Op.get, 1]]);
    h.send(3.5e9, [[Op.get, 1], [Op.get, 2]]);
    h.engine.run({ untilNs: 4e9 });
    const [loading, after] = h.replies.slice(-2);
    expect(loading!.outcome).toBe(Outcome.loading);
    // Loading 100 MB at 1 s per GB takes 0.1 s: at 3.5 s key 1 (in the snapshot) is back, key 2 (written after it) is lost.
    expect([after!.outcome, after!.hits, after!.reads]).toEqual([Outcome.ok, 1, 2]);
  });
});

describe('persistence: save points across a crash', () => {
  it('keeps saving after a crash and a restart: a save point that fell while the process was down is taken after it is back', () => {
    const h = persisted({ rdb: { every: '1s', afterWrites: 1 }, forkPerGB: '10ms', diskWrite: '1GB', loadPerGB: '1ms' });
    h.send(0.5e9, [[Op.set, 1, 0]]);
    h.engine.at(0.9e9, () => h.redis.crash());
    h.engine.at(2.5e9, () => h.redis.restart());
    h.send(3e9, [[Op.set, 2, 0]]);
    h.engine.run({ untilNs: 6e9 });
    // No fork while down (1 s, 2 s); after the restart the next check (3 s, then 4 s) finds the writes and forks.
    expect(h.events.filter((e) => e.kind === 0)).toHaveLength(1);
    expect(h.events.filter((e) => e.kind === 3)).toHaveLength(1);
  });
});

describe('persistence: the AOF', () => {
  it('with appendfsync always, adds one fsync to the replies of every iteration that wrote, before they leave', () => {
    const h = persisted({ aof: { fsync: 'always', fsyncLatency: '1ms' } });
    h.send(0, [[Op.set, 1, 0]]);
    h.send(10e6, [[Op.get, 1]]);
    h.send(20e6, [[Op.set, 2, 0]]);
    h.send(20e6 + 100, [[Op.set, 3, 0]]);
    h.engine.run();
    expect(h.replies.map((r) => r.atNs)).toEqual([
      GET_MISS_NS + 1e6,
      10e6 + GET_MISS_NS + 150 * 0,
      // One iteration for the first SET, then one with the second; each ends with one fsync.
      20e6 + GET_MISS_NS + 1e6,
      20e6 + GET_MISS_NS + 1e6 + GET_MISS_NS + 1e6,
    ]);
    expect(h.events.filter((e) => e.kind === 1)).toHaveLength(3);
  });

  it('with appendfsync everysec, postpones its write behind a busy background fsync, and after 2 s blocks the main thread until the fsync ends', () => {
    const h = persisted({ aof: { fsync: 'everysec', fsyncLatency: '3s' } });
    // The background fsync starts at 1 s and lasts until 4 s.
    h.send(1.5e9, [[Op.set, 1, 0]]);
    h.send(3.2e9, [[Op.set, 2, 0]]);
    h.send(3.6e9, [[Op.set, 3, 0]]);
    h.engine.run({ untilNs: 5e9 });
    // The third SET's command ends WRITE_NS before its reply would: the thread blocks from then until 4 s, then writes the reply.
    expect(h.replies.map((r) => r.atNs)).toEqual([1.5e9 + GET_MISS_NS, 3.2e9 + GET_MISS_NS, 4e9 + WRITE_NS]);
    expect(h.events.filter((e) => e.kind === 2).map((e) => e.durationNs)).toEqual([4e9 - 3.6e9 - (GET_MISS_NS - WRITE_NS)]);
  });

  it('restarts with every acknowledged write (the AOF survives a process crash)', () => {
    const h = persisted({ aof: { fsync: 'everysec' }, loadPerGB: '1s' });
    h.send(0, [[Op.set, 1, 100]]);
    h.engine.at(1e6, () => h.redis.crash());
    h.engine.at(2e6, () => h.redis.restart());
    h.send(10e6, [[Op.get, 1]]);
    h.engine.run({ untilNs: 5e9 });
    expect([h.replies.at(-1)!.outcome, h.replies.at(-1)!.hits]).toEqual([Outcome.ok, 1]);
  });
});
