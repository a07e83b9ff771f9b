import { describe, expect, it } from 'vitest';
import { createDistribution, distributionSchema } from '../../sim/dist/registry.js';
import { durationNs } from '../../sim/scenario/quantities.js';
import { RngStreams } from '../../sim/random/rng.js';
import { Op } from '../signals.js';
import { harness } from '../../test/support/server-harness.js';
import { NodesConf } from './nodes-conf.js';

const GET_MISS_NS = 4000 + 600 + 250;
/** 30 µs + 1 µs × 3 nodes known; an fsync of exactly 200 µs. */
const SAVE_NS = 33_000;
const FSYNC_NS = 200_000;

function withNodesConf() {
  const h = harness();
  const conf = new NodesConf(h.redis, { saveCpuNs: 30_000, saveCpuPerNodeNs: 1000, fsyncLatency: createDistribution(distributionSchema(durationNs).parse({ const: '200us' })) }, new RngStreams(3).stream('conf'), () => 3);
  return { ...h, conf };
}

describe('NodesConf', () => {
  it('saves once, with an fsync, for the changes of one iteration, and writes its replies after the save', () => {
    const h = withNodesConf();
    const answered: number[] = [];
    const kind = h.redis.addTask({
      begin: () => 10_000,
      finish: () => {
        h.conf.save(false);
        h.conf.save(true);
        h.conf.save(false);
        h.redis.queueWrite(null, { sendWritten: (_, delayNs) => answered.push(h.engine.now + delayNs) }, 0);
      },
    });
    h.engine.at(0, () => h.redis.submitTask(kind, 0));
    h.send(1, [[Op.get, 1]]);
    h.engine.run();
    // The reply's write (800 ns) ends after the save and its fsync; the GET that arrived meanwhile runs after it.
    expect(answered).toEqual([10_000 + SAVE_NS + FSYNC_NS + 800]);
    expect(h.replies.map((r) => r.atNs)).toEqual([10_000 + SAVE_NS + FSYNC_NS + 800 + GET_MISS_NS]);
  });

  it('saves at once, as an iteration of its own, a change made between iterations (no fsync unless asked)', () => {
    const h = withNodesConf();
    h.engine.at(0, () => h.conf.save(false));
    h.send(1000, [[Op.get, 1]]);
    h.engine.run();
    expect(h.replies.map((r) => r.atNs)).toEqual([SAVE_NS + GET_MISS_NS]);
  });
});
