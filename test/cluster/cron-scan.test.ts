// The cron skips its scan of the node table until the earliest time a ping, a reconnect or a PFAIL
// can be due (NodeTable.scanDueNs). Equivalence: the same runs with a full scan on every tick, as
// Redis's clusterCron does, give the same bus messages, cluster events and request outcomes.

import { describe, expect, it } from 'vitest';
import { NodeTable } from '../../models/cluster/node-table.js';
import { clusterRun, type ClusterTrace } from '../support/cluster-run.js';

/** The run as shipped, and how many cron ticks skipped their scan in it. */
function skippingRun(sets: string[], seed: number): { trace: ClusterTrace; skipped: number } {
  const scanDue = NodeTable.prototype.scanDue;
  let skipped = 0;
  NodeTable.prototype.scanDue = function (nowNs: number) {
    const due = scanDue.call(this, nowNs);
    if (!due) skipped++;
    return due;
  };
  try {
    return { trace: clusterRun(sets, seed), skipped };
  } finally {
    NodeTable.prototype.scanDue = scanDue;
  }
}

const CASES: [string, string[]][] = [
  ['an idle cluster (T = 15 s)', ['workload.arrival.rate=1/s', 'faults=[]', 'duration=40s']],
  ['a paused primary (T = 2 s)', ['topologies.cluster.nodeTimeout=2s', 'duration=30s']],
  ['a partition of 15 s (T = 2 s)', ['topologies.cluster.nodeTimeout=2s', 'duration=45s', 'faults=[{at: 20s, partition: [cluster/primary-0, app-0], for: 15s}]']],
  ['a node added, then removed (T = 2 s)', ['topologies.cluster.nodeTimeout=2s', 'topologies.cluster.spareNodes=1', 'duration=40s', 'faults=[]',
    'operations=[{at: 10s, addNode: cluster/spare-0, meet: cluster/primary-0}, {at: 25s, removeNode: cluster/spare-0}]']],
  ['a crash and a restart (T = 2 s)', ['topologies.cluster.nodeTimeout=2s', 'duration=45s', 'faults=[{at: 20s, crash: cluster/primary-0}, {at: 30s, restart: cluster/primary-0}]']],
];

describe('the cron scan skipped until due', () => {
  it.each(CASES)('changes no message, event or outcome of %s', (_name, sets) => {
    for (const seed of [1, 2]) {
      const { trace: skipping, skipped } = skippingRun(sets, seed);
      const full = clusterRun(sets, seed, { fullScans: true });
      expect(skipped).toBeGreaterThan(0);
      expect(skipping.busSentAtNs.length).toBeGreaterThan(0);
      expect(skipping.busSentAtNs).toEqual(full.busSentAtNs);
      expect(skipping.busSizes).toEqual(full.busSizes);
      expect(skipping.events).toEqual(full.events);
      expect(skipping.requests).toEqual(full.requests);
    }
  });
});
