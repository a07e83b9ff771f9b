import { describe, expect, it } from 'vitest';
import { harness } from '../../test/support/server-harness.js';
import { SERVER_EXPIRED, type ServerExpired } from '../signals.js';

/** A server of 1,000 keys of 100 B, the first `expiring` of them expiring at `expireAtNs`: the cycles that deleted keys, [start ns, keys]. */
function cycles(expiring: number, expireAtNs: number, untilNs: number, following = false) {
  const h = harness({}, 1000);
  h.redis.following = following;
  for (let key = 0; key < 1000; key++) h.redis.preload(key, 100, key < expiring ? expireAtNs : 0);
  const seen: [number, number][] = [];
  h.bus.signal<ServerExpired>(SERVER_EXPIRED).subscribe((r) => seen.push([r.startNs, r.keys]));
  h.engine.run({ untilNs });
  return { seen, h };
}

describe('active expiry (expire.c activeExpireCycle, slow cycle at hz 10)', () => {
  it('deletes every expired key nobody reads at the first cron tick after its expiry, looping while more than 10 % of a loop\'s keys were expired', () => {
    const { seen, h } = cycles(1000, 50e6, 350e6);
    expect(seen).toEqual([[100e6, 1000]]);
    expect(h.redis.expiresNothing).toBe(false);
  });

  it('stops a cycle after a loop that found 10 % or fewer of its keys expired, and goes on from its place at the next tick', () => {
    // Every tenth key has expired, every key has a TTL: a loop of 20 keys finds 2 expired (10 %), so each cycle deletes 2.
    const h = harness({}, 1000);
    for (let key = 0; key < 1000; key++) h.redis.preload(key, 100, key % 10 === 0 ? 50e6 : 10e9);
    const seen: [number, number][] = [];
    h.bus.signal<ServerExpired>(SERVER_EXPIRED).subscribe((r) => seen.push([r.startNs, r.keys]));
    h.engine.run({ untilNs: 350e6 });
    expect(seen).toEqual([[100e6, 2], [200e6, 2], [300e6, 2]]);
  });

  it('walks only the keys with a TTL (Redis\'s expires table): 100 expired among 100,000 keys all go in the first cycle', () => {
    const h = harness({}, 100_000);
    for (let key = 0; key < 100_000; key++) h.redis.preload(key, 10, key % 1000 === 0 ? 50e6 : 0);
    const seen: [number, number][] = [];
    h.bus.signal<ServerExpired>(SERVER_EXPIRED).subscribe((r) => seen.push([r.startNs, r.keys]));
    h.engine.run();
    expect(seen).toEqual([[100e6, 100]]);
  });

  it('does not run while a restarted server loads its data (serverCron\'s databasesCron waits for the load)', () => {
    const h = harness({ persistence: { aof: { fsync: 'no' }, loadPerGB: '10000s' } }, 1000);
    for (let key = 0; key < 1000; key++) h.redis.preload(key, 100, 1.05e9);
    const seen: number[] = [];
    h.bus.signal<ServerExpired>(SERVER_EXPIRED).subscribe((r) => seen.push(r.startNs));
    h.engine.at(0.5e9, () => h.redis.crash());
    h.engine.at(0.6e9, () => h.redis.restart());
    h.engine.run({ untilNs: 3e9 });
    // 1,000 keys of 100 B plus overhead take about 1.6 s to load at 10,000 s per GB: the keys, expired at 1.05 s, go at the first tick after.
    expect(seen).toHaveLength(1);
    expect(seen[0]!).toBeGreaterThan(2e9);
  });

  it('does not run on a replica (its primary\'s DEL removes the key), and stops ticking once no key has an expiry', () => {
    expect(cycles(1000, 50e6, 350e6, true).seen).toEqual([]);
    const h = harness({}, 1000);
    for (let key = 0; key < 10; key++) h.redis.preload(key, 100, 50e6);
    // The tick at 100 ms deletes them; the one at 200 ms finds no key with an expiry and schedules no other, so the run ends.
    h.engine.run();
    expect(h.engine.now).toBe(200e6);
  });
});
