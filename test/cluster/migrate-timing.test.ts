import { describe, expect, it } from 'vitest';
import { buildRun } from '../../experiment/build-run.js';
import { parseScenario } from '../../experiment/load-scenario.js';
import { keySlot } from '../../models/cluster/key-slot.js';
import { PER_KEY_OVERHEAD_BYTES } from '../../models/server/server-params.js';
import { NET_MESSAGE, Purpose, SLOT_MIGRATED, type NetMessage, type SlotMigrated } from '../../models/signals.js';

// One slot of K keys moved by reshard on an otherwise idle 3-primary cluster, every cost and the
// one-way latency set by hand, so the slot's duration is the sum of redis-cli's serial steps
// (cluster-tool.ts, cluster-admin.ts), each SETSLOT's reply after its node's nodes.conf save (nodes-conf.ts).
const L = 10_000;
const cost = { request: 3000, command: 500, perKey: 200, perKB: 100, migrate: 7000, dumpPerKey: 2000, dumpPerKB: 3000, restorePerKey: 400, restorePerKB: 1000, freshMemoryPerKB: 1000 };
const TOOL = 5000;
/** A nodes.conf save on a node that knows the 3 primaries, and its fsync (with a configEpoch bump). */
const SAVE = 20_000 + 3 * 1000;
const FSYNC = 300_000;
const VALUE_KB = 1;
/** A hash tag whose slot is 0 ("{m3433}:key:…" hashes to slot 0), the first slot primary-0 gives up. */
const TAG = 'm3433';
/** The keyspace's KB per key beyond its value (server.perKeyOverhead's default). */
const KEY_OVERHEAD_KB = PER_KEY_OVERHEAD_BYTES / 1000;

/**
 * Moves slot 0 from primary-0 to primary-1 at 1 s, and with `back` from primary-1 to primary-0 at 2 s; the moves' stats in order.
 * With `getDuringMigrate`, the move starts 500 µs before 1 s, when a client GETs a key of the slot: it reaches the source while a
 * 50-key MIGRATE blocks it.
 */
function moveSlotZero(keys: number, pipeline: number, back = false, getDuringMigrate = false): SlotMigrated[] {
  const yaml = `
name: migrate-timing
seed: 3
duration: 3s
warmup: 0s
drain: 0s
network: { bandwidth: unlimited, latency: { sameZone: ${L}ns } }
workload:
  keys: ${keys}
  valueSize: ${VALUE_KB * 1000}B
  hashTag: { tag: ${TAG}, keys: 1 }
  popularity: uniform
  mix: { get: 1, set: 0 }
  arrival: { rate: ${getDuringMigrate ? 1 : 0.01}/s, process: uniform }
  readThrough: false
topologies:
  - name: cluster
    kind: cluster
    primaries: 3
    replicasPerPrimary: 0
    tool: { commandCpu: ${TOOL}ns }
    nodesConf: { saveCpu: 20000ns, saveCpuPerNode: 1000ns, fsyncLatency: { const: ${FSYNC}ns } }
    server: { cost: { ${Object.entries(cost).map(([k, v]) => `${k}: ${v}ns`).join(', ')} } }
operations:
  - { at: ${getDuringMigrate ? '999500us' : '1s'}, reshard: { from: cluster/primary-0, to: cluster/primary-1, slots: 1, pipeline: ${pipeline} } }
${back ? `  - { at: 2s, reshard: { from: cluster/primary-1, to: cluster/primary-0, slots: 1, pipeline: ${pipeline} } }` : ''}
`;
  const { scenario } = parseScenario(yaml, 'migrate-timing');
  const run = buildRun(scenario, 0, scenario.seed);
  const moved: SlotMigrated[] = [];
  run.bus.signal<SlotMigrated>(SLOT_MIGRATED).subscribe((m) => moved.push({ ...m }));
  run.start();
  run.engine.run({ untilNs: run.endNs });
  return moved;
}

/** One small command answered: there, request + command, back, redis-cli's own CPU. */
const small = 2 * L + cost.request + cost.command + TOOL;
/** A SETSLOT: a small command whose reply waits for the node's nodes.conf save. */
const setslot = small + SAVE;
/** SETSLOT NODE on the 3 primaries, the target's first (its configEpoch bumped: the save fsyncs). */
const setNode = 3 * setslot + FSYNC;

