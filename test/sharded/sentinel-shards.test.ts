import { describe, expect, it } from 'vitest';
import { shardMap } from '../../models/sharding/shard-map.js';
import { CLUSTER_EVENT, CLUSTER_EVENTS, Outcome, type ClusterEvent } from '../../models/signals.js';
import { LATENCY_NS, SERVICE_NS, tierHarness } from './tier-harness.js';

const SHARDS = { kind: 'sharded', shards: 2, sentinel: { replicas: 1, sentinels: 3, quorum: 2, downAfter: '1s', failoverTimeout: '10s' } };
const ring = shardMap({ hashing: 'ketama', keyHash: 'fnv1a_64', pointsPerServer: 160 }, [0, 1], ['shard-0', 'shard-1']);
const keyOn = (shard: number) => Array.from({ length: 1000 }, (_, k) => k).find((k) => ring.serverOf(k) === shard)!;
/** Server ids: shard 0's primary, replica and three sentinels (0–4), then shard 1's (5–9). */
const SHARD1_PRIMARY = 5;
const SHARD0_REPLICA = 1;

function started(options: Parameters<typeof tierHarness>[1] = {}) {
  const h = tierHarness(SHARDS, options);
  const events: ClusterEvent[] = [];
  h.bus.signal<ClusterEvent>(CLUSTER_EVENT).subscribe((e) => events.push({ ...e }));
  h.built.preload();
  h.built.start!();
  return { ...h, events };
}

describe('sharded tier with a Sentinel group per shard', () => {
  it('sends a key to the master the sentinels named for its shard: one round trip to that primary, exactly', () => {
    const h = started();
    h.issue(10e6, [keyOn(1)]);
    h.engine.run({ untilNs: 100e6 });
    expect(h.done.map((d) => [d.outcome, d.endNs - d.startNs, d.hits])).toEqual([[Outcome.ok, 2 * LATENCY_NS + SERVICE_NS, 1]]);
    expect(h.commands.filter((c) => c.startNs >= 10e6).map((c) => c.server)).toEqual([SHARD1_PRIMARY]);
  });

  it('promotes the hung shard\'s replica under the same shard name: its keys are served by the replica with their data, the other shard never fails', () => {
    const h = started({ clients: { timeout: '200ms', retries: 0 } });
    h.engine.at(100e6, () => h.built.targets.get('t/shard-0/primary')!.pause());
    for (let atNs = 50e6; atNs < 6e9; atNs += 100e6) {
      h.issue(atNs, [keyOn(0)]);
      h.issue(atNs + 1e6, [keyOn(1)]);
    }
    h.engine.run({ untilNs: 7e9 });
    const promoted = h.events.filter((e) => CLUSTER_EVENTS[e.kind] === 'promoted');
    expect(promoted.map((e) => [e.node, e.target])).toEqual([['t/shard-0/replica-0', 't/shard-0/primary']]);
    const onShard = (shard: number) => h.done.filter((d) => Math.round(d.startNs / 1e6) % 100 === (shard === 0 ? 50 : 51)).sort((a, b) => a.startNs - b.startNs);
    expect(onShard(1).every((d) => d.outcome === Outcome.ok)).toBe(true);
    const shard0 = onShard(0);
    expect(shard0[0]!.outcome).toBe(Outcome.ok);
    expect(shard0.some((d) => d.outcome === Outcome.timeout)).toBe(true);
    // Once a shard-0 request succeeds again, every later one does, on the promoted replica, and finds its key.
    const back = shard0.findIndex((d, i) => i > 0 && d.outcome === Outcome.ok);
    expect(back).toBeGreaterThan(0);
    expect(shard0.slice(back).map((d) => [d.outcome, d.hits])).toEqual(shard0.slice(back).map(() => [Outcome.ok, 1]));
    expect(shard0[back]!.startNs).toBeGreaterThan(promoted[0]!.timeNs - 200e6);
    const lastServedByReplica = h.commands.filter((c) => c.startNs > promoted[0]!.timeNs && c.server !== SHARD1_PRIMARY).map((c) => c.server);
    expect(new Set(lastServedByReplica)).toEqual(new Set([SHARD0_REPLICA]));
  });
});
