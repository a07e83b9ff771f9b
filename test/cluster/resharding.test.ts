import { describe, expect, it } from 'vitest';
import { buildRun } from '../../experiment/build-run.js';
import { loadScenario } from '../../experiment/load-scenario.js';
import { slotsOfKeys } from '../../models/cluster/key-slots.js';
import { CLUSTER_EVENT, CLUSTER_EVENTS, ClusterEventKind, Outcome, REQUEST_DONE, SLOT_MIGRATED, type ClusterEvent, type RequestDone, type SlotMigrated } from '../../models/signals.js';
import { initialSlotOwners } from '../../models/topology/cluster.js';

describe('resharding 200 slots from primary-0 to primary-1 under load (scenarios/reshard.yaml)', () => {
  const { scenario } = loadScenario('scenarios/reshard.yaml', ['duration=15s']);
  const run = buildRun(scenario, 0, scenario.seed);
  const slots: SlotMigrated[] = [];
  const done: RequestDone[] = [];
  run.bus.signal<SlotMigrated>(SLOT_MIGRATED).subscribe((r) => slots.push({ ...r }));
  run.bus.signal<RequestDone>(REQUEST_DONE).subscribe((r) => done.push({ ...r }));
  run.start();
  run.engine.run({ untilNs: run.endNs });

  it("moves primary-0's 200 lowest slots, one after the other, with every key they hold", () => {
    const owner = initialSlotOwners(16384, 3);
    const slotOfKey = slotsOfKeys(scenario.workload.keys, 16384);
    const expected = Array.from({ length: 16384 }, (_, s) => s).filter((s) => owner[s] === 0).slice(0, 200);
    expect(slots.map((s) => s.slot)).toEqual(expected);
    const keysInThem = Array.from(slotOfKey).filter((s) => s < 200).length;
    expect(slots.reduce((a, s) => a + s.keys, 0)).toBe(keysInThem);
    for (let i = 1; i < slots.length; i++) expect(slots[i]!.startNs).toBeGreaterThanOrEqual(slots[i - 1]!.endNs);
  });

  it('never fails a client request along the way', () => {
    expect(done.filter((d) => d.outcome !== Outcome.ok)).toEqual([]);
  });
});

/** scenarios/reshard.yaml at a lighter load with `operations` and `faults`: the slots moved, the tool's events, and the keys held by the nodes named primary at the end. */
function reshardWith(operations: string, faults = '[]') {
  const { scenario } = loadScenario('scenarios/reshard.yaml', ['duration=14s', 'workload.arrival={rate: 2000/s}', 'workload.keys=20000',
    `operations=${operations}`, `faults=${faults}`, 'topologies.cluster.nodeTimeout=2s']);
  const run = buildRun(scenario, 0, scenario.seed);
  const slots: SlotMigrated[] = [];
  const events: string[] = [];
  run.bus.signal<SlotMigrated>(SLOT_MIGRATED).subscribe((r) => slots.push({ ...r }));
  run.bus.signal<ClusterEvent>(CLUSTER_EVENT).subscribe((e) => {
    if (e.kind >= ClusterEventKind['migrate-failed']) events.push(`${CLUSTER_EVENTS[e.kind]} ${e.node}`);
  });
  run.start();
  run.engine.run({ untilNs: run.endNs });
  const primaries = (run.collectors.result().servers ?? []).filter((x) => x.name.startsWith('cluster/primary-'));
  return { slots, events, keys: primaries.reduce((a, x) => a + x.keys, 0) };
}

describe('the cluster tool refuses or stops as redis-cli does', () => {
  it('refuses a second reshard while the first has a slot open (redis-cli\'s check), so no key ends up on two primaries', () => {
    const { slots, events, keys } = reshardWith('[{at: 3s, reshard: {from: cluster/primary-0, to: cluster/primary-1, slots: 300}}, {at: 3.2s, reshard: {from: cluster/primary-0, to: cluster/primary-2, slots: 300}}]');
    expect(events).toEqual(['tool-refused cluster/primary-0']);
    expect(slots.length).toBe(300);
    expect(slots.every((s) => s.to === 'cluster/primary-1')).toBe(true);
    expect(keys).toBe(20000);
  });

  it('refuses a reshard to a node that is no longer a primary, and moves nothing', () => {
    const { slots, events } = reshardWith('[{at: 3s, failover: cluster/replica-1-0}, {at: 5s, reshard: {from: cluster/primary-0, to: cluster/primary-1, slots: 100}}]');
    expect(events).toEqual(['tool-refused cluster/primary-1']);
    expect(slots).toEqual([]);
  });

  it('stops midway when its source dies (its host resets the tool\'s connection), with a tool-failed event', () => {
    const { slots, events } = reshardWith('[{at: 3s, reshard: {from: cluster/primary-0, to: cluster/primary-1, slots: 2000, pipeline: 5}}]', '[{at: 3.5s, crash: cluster/primary-0}]');
    expect(events).toEqual(['tool-failed cluster/primary-0']);
    expect(slots.length).toBeGreaterThan(0);
    expect(slots.length).toBeLessThan(2000);
    expect(slots.every((s) => s.endNs <= 3.6e9)).toBe(true);
  });
});
