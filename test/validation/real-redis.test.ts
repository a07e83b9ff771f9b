// The fast subset of `npm run validate` against real Redis on loopback: bus fan-out of PUBLISH and
// SPUBLISH, idle gossip at N = 8, one failover at T = 1.5 s, calibrate + single-node latency, one
// slot migration (5,000 keys of 1 KB, batch 50, the mean of 3 reshards), a reshard failing at MIGRATE's
// timeout (T = 1 s), twemproxy at 1 connection,
// client tracking at idle.
// Skipped (with a message) when redis-server, redis-cli, redis-sentinel or nutcracker is not installed.
// `npm test` runs this file alone, after the others: its latency comparison must not share the CPU
// with other test files.

import { describe, expect, it } from 'vitest';
import { passes, type Comparison } from '../../validation/comparison.js';
import { nutcrackerInstalled, redisInstalled } from '../../validation/redis-fleet.js';
import { quickPlan, runValidation } from '../../validation/validate.js';
import { failedExperiments, type ExperimentResult } from '../../validation/validation-report.js';

const installed = redisInstalled() && nutcrackerInstalled();
if (!installed) console.warn('test/validation: skipped, redis-server / redis-cli / redis-sentinel / nutcracker are not installed (apt-get install -y redis-server redis-tools redis-sentinel nutcracker)');

describe.skipIf(!installed)('validation against real Redis (quick subset)', () => {
  let results: Promise<ExperimentResult[]> | null = null;
  /** The experiments' log, shown with a timing comparison that fails (each replication's real and simulated figures and calibration). */
  const log: string[] = [];
  const logOf = (prefix: string) => log.filter((line) => line.startsWith(prefix)).join('\n');
  const row = async (point: string, metric: string): Promise<Comparison> => {
    results ??= runValidation(quickPlan, (line) => log.push(line));
    const all = await results;
    const found = all.flatMap((e) => e.rows).find((c) => c.point === point && c.metric.startsWith(metric));
    if (found !== undefined) return found;
    throw new Error(`no row "${point}", "${metric}"; experiments that failed: ${failedExperiments(all).join('; ') || 'none'}`);
  };

  it('forwards a PUBLISH to every other node and an SPUBLISH to the shard\'s replica only, as simulated', async () => {
    expect((await row('PUBLISH', 'bus messages per publish')).real).toEqual([5]);
    expect((await row('SPUBLISH', 'bus messages per publish')).real).toEqual([1]);
    expect(passes(await row('PUBLISH', 'bus messages per publish'))).toBe(true);
    expect(passes(await row('SPUBLISH', 'bus messages per publish'))).toBe(true);
  });

  it('simulates the idle gossip rate of 8 nodes at T = 3 s within ±20 %', async () => {
    expect(passes(await row('N = 8, T = 3 s', 'heartbeats'))).toBe(true);
  });

  it('simulates PFAIL, FAIL and promotion at T = 1.5 s within ±20 %', async () => {
    for (const phase of ['PFAIL seen', 'FAIL seen', 'promotion']) expect(passes(await row('T = 1.5 s', phase)), phase).toBe(true);
  });

  it('moves every key of a slot in the time simulated after calibrate (±20 %), while a stale client meets ASK on both sides', async () => {
    const point = 'K = 5,000, 1,000 B, batch 50';
    expect((await row(point, 'keys moved')).real).toEqual([5000, 5000, 5000]);
    expect(passes(await row(point, 'keys moved'))).toBe(true);
    const duration = await row(point, 'duration');
    expect(passes(duration), `${JSON.stringify(duration)}\n${logOf('slot migration')}`).toBe(true);
    expect((await row(point, 'ASK')).real[0]).toBeGreaterThan(0);
    expect((await row(point, 'ASK')).sim[0]).toBeGreaterThan(0);
    expect((await row(point, 'MOVED')).sim[0]).toBeGreaterThan(0);
  });

  it('fails a reshard whose target is paused at MIGRATE\'s timeout, the source stalled until then and the last batch left on both nodes, as simulated', async () => {
    const point = 'T = 1 s, K = 5,000, batch 10';
    expect((await row(point, 'reshard failed')).real).toEqual([1]);
    expect((await row(point, 'keys on both nodes')).real).toEqual([10]);
    for (const metric of ['reshard failed', 'from the target\'s pause', 'source\'s longest stall', 'keys on both nodes']) {
      const c = await row(point, metric);
      expect(passes(c), `${JSON.stringify(c)}\n${logOf('migrate timeout')}`).toBe(true);
    }
  });

  it('sends one backend MGET per distinct server of the keys through twemproxy, as the model\'s shard map says', async () => {
    const fragments = await row('MGET of 5, 1 connection', 'backend MGETs');
    expect(fragments.real[0]).toBeGreaterThan(0);
    expect(passes(fragments), JSON.stringify(fragments)).toBe(true);
  });

  it('sends a default-mode tracking invalidation to every connection that read the version a write replaced, as the model\'s rule says', async () => {
    const messages = await row('tracking, idle (1 connection per host, 2 ms think time)', 'invalidation messages per write (model');
    expect(messages.real[0]).toBeGreaterThan(0);
    expect(passes(messages), JSON.stringify(messages)).toBe(true);
  });

  it('calibrates a live server and predicts its single-connection p50 latency within ±25 % (on a machine other programs leave quiet)', async (context) => {
    const c = await row('1 connection', 'p50 latency');
    if (c.unjudged !== undefined) {
      context.skip(`not judged: ${c.unjudged}; measured ${JSON.stringify(c.real)} µs, simulated ${JSON.stringify(c.sim)} µs`);
      return;
    }
    expect(c.real.length).toBe(c.sim.length);
    expect(passes(c), `${JSON.stringify(c)}\n${logOf('single node')}`).toBe(true);
  });
});
