import { describe, expect, it } from 'vitest';
import { buildRun } from '../../experiment/build-run.js';
import { parseScenario } from '../../experiment/load-scenario.js';
import { keySlot } from '../../models/cluster/key-slot.js';
import { PER_KEY_OVERHEAD_BYTES } from '../../models/server/server-params.js';
import {
  CLUSTER_EVENT, ClusterEventKind, NET_MESSAGE, Purpose, REQUEST_DONE, SERVER_STATE, SLOT_MIGRATED,
  type ClusterEvent, type NetMessage, type RequestDone, type ServerState, type SlotMigrated,
} from '../../models/signals.js';

// One slot of K keys moved by reshard on an otherwise idle 3-primary cluster, every cost and the
// one-way latency set by hand, so the slot's duration is the sum of redis-cli's serial steps
// (cluster-tool.ts, migrate-command.ts, cluster-admin.ts), each SETSLOT's reply after its node's nodes.conf save (nodes-conf.ts).
const L = 10_000;
const cost = { request: 3000, write: 800, command: 500, perKey: 200, perKB: 100, migrate: 7000, dumpPerKey: 2000, dumpPerKB: 3000, restorePerKey: 400, restorePerKB: 1000, freshMemoryPerKB: 1000 };
const TOOL = 5000;
/** A nodes.conf save on a node that knows the 3 primaries, and its fsync (with a configEpoch bump). */
const SAVE = 20_000 + 3 * 1000;
const FSYNC = 300_000;
const VALUE_KB = 1;
/** A hash tag whose slot is 0 ("{m3433}:key:…" hashes to slot 0), the first slot primary-0 gives up. */
const TAG = 'm3433';
/** The keyspace's KB per key beyond its value (server.perKeyOverhead's default). */
const KEY_OVERHEAD_KB = PER_KEY_OVERHEAD_BYTES / 1000;

interface MoveOptions {
  /** Moves the slot back from primary-1 to primary-0 at 2 s. */
  back?: boolean;
  /** The move starts 500 µs before 1 s, when a client GETs a key of the slot: it reaches the source while a 50-key MIGRATE blocks it. */
  getDuringMigrate?: boolean;
  /** MIGRATE's timeout (default: redis-cli's). */
  timeout?: string;
  /** GETs of the slot's keys per second, evenly spaced (default: about none). */
  readsPerSecond?: number;
  /** Faults, as scenario lines. */
  faults?: string[];
  /** The network's bandwidth (default: unlimited, so a payload takes no time to serialize). */
  bandwidth?: string;
}

/** What a run that moves slot 0 from primary-0 to primary-1 at 1 s shows: the moves' stats in order, the cluster tool's and faults' events, and each server's keys at the end. */
function moveSlotZero(keys: number, pipeline: number, o: MoveOptions = {}): Moves {
  const timeout = o.timeout === undefined ? '' : `, timeout: ${o.timeout}`;
  const yaml = `
name: migrate-timing
seed: 3
duration: 3s
warmup: 0s
drain: 0s
network: { bandwidth: ${o.bandwidth ?? 'unlimited'}, latency: { sameZone: ${L}ns } }
workload:
  keys: ${keys}
  valueSize: ${VALUE_KB * 1000}B
  hashTag: { tag: ${TAG}, keys: 1 }
  popularity: uniform
  mix: { get: 1, set: 0 }
  arrival: { rate: ${o.readsPerSecond ?? (o.getDuringMigrate ? 1 : 0.01)}/s, process: uniform }
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
  - { at: ${o.getDuringMigrate ? '999500us' : '1s'}, reshard: { from: cluster/primary-0, to: cluster/primary-1, slots: 1, pipeline: ${pipeline}${timeout} } }
${o.back ? `  - { at: 2s, reshard: { from: cluster/primary-1, to: cluster/primary-0, slots: 1, pipeline: ${pipeline} } }` : ''}
${o.faults ? `faults:\n${o.faults.map((f) => `  - ${f}`).join('\n')}` : ''}
`;
  const { scenario } = parseScenario(yaml, 'migrate-timing');
  const run = buildRun(scenario, 0, scenario.seed);
  const moved: SlotMigrated[] = [];
  const events: ClusterEvent[] = [];
  const keysOn = new Map<string, number>();
  const requests: RequestDone[] = [];
  run.bus.signal<SlotMigrated>(SLOT_MIGRATED).subscribe((m) => moved.push({ ...m }));
  run.bus.signal<ClusterEvent>(CLUSTER_EVENT).subscribe((e) => { if (e.kind === ClusterEventKind['migrate-failed']) events.push({ ...e }); });
  run.bus.signal<ServerState>(SERVER_STATE).subscribe((st) => keysOn.set(st.name, st.keys));
  run.bus.signal<RequestDone>(REQUEST_DONE).subscribe((d) => requests.push({ ...d }));
  run.start();
  run.engine.run({ untilNs: run.endNs });
  return { moved, events, keysOn, requests };
}

