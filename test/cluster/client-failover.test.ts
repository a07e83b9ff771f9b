// What each client profile does after a primary crashes and its replica is promoted: whether a
// failed request refreshes the slot map (Jedis, redis-py, ioredis, none) or not (Lettuce 6,
// go-redis), go-redis's reload of a map older than ClusterStateReloadInterval, and which libraries
// send a CLUSTERDOWN again.

import { describe, expect, it } from 'vitest';
import { buildRun } from '../../experiment/build-run.js';
import { parseScenario } from '../../experiment/load-scenario.js';
import { ClusterEventKind, Outcome, REQUEST_DONE, CLUSTER_EVENT, type ClusterEvent, type RequestDone } from '../../models/signals.js';

/** A 3+3 cluster at 2,000 GET/SET a second whose primary-0 crashes at 2 s: the promotion's time and the requests failed after `fromS`, by second. */
function crashRun(client: string, fromS: number): { promotedS: number; failedAfter: number; lastFailureS: number; clusterDown: number } {
  const { scenario } = parseScenario(`
name: client-failover
seed: 5
duration: 10s
warmup: 0s
drain: 0s
network: { latency: { sameZone: 100us } }
workload:
  keys: 10_000
  valueSize: 100B
  mix: { get: 0.9, set: 0.1 }
  arrival: { rate: 2000/s }
  clients: { hosts: 2, poolSize: 4, timeout: 100ms }
topologies:
  - { name: t, kind: cluster, primaries: 3, replicasPerPrimary: 1, nodeTimeout: 1s, client: ${client} }
faults:
  - { at: 2s, crash: t/primary-0 }
`, 'client-failover');
  const run = buildRun(scenario, 0, scenario.seed);
  let promotedS = NaN;
  let failedAfter = 0;
  let lastFailureS = 0;
  let clusterDown = 0;
  run.bus.signal<ClusterEvent>(CLUSTER_EVENT).subscribe((e) => {
    if (e.kind === ClusterEventKind.promoted && Number.isNaN(promotedS)) promotedS = e.timeNs / 1e9;
  });
  run.bus.signal<RequestDone>(REQUEST_DONE).subscribe((r) => {
    if (r.outcome === Outcome.ok) return;
    if (r.outcome === Outcome.clusterdown) clusterDown++;
    lastFailureS = r.endNs / 1e9;
    if (r.endNs >= fromS * 1e9) failedAfter++;
  });
  run.start();
  run.engine.run({ untilNs: run.endNs });
  return { promotedS, failedAfter, lastFailureS, clusterDown };
}

describe('client profiles after a primary crashes and its replica takes over', () => {
  it('Jedis, redis-py and ioredis refresh the map on a failed request and stop failing within a second of the promotion; Lettuce 6 and go-redis do not, and fail the dead primary\'s third of requests to the end', () => {
    for (const profile of ['jedis', 'redis-py', 'ioredis']) {
      const r = crashRun(`{ profile: ${profile} }`, 6);
      expect(r.promotedS, profile).toBeGreaterThan(2);
      expect(r.lastFailureS, profile).toBeLessThan(r.promotedS + 1);
    }
    for (const profile of ['lettuce', 'go-redis']) {
      const r = crashRun(`{ profile: ${profile} }`, 6);
      // 4 s at 2,000 requests/s, a third of them to the dead primary's slots.
      expect(r.failedAfter, profile).toBeGreaterThan(0.8 * 4 * 2000 / 3);
      expect(r.lastFailureS, profile).toBeGreaterThan(9.9);
    }
  });

  it('ioredis and redis-py send a CLUSTERDOWN again (16 times 100 ms apart, and 3 times 250 ms apart, refreshing the map), so fewer requests fail with it; Jedis and Lettuce hand every one to the application', () => {
    const jedis = crashRun('{ profile: jedis }', 6).clusterDown;
    expect(jedis).toBeGreaterThan(1000);
    expect(crashRun('{ profile: lettuce }', 6).clusterDown).toBe(jedis);
    // ioredis's 1.6 s of retries outlast the window from FAIL to the promotion; redis-py's 0.75 s cover its start.
    expect(crashRun('{ profile: ioredis }', 6).clusterDown).toBe(0);
    expect(crashRun('{ profile: redis-py }', 6).clusterDown).toBeLessThan(jedis / 2);
  });

  it('go-redis reloads a map older than maxMapAge on the next request (ClusterStateReloadInterval), and so recovers then', () => {
    const r = crashRun('{ profile: go-redis, maxMapAge: 5s }', 6);
    expect(r.lastFailureS).toBeGreaterThan(r.promotedS);
    expect(r.lastFailureS).toBeLessThan(5.5);
    expect(r.failedAfter).toBe(0);
  });
});
