// The verdict's warnings, each on a run made to need it: an open loop beyond the server's capacity
// or its clients' connections (overload), a p99.9 resting on few requests, a reshard that moved no
// slot, a reshard that failed or was cut short by the run's end.

import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../experiment/load-scenario.js';
import { runScenario } from '../../experiment/run-scenario.js';
import { summarize } from '../../reports/summarize.js';
import { runVerdict } from '../../reports/verdict.js';
import type { ScenarioResults } from '../../experiment/results.js';

const verdictOf = (results: ScenarioResults) => runVerdict(results, summarize(results)).join('\n');

describe('verdict warnings', () => {
  it('warns of overload when an open loop leaves requests unfinished, and of a thin p99.9', () => {
    const over = runScenario(loadScenario('scenarios/mm1.yaml', ['duration=2s', 'warmup=1s', 'drain=0.1s', 'workload.arrival.rate=150000/s']).scenario).results;
    expect(verdictOf(over)).toMatch(/⚠ Overload: the open loop's arrivals outpace what is served in \*\*mm1\*\* \(\d+\.?\d* % unfinished at the end\)/);
    const thin = runScenario(loadScenario('scenarios/mm1.yaml', ['duration=1.5s', 'warmup=1s', 'drain=0.1s', 'workload.arrival.rate=1000/s']).scenario).results;
    expect(verdictOf(thin)).toMatch(/⚠ p99\.9 rests on fewer than 1,000 requests for GET in \*\*mm1\*\* \(\d+\)/);
    expect(verdictOf(thin)).not.toMatch(/Overload/);
  });

  it('warns of overload when an open loop keeps a server thread over 98 % busy though every request finished (they time out or finish in the drain), and not at 90 %', () => {
    const { results } = runScenario(loadScenario('scenarios/mm1.yaml', ['duration=1.5s', 'warmup=1s', 'workload.arrival.rate=20000/s']).scenario);
    const withThread = (share: number) => {
      const r = structuredClone(results);
      r.topologies[0]!.replications[0]!.stats.resources = [{ kind: 'server-cpu', name: 'mm1/server-0', share }];
      return r;
    };
    expect(results.topologies[0]!.replications[0]!.stats.unfinished).toBe(0);
    expect(verdictOf(withThread(0.99))).toMatch(/⚠ Overload: the open loop's arrivals outpace what is served in \*\*mm1\*\* \(a server thread 99 % busy\)/);
    expect(verdictOf(withThread(0.9))).not.toMatch(/Overload/);
  });

  it('warns of overload when an open loop keeps a connection pool full though its server is nearly idle: two connections over a 2 ms round trip carry under 1,000 requests a second, against 1,200 arriving (none fails within the short run)', () => {
    const { results } = runScenario(loadScenario('scenarios/mm1.yaml', [
      'duration=1.5s', 'warmup=1s', 'workload.arrival.rate=1200/s', 'workload.clients.hosts=1', 'workload.clients.poolSize=2', 'network.latency.sameZone=1ms',
    ]).scenario);
    expect(verdictOf(results)).toMatch(/⚠ Overload: the open loop's arrivals outpace what is served in \*\*mm1\*\* \(its connection pool app-0 → mm1\/server-0 100 % in use: requests wait for a connection\)/);
    const free = runScenario(loadScenario('scenarios/mm1.yaml', [
      'duration=1.5s', 'warmup=1s', 'workload.arrival.rate=500/s', 'workload.clients.hosts=1', 'workload.clients.poolSize=2', 'network.latency.sameZone=1ms',
    ]).scenario).results;
    expect(verdictOf(free)).not.toMatch(/Overload/);
  });

  it('warns of a closed loop\'s saturated server from its thread\'s busy share, work beside the requests (fsync) included', () => {
    const { results } = runScenario(loadScenario('scenarios/closed-loop-benchmark.yaml', ['duration=1.5s', 'warmup=1s', 'workload.arrival.connections=1']).scenario);
    const name = results.topologies[0]!.name;
    const busy = structuredClone(results);
    for (const t of busy.topologies) t.replications[0]!.stats.resources = [{ kind: 'server-cpu', name: `${t.name}/server`, share: 0.95 }];
    expect(verdictOf(results)).not.toMatch(/Closed loop with a server/);
    expect(verdictOf(busy)).toMatch(new RegExp(`⚠ Closed loop with a server over 90 % busy in \\*\\*${name}\\*\\*`));
  });

  it('warns when a reshard moved no slot, and not when it did', () => {
    const { results } = runScenario(loadScenario('scenarios/reshard.yaml', ['duration=12s', 'drain=1s']).scenario);
    expect(verdictOf(results)).not.toMatch(/moved no slot/);
    const none = structuredClone(results);
    none.topologies[0]!.replications[0]!.stats.migration.slots = 0;
    expect(verdictOf(none)).toMatch(/⚠ A reshard or rebalance of \*\*cluster\*\* moved no slot/);
    expect(verdictOf(results)).not.toMatch(/MIGRATE failed/);
    expect(verdictOf(results)).not.toMatch(/still moving slots/);
  });

  it('warns when a reshard was still moving slots when the run ended (its 200 slots take about 0.6 s from 10 s; the run ends at 10.3 s)', () => {
    const { results } = runScenario(loadScenario('scenarios/reshard.yaml', ['duration=10.2s', 'drain=100ms']).scenario);
    const slots = results.topologies[0]!.replications[0]!.stats.migration.slots;
    expect(slots).toBeGreaterThan(0);
    expect(slots).toBeLessThan(200);
    expect(verdictOf(results)).toMatch(/⚠ A reshard or rebalance was still moving slots when the run ended in \*\*cluster\*\* \(1 of 1 replication\)/);
  });

  it('warns when a removeNode was refused because its node owns slots (redis-cli del-node: "is not empty"), and the node stays', () => {
    const { results } = runScenario(loadScenario('scenarios/reshard.yaml', ['duration=3s', 'warmup=1s', 'drain=1s', 'operations=[{ at: 2s, removeNode: cluster/primary-0 }]']).scenario);
    const events = results.topologies[0]!.replications[0]!.stats.events;
    expect(events.filter((e) => e.kind === 'del-node-refused').map((e) => e.node)).toEqual(['cluster/primary-0']);
    expect(events.some((e) => e.kind === 'crash')).toBe(false);
    expect(verdictOf(results)).toMatch(/⚠ A removeNode was refused in \*\*cluster\*\* \(1 of 1 replication\), as redis-cli refuses del-node of a node that owns slots/);
  });

  it('warns when a MIGRATE failed and the cluster tool stopped (its target paused past the timeout)', () => {
    const { results } = runScenario(loadScenario('scenarios/reshard.yaml', ['duration=12s', 'drain=1s', 'operations.0.reshard.timeout=100ms',
      'faults=[{ at: 10050ms, pause: cluster/primary-1 }, { at: 11050ms, resume: cluster/primary-1 }]']).scenario);
    expect(results.topologies[0]!.replications[0]!.stats.migration.slots).toBeLessThan(200);
    expect(verdictOf(results)).toMatch(/⚠ A MIGRATE failed \(its timeout, or a target that died\) and the cluster tool stopped in \*\*cluster\*\* \(1 of 1 replication\)/);
  });

  it('warns when a reshard was refused before it began (another had a slot open), and when the tool stopped midway (its source died)', () => {
    const verdict = (operations: string, faults: string) => verdictOf(runScenario(loadScenario('scenarios/reshard.yaml',
      ['duration=4s', 'warmup=1s', 'drain=1s', 'workload.arrival={rate: 2000/s}', `operations=${operations}`, `faults=${faults}`]).scenario).results);
    const overlapping = verdict('[{at: 2s, reshard: {from: cluster/primary-0, to: cluster/primary-1, slots: 100}}, {at: 2100ms, reshard: {from: cluster/primary-0, to: cluster/primary-2, slots: 100}}]', '[]');
    expect(overlapping).toMatch(/⚠ A reshard or rebalance was refused before it began in \*\*cluster\*\* \(1 of 1 replication\), as redis-cli's cluster check refuses it/);
    expect(overlapping).not.toMatch(/stopped midway/);
    const crashed = verdict('[{at: 2s, reshard: {from: cluster/primary-0, to: cluster/primary-1, slots: 1000}}]', '[{at: 2500ms, crash: cluster/primary-0}]');
    expect(crashed).toMatch(/⚠ The cluster tool stopped midway in \*\*cluster\*\* \(1 of 1 replication\): a node it was talking to died or refused a SETSLOT/);
    expect(crashed).not.toMatch(/refused before it began/);
  });

  it('does not point at percentiles above the failed requests when every request failed (there are none to show)', () => {
    const { results } = runScenario(loadScenario('scenarios/reshard.yaml', ['duration=2s', 'warmup=1s', 'drain=0.5s', 'workload.arrival={rate: 500/s}', 'operations=[]',
      'topologies=[{name: cluster, kind: cluster, primaries: 2, replicasPerPrimary: 0, slotRanges: ["0-8000", "8001-16000"]}]']).scenario);
    const verdict = verdictOf(results);
    expect(verdict).toMatch(/- \*\*Failed requests\*\*: \*\*cluster\*\* 100 %\.$/m);
    expect(verdict).not.toMatch(/p99|percentiles above/);
  });
});
