import { describe, expect, it } from 'vitest';
import { buildRun } from '../../experiment/build-run.js';
import { loadScenario } from '../../experiment/load-scenario.js';
import { RngStreams } from '../../sim/random/rng.js';
import { RequestTable } from '../../models/request/request-table.js';
import { Op, Outcome, REQUEST_DONE, type RequestDone } from '../../models/signals.js';
import { RequestFactory } from '../../models/workload/request-factory.js';
import { workloadParams } from '../../models/workload/workload-params.js';

const SMALL = ['duration=1500ms', 'warmup=500ms', 'workload.arrival.rate=20000/s', 'workload.mix={get: 0.5, mget: {share: 0.5, keys: 4}}'];

/** MGET outcomes of the hash-tag scenario's cluster with the Jedis profile (cross-slot MGETs refused by the client). */
function mgetOutcomes(hashTag: string): { ok: number; crossslot: number } {
  const { scenario } = loadScenario('scenarios/hash-tag-hot-slot.yaml', [...SMALL, `workload.hashTag=${hashTag}`, 'topologies=[{name: cluster, kind: cluster, primaries: 3, replicasPerPrimary: 0, client: {profile: jedis}}]']);
  const run = buildRun(scenario, 0, scenario.seed);
  const counts = { ok: 0, crossslot: 0 };
  run.bus.signal<RequestDone>(REQUEST_DONE).subscribe((d) => {
    if (d.op !== Op.mget) return;
    if (d.outcome === Outcome.ok) counts.ok++;
    else if (d.outcome === Outcome.crossslot) counts.crossslot++;
  });
  run.start();
  run.engine.run({ untilNs: run.endNs });
  return counts;
}

describe('a hash tag per entity', () => {
  it('draws every multi-key request\'s keys from one entity: the entity of its first key, from that key on', () => {
    const w = workloadParams.parse({ keys: 1000, mix: { get: 0, mget: { share: 0.5, keys: 3 }, mset: { share: 0.5, keys: 6 } }, hashTag: { entity: { keys: 4 } } });
    const factory = new RequestFactory(w, new RngStreams(1).stream('sizes'));
    const t = new RequestTable(factory.stride);
    const rng = new RngStreams(2).stream('draw');
    for (let i = 0; i < 500; i++) {
      const req = t.alloc();
      factory.draw(t, req, rng);
      const keys = Array.from({ length: t.commandCount[req]! }, (_, j) => t.cmdKey[req * t.stride + j]!);
      const e = Math.floor(keys[0]! / 4);
      expect(keys.map((k) => Math.floor(k / 4))).toEqual(keys.map(() => e));
      expect(keys.slice(0, 4)).toEqual([0, 1, 2, 3].slice(0, keys.length).map((j) => 4 * e + ((keys[0]! - 4 * e + j) % 4)));
      t.release(req);
    }
  });

  it('keeps an entity\'s MGET in one slot: a client that refuses cross-slot MGETs (Jedis) serves them all, and refuses most without the tags', () => {
    const tagged = mgetOutcomes('{entity: {keys: 8}}');
    expect(tagged.crossslot).toBe(0);
    expect(tagged.ok).toBeGreaterThan(5000);
    const untagged = mgetOutcomes('{tag: x, keys: 0}');
    expect(untagged.crossslot).toBeGreaterThan(0.9 * (untagged.ok + untagged.crossslot));
  });
});
