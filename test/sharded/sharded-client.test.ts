import { describe, expect, it } from 'vitest';
import { shardMap } from '../../models/sharding/shard-map.js';
import { Op, Outcome } from '../../models/signals.js';
import { mgetCommandBytes } from '../../models/workload/wire-sizes.js';
import { LATENCY_NS, SERVICE_NS, tierHarness } from './tier-harness.js';

const NAMES = ['shard-0', 'shard-1', 'shard-2', 'spare-0'];
const ORIGIN_NS = 2e6;
const MODULO = { hashing: 'modulo', keyHash: 'murmur', pointsPerServer: 160 } as const;
const before = shardMap(MODULO, [0, 1, 2], NAMES);
const after = shardMap(MODULO, [0, 1, 2, 3], NAMES);
const keys = Array.from({ length: 1000 }, (_, k) => k);
const stays = keys.find((k) => before.serverOf(k) === after.serverOf(k))!;
const moves = keys.find((k) => after.serverOf(k) === 3)!;

describe('sharded topology (client-side sharding)', () => {
  it('sends a GET straight to the server its key maps to: one round trip', () => {
    const h = tierHarness({ kind: 'sharded', shards: 3, hashing: 'modulo', keyHash: 'murmur' });
    h.built.preload();
    h.issue(0, [moves]);
    h.engine.run();
    expect(h.done.map((d) => [d.endNs, d.hits])).toEqual([[2 * LATENCY_NS + SERVICE_NS, 1]]);
    expect(h.commands.map((c) => c.server)).toEqual([before.serverOf(moves)]);
  });

  it('splits an MGET into one MGET per server, sent in parallel, and reassembles it', () => {
    const h = tierHarness({ kind: 'sharded', shards: 3, hashing: 'modulo', keyHash: 'murmur' });
    h.built.preload();
    const mget = [0, 1, 2].flatMap((s) => keys.filter((k) => before.serverOf(k) === s).slice(0, s + 1));
    h.issue(0, mget);
    h.engine.run();
    expect(h.commands.map((c) => [c.server, c.lookups])).toEqual([[0, 1], [1, 2], [2, 3]]);
    const fragments = h.messages.filter((m) => h.network.hostName(m.src) === 'app-0');
    expect(fragments.map((m) => m.sizeBytes)).toEqual([1, 2, 3].map((k) => mgetCommandBytes(k, h.workload.keyBytes)));
    expect(h.done).toEqual([{ op: Op.mget, outcome: Outcome.ok, startNs: 0, endNs: 2 * LATENCY_NS + SERVICE_NS, hits: 6, reads: 6, stale: 0, attempts: 1, l1Hits: 0, host: 0 }]);
  });

  it('after addNode, a key that now maps to the new server misses and reads through to the origin; a key that stayed hits', () => {
    const h = tierHarness({ kind: 'sharded', shards: 3, spareNodes: 1, hashing: 'modulo', keyHash: 'murmur' }, { readThrough: true });
    h.built.preload();
    h.engine.at(1e6, () => h.built.addNode!('t/spare-0', null, null));
    h.issue(2e6, [stays]);
    h.issue(3e6, [moves]);
    h.engine.run();
    const get = h.done.filter((d) => d.op === Op.get).map((d) => [d.hits, d.reads, d.endNs - d.startNs]);
    expect(get).toEqual([[1, 1, 2 * LATENCY_NS + SERVICE_NS], [0, 1, 2 * LATENCY_NS + SERVICE_NS + 2 * LATENCY_NS + ORIGIN_NS]]);
    expect(h.commands.map((c) => c.server)).toEqual([after.serverOf(stays), 3, 3]);
  });

  it('rolls a change out over the clients: client i of n switches rollout·i/n after the change', () => {
    const h = tierHarness({ kind: 'sharded', shards: 3, spareNodes: 1, hashing: 'modulo', keyHash: 'murmur', rollout: '1ms' }, { hosts: 2 });
    h.built.preload();
    h.engine.at(1e6, () => h.built.addNode!('t/spare-0', null, null));
    h.issue(1.25e6, [moves], 0);
    h.issue(1.25e6, [moves], 1);
    h.issue(1.75e6, [moves], 1);
    h.engine.run();
    expect(h.commands.map((c) => c.server)).toEqual([3, before.serverOf(moves), 3]);
    expect(h.done.map((d) => d.hits)).toEqual([0, 1, 0]);
  });

  it('after removeNode, the removed server\'s keys go to the others', () => {
    const h = tierHarness({ kind: 'sharded', shards: 3, hashing: 'ketama', keyHash: 'murmur' }, { readThrough: true });
    h.built.preload();
    const ring = shardMap({ ...MODULO, hashing: 'ketama' }, [0, 1, 2], NAMES);
    const without = shardMap({ ...MODULO, hashing: 'ketama' }, [0, 2], NAMES);
    const gone = keys.find((k) => ring.serverOf(k) === 1)!;
    h.engine.at(1e6, () => h.built.removeNode!('t/shard-1'));
    h.issue(2e6, [gone]);
    h.engine.run();
    expect(h.commands[0]!.server).toBe(without.serverOf(gone));
    expect(h.done.filter((d) => d.op === Op.get).map((d) => d.hits)).toEqual([0]);
  });
});
