import { describe, expect, it } from 'vitest';
import { buildRun } from '../../experiment/build-run.js';
import { loadScenario } from '../../experiment/load-scenario.js';
import { slotsOfKeys } from '../../models/cluster/key-slots.js';
import { Outcome, REQUEST_DONE, SLOT_MIGRATED, type RequestDone, type SlotMigrated } from '../../models/signals.js';
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