interface Moves {
  moved: SlotMigrated[];
  /** The tool's `migrate-failed` events. */
  events: ClusterEvent[];
  /** Keys on each server at the end. */
  keysOn: Map<string, number>;
  /** The client's requests, done. */
  requests: RequestDone[];
}

/** One small command answered: there, request + command, back, redis-cli's own CPU. */
const small = 2 * L + cost.request + cost.command + TOOL;
/** A SETSLOT: a small command whose reply waits for the node's nodes.conf save. */
const setslot = small + SAVE;
/** SETSLOT NODE on the 3 primaries, the target's first (its configEpoch bumped: the save fsyncs). */
const setNode = 3 * setslot + FSYNC;

/**
 * The parts of one batch of k keys: GETKEYSINSLOT answered, the source's MIGRATE work before its wait, the target's (its
 * answers' write ends it), the source's after the answers (its reply's write ends it); `fresh`: the keys grow the target's
 * memory above its high-water mark.
 */
function batchParts(k: number, fresh = true) {
  const faults = fresh ? k * (VALUE_KB + KEY_OVERHEAD_KB) * cost.freshMemoryPerKB : 0;
  return {
    getKeys: small + k * cost.perKey,
    source: cost.request - cost.write + cost.command + k * (cost.dumpPerKey + VALUE_KB * cost.dumpPerKB),
    target: cost.request + k * (cost.command + cost.restorePerKey + VALUE_KB * cost.restorePerKB) + faults,
    answers: cost.migrate + k * cost.perKey + cost.write,
  };
}

/** One batch of k keys: GETKEYSINSLOT, then MIGRATE (source, target, source again). */
function batch(k: number, fresh = true): number {
  const b = batchParts(k, fresh);
  return b.getKeys + 4 * L + b.source + b.target + b.answers + TOOL;
}

/** The source serializing k keys again for MIGRATE's retry. */
const redump = (k: number) => k * (cost.dumpPerKey + VALUE_KB * cost.dumpPerKB);

/** When the first MIGRATE of a move started at 1 s, of k keys, has done its source's work and blocks the source. */
function firstMigrateBlocks(k: number): number {
  const b = batchParts(k);
  return 1e9 + 2 * setslot + b.getKeys + L + b.source;
}

