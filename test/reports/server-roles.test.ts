// The servers table names each server's role when the window ended, as its topology sees it: after a
// failover the promoted replica is a primary and the old primary a replica, whatever their names.

import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../experiment/load-scenario.js';
import { runScenario } from '../../experiment/run-scenario.js';
import { summarize } from '../../reports/summarize.js';

describe('the servers table', () => {
  it('gives the roles after a manual cluster failover: replica-1-0 a primary, primary-1 a replica', () => {
    const { scenario } = loadScenario('scenarios/reshard.yaml', ['duration=4s', 'warmup=1s', 'drain=0.5s', 'workload.arrival={rate: 500/s}',
      'operations=[{at: 1500ms, failover: cluster/replica-1-0}]']);
    const [summary] = summarize(runScenario(scenario).results);
    const role = (name: string) => summary!.servers.find((s) => s.name === name)!.role;
    expect([role('cluster/replica-1-0'), role('cluster/primary-1'), role('cluster/primary-0'), role('cluster/replica-0-0')]).toEqual(['primary', 'replica', 'primary', 'replica']);
  });

  it('gives the roles after a Sentinel failover of a crashed master, which is down', () => {
    const { scenario } = loadScenario('scenarios/sentinel-vs-cluster-failover.yaml', ['duration=30s', 'faults=[{at: 5s, crash: sentinel/primary}]',
      'topologies=[{ name: sentinel, kind: sentinel, replicas: 2, sentinels: 3, quorum: 2, downAfter: 2s }]']);
    const [summary] = summarize(runScenario(scenario).results);
    const role = (name: string) => summary!.servers.find((s) => s.name === name)!.role;
    expect(role('sentinel/primary')).toBe('down');
    expect([role('sentinel/replica-0'), role('sentinel/replica-1')].sort()).toEqual(['primary', 'replica']);
  });
});
