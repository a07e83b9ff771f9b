// Cluster safety settings: min-replicas-to-write on cluster primaries, cluster-replica-no-failover
// (a failed primary's replica never promotes itself; a manual failover still runs),
// cluster-require-full-coverage and cluster-allow-reads-when-down.

import { describe, expect, it } from 'vitest';
import { buildRun } from '../../experiment/build-run.js';
import { loadScenario } from '../../experiment/load-scenario.js';
import { CLUSTER_EVENT, ClusterEventKind, Op, Outcome, REQUEST_DONE, type ClusterEvent, type RequestDone } from '../../models/signals.js';

function run(cluster: string, extra: string[]): { done: RequestDone[]; promotedAtS: number[] } {
  const { scenario } = loadScenario('scenarios/cluster-failover.yaml', [
    'duration=40s', 'workload.mix={get: 0.5, set: 0.5}', 'workload.arrival={rate: 2000/s}',
    `topologies=[{name: cluster, kind: cluster, primaries: 3, replicasPerPrimary: 1, ${cluster}}]`, ...extra,
  ]);
  const r = buildRun(scenario, 0, scenario.seed);
  const done: RequestDone[] = [];
  const promotedAtS: number[] = [];
  r.bus.signal<RequestDone>(REQUEST_DONE).subscribe((d) => done.push({ ...d }));
  r.bus.signal<ClusterEvent>(CLUSTER_EVENT).subscribe((e) => { if (e.kind === ClusterEventKind.promoted) promotedAtS.push(r.engine.now / 1e9); });
  r.start();
  r.engine.run({ untilNs: r.endNs });
  return { done, promotedAtS };
}

describe('cluster settings', () => {
  it('refuses writes with NOREPLICAS on the primary whose only replica stopped acknowledging, keeps serving the other primaries\' writes and every read', () => {
    const { done } = run('nodeTimeout: 60s, minReplicasToWrite: 1, minReplicasMaxLag: 2s', ['faults=[{at: 10s, pause: cluster/replica-0-0, for: 10s}]']);
    const refused = done.filter((d) => d.outcome === Outcome.noreplicas);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((d) => d.op === Op.set)).toBe(true);
    const first = Math.min(...refused.map((d) => d.endNs)) / 1e9;
    expect(first - 10).toBeGreaterThanOrEqual(2);
    expect(first - 10).toBeLessThan(4.1);
    expect(Math.max(...refused.map((d) => d.startNs)) / 1e9).toBeLessThan(21.1);
    const writesWhileRefusing = done.filter((d) => d.op === Op.set && d.startNs > 14e9 && d.startNs < 19e9);
    const share = writesWhileRefusing.filter((d) => d.outcome === Outcome.noreplicas).length / writesWhileRefusing.length;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.5);
    expect(done.filter((d) => d.op === Op.get && d.outcome !== Outcome.ok)).toEqual([]);
  });

  it('serves every write without min-replicas-to-write while a replica is paused', () => {
    const { done } = run('nodeTimeout: 60s', ['faults=[{at: 10s, pause: cluster/replica-0-0, for: 10s}]']);
    expect(done.filter((d) => d.outcome !== Outcome.ok)).toEqual([]);
  });

  it('promotes no replica of a failed primary with cluster-replica-no-failover, where the default promotes one', () => {
    const faults = 'faults=[{at: 20s, pause: cluster/primary-0}]';
    expect(run('nodeTimeout: 2s', [faults]).promotedAtS.length).toBe(1);
    const { done, promotedAtS } = run('nodeTimeout: 2s, replicaNoFailover: true', [faults]);
    expect(promotedAtS).toEqual([]);
    expect(done.filter((d) => d.startNs > 30e9 && d.outcome === Outcome.ok).length).toBe(0);
  });

  it('keeps serving the slots of the other primaries while a failed primary\'s slots are down, with cluster-require-full-coverage no', () => {
    const { done } = run('nodeTimeout: 2s, replicaNoFailover: true, requireFullCoverage: false', ['faults=[{at: 20s, pause: cluster/primary-0}]']);
    const late = done.filter((d) => d.startNs > 30e9);
    const served = late.filter((d) => d.outcome === Outcome.ok).length / late.length;
    expect(served).toBeGreaterThan(0.55);
    expect(served).toBeLessThan(0.8);
    expect(late.some((d) => d.outcome === Outcome.clusterdown)).toBe(false);
  });

  it('serves reads and refuses writes with CLUSTERDOWN on a down cluster, with cluster-allow-reads-when-down', () => {
    const { done } = run('nodeTimeout: 2s, replicaNoFailover: true, allowReadsWhenDown: true', ['faults=[{at: 20s, pause: cluster/primary-0}]']);
    const late = done.filter((d) => d.startNs > 30e9);
    expect(late.filter((d) => d.op === Op.get && d.outcome === Outcome.ok).length).toBeGreaterThan(0);
    expect(late.filter((d) => d.op === Op.set && d.outcome === Outcome.ok)).toEqual([]);
    expect(late.filter((d) => d.op === Op.set && d.outcome === Outcome.clusterdown).length).toBeGreaterThan(0);
  });

  it('runs a cluster whose slot ranges leave slots unassigned: their keys are not preloaded; with full coverage required every request fails CLUSTERDOWN, without it only those keys\' do', () => {
    const holes = 'slotRanges: ["0-8000", "8001-16000", "16001-16100"]';
    const down = run(holes, ['faults=[]']).done.filter((d) => d.startNs > 1e9);
    expect(down.length).toBeGreaterThan(1000);
    expect(down.every((d) => d.outcome === Outcome.clusterdown)).toBe(true);
    const partial = run(`${holes}, requireFullCoverage: false`, ['faults=[]']).done.filter((d) => d.startNs > 1e9);
    const refused = partial.filter((d) => d.outcome === Outcome.clusterdown).length;
    expect(refused).toBeGreaterThan(0);
    expect(refused / partial.length).toBeLessThan(0.05);
    expect(partial.filter((d) => d.outcome === Outcome.ok).length + refused).toBe(partial.length);
  });

  it('still runs a manual CLUSTER FAILOVER with cluster-replica-no-failover', () => {
    const { promotedAtS } = run('nodeTimeout: 2s, replicaNoFailover: true', ['faults=[]', 'operations=[{at: 20s, failover: cluster/replica-0-0}]']);
    expect(promotedAtS.length).toBe(1);
    expect(promotedAtS[0]!).toBeGreaterThan(20);
    expect(promotedAtS[0]!).toBeLessThan(21);
  });
});