describe('MIGRATE timing of one slot (redis-cli reshard, Redis 7.0 migrateCommand)', () => {
  it('moves slot 0, which holds every key', () => {
    expect(keySlot(`{${TAG}}:key:0`)).toBe(0);
    expect(moveSlotZero(10, 10).moved).toMatchObject([{ slot: 0, keys: 10 }]);
  });

  it('takes SETSLOT IMPORTING and MIGRATING, one batch per pipeline of keys, an empty GETKEYSINSLOT and SETSLOT NODE on the 3 primaries, one after the other', () => {
    const [m] = moveSlotZero(25, 10).moved as [SlotMigrated];
    expect(m.keys).toBe(25);
    expect(m.endNs - m.startNs).toBe(2 * setslot + batch(10) + batch(10) + batch(5) + small + setNode);
  });

  it('adds up the source\'s and the target\'s per-key and per-KB work of 50 keys in one MIGRATE', () => {
    const [m] = moveSlotZero(50, 50).moved as [SlotMigrated];
    expect(m.endNs - m.startNs).toBe(2 * setslot + batch(50) + small + setNode);
  });

  it('answers MIGRATE before serving a request that queued while MIGRATE blocked the source', () => {
    const [m] = moveSlotZero(50, 50, { getDuringMigrate: true }).moved as [SlotMigrated];
    expect(m.endNs - m.startNs).toBe(2 * setslot + batch(50) + small + setNode);
  });

  it('charges the target the page faults of fresh memory only above its high-water mark: moved back, the keys reuse what the old owner freed', () => {
    const [there, back] = moveSlotZero(50, 50, { back: true }).moved as [SlotMigrated, SlotMigrated];
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

  it('fails a MIGRATE whose target crashed at once: the target\'s host resets the connection, the retry\'s connect is refused, the source deletes nothing, answers IOERR, and the tool stops', () => {
    const blockedNs = firstMigrateBlocks(50);
    const { moved, events, keysOn, requests } = moveSlotZero(50, 50, {
      timeout: '100ms', readsPerSecond: 1, faults: [`{ at: ${blockedNs + L / 2}ns, crash: cluster/primary-1 }`],
    });
    expect(moved).toEqual([]);
    // The reset leaves the target's host at the crash; the source, woken, connects again (SYN out, reset back), serializes the keys again; its IOERR reaches redis-cli.
    expect(events).toMatchObject([{ node: 'cluster/primary-0', target: 'cluster/primary-1', timeNs: blockedNs + L / 2 + 3 * L + cost.migrate + redump(50) + cost.write + L + TOOL }]);
    expect(keysOn.get('cluster/primary-0')).toBe(50);
    // The GET sent at 2 s is answered at once (a blocked source would hold it until the client's timeout).
    expect(requests.filter((d) => d.startNs === 2e9).map((d) => d.endNs - d.startNs < 1e5)).toEqual([true]);
  });

  it('fails a MIGRATE to a target dead before it writes after one refused connect (its socket was reset: the write fails, and the retry connects)', () => {
    const blockedNs = firstMigrateBlocks(50);
    // The target dies after its SETSLOT IMPORTING's reply left it, before the first MIGRATE.
    const { moved, events, keysOn } = moveSlotZero(50, 50, { timeout: '100ms', faults: [`{ at: ${1e9 + setslot - L}ns, crash: cluster/primary-1 }`] });
    expect(moved).toEqual([]);
    expect(events).toMatchObject([{ node: 'cluster/primary-0', target: 'cluster/primary-1', timeNs: blockedNs + 2 * L + cost.migrate + redump(50) + cost.write + L + TOOL }]);
    expect(keysOn.get('cluster/primary-0')).toBe(50);
  });

  it('drops a payload that arrives after its MIGRATE is over (both ends died while 50 KB still crossed a 1 Gbit/s link)', () => {
    const blockedNs = firstMigrateBlocks(50);
    const { moved, events } = moveSlotZero(50, 50, {
      // The write leaves a few µs after blockedNs (each earlier small message took 0.5 µs more on the wire); the payload takes 430 µs.
      bandwidth: '1Gbps', faults: [`{ at: ${blockedNs + 20_000}ns, crash: cluster/primary-0 }`, `{ at: ${blockedNs + 20_000}ns, crash: cluster/primary-1 }`],
    });
    expect(moved).toEqual([]);
    expect(events).toEqual([]);
  });

  it('resets a MIGRATE\'s connection once when its target dies twice before the reset arrives: one retry, the same IOERR', () => {
    const blockedNs = firstMigrateBlocks(50);
    const { events, keysOn } = moveSlotZero(50, 50, {
      timeout: '100ms',
      faults: [
        `{ at: ${blockedNs + L / 2}ns, crash: cluster/primary-1 }`, `{ at: ${blockedNs + L}ns, restart: cluster/primary-1 }`,
        `{ at: ${blockedNs + 1.2 * L}ns, crash: cluster/primary-1 }`,
      ],
    });
    expect(events).toMatchObject([{ timeNs: blockedNs + L / 2 + 3 * L + cost.migrate + redump(50) + cost.write + L + TOOL }]);
    expect(keysOn.get('cluster/primary-0')).toBe(50);
  });

  it('fails a MIGRATE whose target\'s whole host is lost (cut off as it crashes) only at its timeout: the reset is lost too', () => {
    const blockedNs = firstMigrateBlocks(50);
    const { events } = moveSlotZero(50, 50, {
      timeout: '100ms', faults: [`{ at: ${blockedNs + L / 2}ns, partition: [cluster/primary-1] }`, `{ at: ${blockedNs + L / 2}ns, crash: cluster/primary-1 }`],
    });
    expect(events).toMatchObject([{ timeNs: blockedNs + 100e6 + cost.migrate + cost.write + L + TOOL }]);
  });

  it('completes a MIGRATE whose payload a 50 ms partition lost when TCP resends it, one RTO (srtt + 200 ms) after the write, and moves the slot', () => {
    const blockedNs = firstMigrateBlocks(50);
    const { moved, events, keysOn } = moveSlotZero(50, 50, { faults: [`{ at: ${blockedNs - 1000}ns, partition: [cluster/primary-1], for: 50ms }`] });
    const [m] = moved as [SlotMigrated];
    expect(events).toEqual([]);
    expect(m.endNs - m.startNs).toBe(2 * setslot + batch(50) + (2 * L + 200e6) + small + setNode);
    expect([keysOn.get('cluster/primary-0'), keysOn.get('cluster/primary-1')]).toEqual([0, 50]);
  });

  it('fails a MIGRATE whose lost payload TCP resends only after the timeout, at the timeout, and the target restores the keys the closed connection still delivers', () => {
    const blockedNs = firstMigrateBlocks(50);
    const { moved, events, keysOn } = moveSlotZero(50, 50, { timeout: '100ms', faults: [`{ at: ${blockedNs - 1000}ns, partition: [cluster/primary-1], for: 50ms }`] });
    expect(moved).toEqual([]);
    expect(events).toMatchObject([{ timeNs: blockedNs + 100e6 + cost.migrate + cost.write + L + TOOL }]);
    expect([keysOn.get('cluster/primary-0'), keysOn.get('cluster/primary-1')]).toEqual([50, 50]);
  });

  it('drops the payload a dead source\'s connection still resends: its host reset the connection, so the target never restores it', () => {
    const blockedNs = firstMigrateBlocks(50);
    const { moved, keysOn } = moveSlotZero(50, 50, {
      faults: [`{ at: ${blockedNs - 1000}ns, partition: [cluster/primary-1], for: 50ms }`, `{ at: ${blockedNs + 100e6}ns, crash: cluster/primary-0 }`],
    });
    expect(moved).toEqual([]);
    expect(keysOn.get('cluster/primary-1')).toBe(0);
  });

  it('fails a MIGRATE whose answers its paused source finds only after the timeout, and both nodes keep the keys', () => {
    const blockedNs = firstMigrateBlocks(50);
    const resumeNs = blockedNs + 2e6;
    const { moved, events, keysOn } = moveSlotZero(50, 50, { timeout: '1ms', faults: [`{ at: ${blockedNs + L}ns, pause: cluster/primary-0 }`, `{ at: ${resumeNs}ns, resume: cluster/primary-0 }`] });
    expect(moved).toEqual([]);
    expect(events).toMatchObject([{ timeNs: resumeNs + cost.migrate + cost.write + L + TOOL }]);
    expect([keysOn.get('cluster/primary-0'), keysOn.get('cluster/primary-1')]).toEqual([50, 50]);
  });

  it('fails a MIGRATE at its timeout while its source is paused, and answers that come back before the source runs again change nothing', () => {
    const blockedNs = firstMigrateBlocks(50);
    const resumeNs = blockedNs + 5e6;
    const { events, keysOn } = moveSlotZero(50, 50, {
      timeout: '1ms',
      faults: [
        `{ at: ${blockedNs + 1000}ns, pause: cluster/primary-1 }`, `{ at: ${blockedNs + 1_500_000}ns, resume: cluster/primary-1 }`,
        `{ at: ${blockedNs + 500_000}ns, pause: cluster/primary-0 }`, `{ at: ${resumeNs}ns, resume: cluster/primary-0 }`,
      ],
    });
    expect(events).toMatchObject([{ timeNs: resumeNs + cost.migrate + cost.write + L + TOOL }]);
    expect([keysOn.get('cluster/primary-0'), keysOn.get('cluster/primary-1')]).toEqual([50, 50]);
  });

  it('deletes the keys a MIGRATE moved only when its paused source runs again', () => {
    const blockedNs = firstMigrateBlocks(50);
    const resumeNs = blockedNs + 1e6;
    const { moved, keysOn } = moveSlotZero(50, 50, { faults: [`{ at: ${blockedNs + L}ns, pause: cluster/primary-0 }`, `{ at: ${resumeNs}ns, resume: cluster/primary-0 }`] });
    const [m] = moved as [SlotMigrated];
    const answersBackNs = blockedNs + 2 * L + batchParts(50).target;
    expect(m.endNs - m.startNs).toBe(2 * setslot + batch(50) + (resumeNs - answersBackNs) + small + setNode);
    expect([keysOn.get('cluster/primary-0'), keysOn.get('cluster/primary-1')]).toEqual([0, 50]);
  });

  it('drops the MIGRATE of a source that crashes while it waits: its restarted process deletes nothing and is not blocked, the target keeps the keys it restored', () => {
    const blockedNs = firstMigrateBlocks(50);
    const { moved, events, keysOn, requests } = moveSlotZero(50, 50, {
      readsPerSecond: 1, faults: [`{ at: ${blockedNs + 2 * L}ns, crash: cluster/primary-0 }`, `{ at: ${blockedNs + 1e6}ns, restart: cluster/primary-0 }`],
    });
    expect(moved).toEqual([]);
    expect(events).toEqual([]);
    expect([keysOn.get('cluster/primary-0'), keysOn.get('cluster/primary-1')]).toEqual([0, 50]);
    // The GET sent at 2 s is answered at once (a blocked source would hold it until the client's timeout).
    expect(requests.filter((d) => d.startNs === 2e9).map((d) => d.endNs - d.startNs < 1e5)).toEqual([true]);
  });
});
