import { describe, expect, it } from 'vitest';
import { Op, Outcome, SERVER_COMMAND, type ServerCommand } from '../signals.js';
import { twoNodeCluster } from '../../test/support/two-node-cluster.js';

const PROFILES = ['none', 'ioredis', 'lettuce', 'jedis', 'redis-py', 'go-redis'] as const;

/** Runs one request of `op` over `keys` with `profile`: its outcome and latency (µs), and the requests each node served, in order. */
function one(profile: string, op: number, keys: (h: ReturnType<typeof twoNodeCluster>) => number[], client: Record<string, unknown> = {}) {
  const h = twoNodeCluster(undefined, { profile, ...client });
  const served: number[] = [];
  h.bus.signal<ServerCommand>(SERVER_COMMAND).subscribe((c) => served.push(c.server));
  h.issue(op, keys(h));
  h.engine.run();
  const d = h.done[0]!;
  return { outcome: d.outcome, us: (d.endNs - d.startNs) / 1000, served };
}

/** Two keys in different slots of node 0, one key on node 1. */
const threeSlots = (h: ReturnType<typeof twoNodeCluster>) => {
  const a = h.keyOn(0);
  const b = Array.from({ length: 1000 }, (_, i) => h.keyOn(0, i)).find((k) => h.slotOfKey[k] !== h.slotOfKey[a])!;
  return [a, b, h.keyOn(1)];
};

// A node's refusal (CROSSSLOT, MOVED) costs request + command (4.6 µs) and is not a served request.
const REFUSAL_US = 4.6;

describe('client profiles: requests over several slots (2 nodes, no network latency, 10 µs per request)', () => {
  it('a 3-key pipeline over 3 slots on 2 nodes: one part per node in parallel, except ioredis, which refuses a pipeline over several nodes', () => {
    const results = Object.fromEntries(PROFILES.map((p) => [p, one(p, Op.pipeline, threeSlots)]));
    for (const p of ['none', 'lettuce', 'jedis', 'redis-py', 'go-redis']) expect(results[p], p).toEqual({ outcome: Outcome.ok, us: 10, served: [0, 1] });
    expect(results.ioredis).toEqual({ outcome: Outcome.crossslot, us: 0, served: [] });
  });

  it('an MGET of the same keys: per node (none), per slot (Lettuce, redis-py: two MGETs queue on node 0), sent as is (ioredis, go-redis: CROSSSLOT), or refused (Jedis)', () => {
    const results = Object.fromEntries(PROFILES.map((p) => [p, one(p, Op.mget, threeSlots)]));
    expect(results.none).toEqual({ outcome: Outcome.ok, us: 10, served: [0, 1] });
    expect(results.lettuce).toEqual({ outcome: Outcome.ok, us: 20, served: [0, 1, 0] });
    expect(results['redis-py']).toEqual(results.lettuce);
    expect(results.ioredis).toEqual({ outcome: Outcome.crossslot, us: REFUSAL_US, served: [] });
    expect(results['go-redis']).toEqual(results.ioredis);
    expect(results.jedis).toEqual({ outcome: Outcome.crossslot, us: 0, served: [] });
  });

  it('MULTI over two slots gets CROSSSLOT (from the server with transactions: server, from the client with refuse), and none over two keys of one slot', () => {
    expect(one('none', Op.multi, threeSlots)).toEqual({ outcome: Outcome.crossslot, us: REFUSAL_US, served: [] });
    expect(one('jedis', Op.multi, threeSlots)).toEqual({ outcome: Outcome.crossslot, us: 0, served: [] });
    expect(one('jedis', Op.multi, (h) => h.sameSlotPair(1))).toEqual({ outcome: Outcome.ok, us: 10, served: [1] });
  });
});

describe('client profiles: MOVED', () => {
  /** Two GETs of keys of one slot the client wrongly maps to node 1: redirections seen and each GET's latency (µs). */
  function staleTwice(onMoved: string) {
    let pair: [number, number] = [0, 0];
    const h = twoNodeCluster((map) => {
      const probe = twoNodeCluster();
      pair = probe.sameSlotPair(0);
      map[probe.slotOfKey[pair[0]]!] = 1;
    }, { onMoved, refreshInterval: '1h' });
    h.issue(Op.get, [pair[0]]);
    h.engine.run();
    h.issue(Op.get, [pair[1]]);
    h.engine.run();
    return { redirects: h.redirects.length, us: h.done.map((d) => (d.endNs - d.startNs) / 1000) };
  }

  it('patches the slot (patch, patch-and-refresh: the second GET goes straight to the owner), follows without patching (follow: MOVED again), or refreshes first (the resend waits for CLUSTER SLOTS)', () => {
    const moved = REFUSAL_US + 10;
    expect(staleTwice('patch')).toEqual({ redirects: 1, us: [moved, 10] });
    // The background CLUSTER SLOTS reaches the owner just before the resend and is served first (0.4 µs), as in cluster-client.test.ts.
    expect(staleTwice('patch-and-refresh')).toEqual({ redirects: 1, us: [15, 10] });
    expect(staleTwice('follow')).toEqual({ redirects: 2, us: [moved, moved] });
    const first = staleTwice('refresh-first');
    expect(first.redirects).toBe(1);
    expect(first.us[0]).toBeGreaterThan(moved);
    expect(first.us[1]).toBe(10);
  });
});
