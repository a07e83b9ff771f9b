import { describe, expect, it } from 'vitest';
import { buildRun } from '../../experiment/build-run.js';
import { loadScenario } from '../../experiment/load-scenario.js';
import { NET_MESSAGE, Outcome, Purpose, REQUEST_DONE, SERVER_COMMAND, SLOT_MIGRATED, type NetMessage, type RequestDone, type SlotMigrated } from '../../models/signals.js';

describe('adding a node, rebalancing onto it, emptying a primary by weight 0, and removing it', () => {
  const { scenario } = loadScenario('scenarios/cluster-failover.yaml', [
    'topologies.cluster.spareNodes=1', 'duration=150s', 'faults=[]',
    'operations=[{at: 10s, addNode: cluster/spare-0, meet: cluster/primary-0}, {at: 20s, rebalance: cluster}, '
      + '{at: 80s, rebalance: cluster, weights: {cluster/primary-2: 0}}, {at: 140s, removeNode: cluster/primary-2}]',
  ]);
  const run = buildRun(scenario, 0, scenario.seed);
  const moves: SlotMigrated[] = [];
  const done: RequestDone[] = [];
  run.bus.signal<SlotMigrated>(SLOT_MIGRATED).subscribe((r) => moves.push({ ...r }));
  run.bus.signal<RequestDone>(REQUEST_DONE).subscribe((r) => done.push({ ...r }));
  /** TCP resets (54-byte connect segments: a dead process's host resetting a connection or refusing a handshake), by time. */
  const resetsNs: number[] = [];
  run.bus.signal<NetMessage>(NET_MESSAGE).subscribe((m) => { if (m.purpose === Purpose.connect && m.sizeBytes === 54) resetsNs.push(run.engine.now); });
  run.start();
  run.engine.run({ untilNs: run.endNs });
  const count = new Map([['cluster/primary-0', 5461], ['cluster/primary-1', 5462], ['cluster/primary-2', 5461], ['cluster/spare-0', 0]]);
  const slotsAfter = (untilNs: number) => {
    const c = new Map(count);
    for (const m of moves.filter((x) => x.endNs <= untilNs)) {
      c.set(m.from, c.get(m.from)! - 1);
      c.set(m.to, c.get(m.to)! + 1);
    }
    return [...c.values()];
  };

  it('gives the new node a quarter of the slots (16384 / 4 each, as redis-cli rebalance computes it)', () => {
    // Each rebalance moves 4,096 slots in about 25 s (per slot: eight commands and a configEpoch bump's fsync of nodes.conf).
    expect(slotsAfter(80e9)).toEqual([4096, 4096, 4096, 4096]);
  });

  it('empties the primary of weight 0 into the other three', () => {
    expect(slotsAfter(150e9)).toEqual([5462, 5461, 0, 5461]);
  });

  it('resets the clients\' connections to the removed node when del-node shuts it down, and none before', () => {
    expect(resetsNs.length).toBeGreaterThan(0);
    expect(resetsNs.every((ns) => ns >= 140e9)).toBe(true);
  });

  it('serves every request throughout, including after del-node', () => {
    expect(done.length).toBeGreaterThan(250_000);
    expect(done.filter((d) => d.outcome !== Outcome.ok)).toEqual([]);
  });
});

describe('slot ranges given per primary', () => {
  it('routes each key to the primary whose ranges hold its slot (primary-0 owns 100 of 16384 slots)', () => {
    const { scenario: s } = loadScenario('scenarios/cluster-failover.yaml', [
      'duration=10s', 'faults=[]', 'workload.mix={get: 1}',
      'topologies.cluster.replicasPerPrimary=[3, 1, 1]', 'topologies.cluster.slotRanges=["0-99", "100-8000", "8001-16383"]',
    ]);
    const r = buildRun(s, 0, s.seed);
    const perNode = new Map<number, number>();
    r.bus.signal<{ server: number }>(SERVER_COMMAND).subscribe((c) => perNode.set(c.server, (perNode.get(c.server) ?? 0) + 1));
    r.start();
    r.engine.run({ untilNs: r.endNs });
    const total = [...perNode.values()].reduce((a, b) => a + b, 0);
    expect(perNode.get(0)! / total).toBeGreaterThan(0.003);
    expect(perNode.get(0)! / total).toBeLessThan(0.009);
    expect(Math.abs(perNode.get(1)! / total - 7901 / 16384)).toBeLessThan(0.02);
  });
});
