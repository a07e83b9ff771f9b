import { describe, expect, it } from 'vitest';
import { Op, Outcome } from '../signals.js';
import { twoNodeCluster } from '../../test/support/two-node-cluster.js';

describe('ClusterClient and ClusterNode routing', () => {
  it('is answered MOVED by a node that does not own the slot, re-sends to the owner, and refreshes its map', () => {
    const h = twoNodeCluster();
    const key = h.keyOn(0);
    const staleSlot = h.slotOfKey[key]!;
    const otherStaleSlot = h.slotOfKey[h.keyOn(0, 1)]!;
    const stale = twoNodeCluster((map) => { map[staleSlot] = 1; map[otherStaleSlot] = 1; });
    stale.issue(Op.get, [key]);
    stale.engine.run();
    // 4.6 µs at node 1 (a refusal costs request + command), then node 0 runs CLUSTER SLOTS
    // (2 ranges × 200 ns) and the GET (10 µs).
    expect(stale.redirects).toEqual([Outcome.moved]);
    expect(stale.done).toEqual([{ op: Op.get, outcome: Outcome.ok, startNs: 0, endNs: 15_000, hits: 1, reads: 1, stale: 0, attempts: 2, l1Hits: 0, host: 2 }]);
    expect([stale.client.slotOwner(staleSlot), stale.client.slotOwner(otherStaleSlot)]).toEqual([0, 0]);
  });

  it('gets CROSSSLOT for an MGET over two slots when the client does not split', () => {
    const h = twoNodeCluster(undefined, { multiKey: 'crossslot' });
    h.issue(Op.mget, [h.keyOn(0, 0), h.keyOn(0, 1)]);
    h.engine.run();
    expect(h.done.map((d) => [d.outcome, d.endNs])).toEqual([[Outcome.crossslot, 4_600]]);
  });

  it('splits an MGET over two nodes into one pipelined round trip per node, in parallel', () => {
    const h = twoNodeCluster();
    h.issue(Op.mget, [h.keyOn(0, 0), h.keyOn(1, 0), h.keyOn(0, 1)]);
    h.engine.run();
    expect(h.done).toEqual([{ op: Op.mget, outcome: Outcome.ok, startNs: 0, endNs: 10_000, hits: 3, reads: 3, stale: 0, attempts: 1, l1Hits: 0, host: 2 }]);
  });

  it('parses each part of a split MGET on the host\'s core as its reply arrives, a part of two GETs paying one further command', () => {
    const h = twoNodeCluster(undefined, {}, { requestCpu: '1us', replyCpu: '2us', commandCpu: '600ns' });
    h.issue(Op.mget, [h.keyOn(0, 0), h.keyOn(1, 0), h.keyOn(0, 1)]);
    h.engine.run();
    // Sends: node 0's part (2 GETs) 1 + 0.3 µs, node 1's 1 µs, so they reach the nodes at 1.3 and
    // 2.3 µs and are answered at 11.3 and 12.3 µs. Parses: node 0's to 13.6 µs (2 + 0.3), node 1's,
    // which waited for the core, to 15.6 µs. Parsed once after the merge, it ended at 14.3 µs.
    expect(h.done.map((d) => [d.outcome, d.endNs])).toEqual([[Outcome.ok, 15_600]]);
  });

  it('charges a split MGET\'s part of two GETs its pipeline object, and its part of one key none (a plain GET)', () => {
    const h = twoNodeCluster(undefined, {}, { requestCpu: '1us', replyCpu: '2us', commandCpu: '600ns', pipelineCpu: '4us' });
    h.issue(Op.mget, [h.keyOn(0, 0), h.keyOn(1, 0), h.keyOn(0, 1)]);
    h.engine.run();
    // Sends: node 0's part 1 + (4 + 0.6)/2 = 3.3 µs, node 1's 1 µs, so they reach the nodes at 3.3 and
    // 4.3 µs and are answered at 13.3 and 14.3 µs. Parses: node 0's to 17.6 µs (2 + 2.3), node 1's,
    // which waited for the core, to 19.6 µs.
    expect(h.done.map((d) => [d.outcome, d.endNs])).toEqual([[Outcome.ok, 19_600]]);
  });

  it('keeps a slot MIGRATING to the node told so: the same slot of another cluster stays stable', () => {
    const h = twoNodeCluster();
    const [moved] = h.sameSlotPair(0);
    h.migrate(h.slotOfKey[moved]!, [moved]);
    const other = twoNodeCluster();
    other.nodes[0]!.server.keyspace.delete(moved);
    other.issue(Op.get, [moved]);
    other.engine.run();
    expect(other.redirects).toEqual([]);
    expect(other.done.map((d) => [d.outcome, d.hits])).toEqual([[Outcome.ok, 0]]);
  });

  it('answers CLUSTERDOWN while the node sees the cluster as down', () => {
    const h = twoNodeCluster();
    h.nodes[0]!.stateOk = false;
    h.issue(Op.get, [h.keyOn(0)]);
    h.engine.run();
    expect(h.done.map((d) => d.outcome)).toEqual([Outcome.clusterdown]);
  });

  it('gives up after maxRedirects MOVED replies that point back and forth', () => {
    const h = twoNodeCluster(undefined, { maxRedirects: 2 });
    const key = h.keyOn(0);
    const slot = h.slotOfKey[key]!;
    h.nodes[0]!.owner[slot] = 1;
    h.nodes[1]!.owner[slot] = 0;
    h.issue(Op.get, [key]);
    h.engine.run();
    expect(h.done.map((d) => d.outcome)).toEqual([Outcome.redirect_limit]);
    expect(h.redirects.length).toBe(3);
  });

  it('follows ASK for a key already migrated: ASKING + the command on the target, map unchanged', () => {
    const h = twoNodeCluster();
    const key = h.keyOn(0);
    const slot = h.slotOfKey[key]!;
    h.migrate(slot, [key]);
    h.issue(Op.get, [key]);
    h.engine.run();
    // 4.6 µs at node 0 (ASK), then 10 µs at node 1 (ASKING + GET); no CLUSTER SLOTS refresh.
    expect(h.redirects).toEqual([Outcome.ask]);
    expect(h.done).toEqual([{ op: Op.get, outcome: Outcome.ok, startNs: 0, endNs: 14_600, hits: 1, reads: 1, stale: 0, attempts: 2, l1Hits: 0, host: 2 }]);
    expect(h.client.slotOwner(slot)).toBe(0);
  });

  it('is served by the source for a key of a migrating slot that has not moved yet', () => {
    const h = twoNodeCluster();
    const [moved, stays] = h.sameSlotPair(0);
    h.migrate(h.slotOfKey[moved]!, [moved]);
    h.issue(Op.get, [stays]);
    h.engine.run();
    expect(h.redirects).toEqual([]);
    expect(h.done.map((d) => [d.outcome, d.endNs])).toEqual([[Outcome.ok, 10_000]]);
  });

  /** Issues an MGET of two keys of one slot whose migration to node 1 has moved one of them and ends at `untilNs`. */
  function mgetSplitByMigration(h: ReturnType<typeof twoNodeCluster>, untilNs: number): void {
    const [moved, stays] = h.sameSlotPair(0);
    const slot = h.slotOfKey[moved]!;
    h.migrate(slot, [moved]);
    h.engine.at(untilNs, () => {
      h.migrate(slot, [stays]);
      for (const n of h.nodes) {
        n.setOwner(slot, 1);
        n.setMigrating(slot, -1);
        n.setImporting(slot, -1);
      }
    });
    h.issue(Op.mget, [moved, stays]);
  }

  it('gets TRYAGAIN for an MGET whose keys are split by a migration, and retries after tryAgainDelay', () => {
    const h = twoNodeCluster();
    mgetSplitByMigration(h, 20e6);
    h.engine.run();
    expect(h.redirects).toEqual([Outcome.tryagain, Outcome.moved]);
    expect(h.done.map((d) => [d.outcome, d.hits])).toEqual([[Outcome.ok, 2]]);
    expect(h.done[0]!.endNs).toBeGreaterThan(50e6);
  });

  it('retries TRYAGAIN as the profile does: ioredis after 100 ms, redis-py at once (its first half of attempts), go-redis after its backoff; Jedis and Lettuce hand it to the application', () => {
    /** An MGET split by a migration that lasts `untilNs`: its outcome, when it ended, and the TRYAGAINs it met. */
    const run = (profile: string, untilNs: number) => {
      const h = twoNodeCluster(undefined, { profile, multiKey: 'crossslot' });
      mgetSplitByMigration(h, untilNs);
      h.engine.run();
      return { outcome: h.done[0]!.outcome, endNs: h.done[0]!.endNs, tryagains: h.redirects.filter((r) => r === Outcome.tryagain).length };
    };
    for (const profile of ['jedis', 'lettuce']) expect(run(profile, 20e6), profile).toMatchObject({ outcome: Outcome.tryagain, tryagains: 0 });
    const ioredis = run('ioredis', 150e6);
    expect(ioredis).toMatchObject({ outcome: Outcome.ok, tryagains: 2 });
    expect(ioredis.endNs).toBeGreaterThan(200e6);
    // redis-py's eight immediate tries pass within microseconds, then 50 ms apart until the migration ends.
    const redisPy = run('redis-py', 120e6);
    expect(redisPy.outcome).toBe(Outcome.ok);
    expect(redisPy.tryagains).toBe(8 + 3);
    expect(run('go-redis', 1e6)).toMatchObject({ outcome: Outcome.ok, tryagains: 1 });
  });
});