/** One batch of k keys: GETKEYSINSLOT, then MIGRATE (source, target, source again); `fresh`: the keys grow the target's memory above its high-water mark. */
function batch(k: number, fresh = true): number {
  const getKeys = small + k * cost.perKey;
  const source = cost.request + cost.command + k * (cost.dumpPerKey + VALUE_KB * cost.dumpPerKB);
  const faults = fresh ? k * (VALUE_KB + KEY_OVERHEAD_KB) * cost.freshMemoryPerKB : 0;
  const target = cost.request + k * (cost.command + cost.restorePerKey + VALUE_KB * cost.restorePerKB) + faults;
  const answers = cost.migrate + k * cost.perKey;
  return getKeys + 4 * L + source + target + answers + TOOL;
}

describe('MIGRATE timing of one slot (redis-cli reshard, Redis 7.0 migrateCommand)', () => {
  it('moves slot 0, which holds every key', () => {
    expect(keySlot(`{${TAG}}:key:0`)).toBe(0);
    expect(moveSlotZero(10, 10)).toMatchObject([{ slot: 0, keys: 10 }]);
  });

  it('takes SETSLOT IMPORTING and MIGRATING, one batch per pipeline of keys, an empty GETKEYSINSLOT and SETSLOT NODE on the 3 primaries, one after the other', () => {
    const [m] = moveSlotZero(25, 10) as [SlotMigrated];
    expect(m.keys).toBe(25);
    expect(m.endNs - m.startNs).toBe(2 * setslot + batch(10) + batch(10) + batch(5) + small + setNode);
  });

  it('adds up the source\'s and the target\'s per-key and per-KB work of 50 keys in one MIGRATE', () => {
    const [m] = moveSlotZero(50, 50) as [SlotMigrated];
    expect(m.endNs - m.startNs).toBe(2 * setslot + batch(50) + small + setNode);
  });

  it('answers MIGRATE before serving a request that queued while MIGRATE blocked the source', () => {
    const [m] = moveSlotZero(50, 50, false, true) as [SlotMigrated];
    expect(m.endNs - m.startNs).toBe(2 * setslot + batch(50) + small + setNode);
  });

  it('charges the target the page faults of fresh memory only above its high-water mark: moved back, the keys reuse what the old owner freed', () => {
    const [there, back] = moveSlotZero(50, 50, true) as [SlotMigrated, SlotMigrated];
    expect(back).toMatchObject({ slot: 0, keys: 50 });
    expect(there.endNs - there.startNs).toBe(2 * setslot + batch(50) + small + setNode);
    expect(back.endNs - back.startNs).toBe(2 * setslot + batch(50, false) + small + setNode);
  });

  it('sends, by client tracking, an invalidation of every key MIGRATE deletes on the source to the connections that read it there (signalModifiedKey), during the move', () => {
    const yaml = `
name: migrate-tracking
seed: 3
duration: 2s
warmup: 0s
drain: 0s
network: { bandwidth: unlimited, latency: { sameZone: ${L}ns } }
workload:
  keys: 20
  valueSize: 100B
  hashTag: { tag: ${TAG}, keys: 1 }
  popularity: uniform
  mix: { get: 1, set: 0 }
  arrival: { rate: 1000/s }
  readThrough: false
topologies:
  - { name: cluster, kind: cluster, primaries: 3, replicasPerPrimary: 0, l1: { entries: 100, invalidation: { mode: tracking } } }
operations:
  - { at: 1s, reshard: { from: cluster/primary-0, to: cluster/primary-1, slots: 1, pipeline: 10 } }
`;
    const { scenario } = parseScenario(yaml, 'migrate-tracking');
    const run = buildRun(scenario, 0, scenario.seed);
    const invalidations: number[] = [];
    const moved: SlotMigrated[] = [];
    run.bus.signal<NetMessage>(NET_MESSAGE).subscribe((msg) => { if (msg.purpose === Purpose.pubsub) invalidations.push(run.engine.now); });
    run.bus.signal<SlotMigrated>(SLOT_MIGRATED).subscribe((m) => moved.push({ ...m }));
    run.start();
    run.engine.run({ untilNs: run.endNs });
    const [m] = moved as [SlotMigrated];
    // Reads only: nothing but the move modifies a key, and each of the 20 keys was read (and so tracked) on the
    // source, on at least one connection, in the second before it.
    expect(invalidations.length).toBeGreaterThanOrEqual(20);
    for (const atNs of invalidations) expect(atNs > m.startNs && atNs < m.endNs).toBe(true);
  });
});
