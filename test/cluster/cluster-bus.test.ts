// The cluster bus and failover, on small clusters run end to end: every figure here emerges from
// the modeled cron, messages and votes (no rate or delay constant is set anywhere but Redis's own).

import { describe, expect, it } from 'vitest';
import { Outcome } from '../../models/signals.js';
import { clusterRun, type ClusterTrace } from '../support/cluster-run.js';

const IDLE = ['workload.arrival.rate=1/s', 'faults=[]', 'warmup=1s', 'drain=0s'];

function first(trace: ClusterTrace, kind: string, target = 'cluster/primary-0'): number {
  const e = trace.events.find((x) => x.kind === kind && x.target === target);
  return e ? e.timeNs / 1e9 : NaN;
}

describe('idle cluster bus (N = 6, T = 15 s)', () => {
  const trace = clusterRun([...IDLE, 'duration=70s']);
  const window = trace.busSentAtNs.map((t, i) => [t, trace.busSizes[i]!] as const).filter(([t]) => t >= 10e9);

  it('sends about one PING per node per second, each answered by a PONG, as measured on Redis 7.0 (0.999/s)', () => {
    const pingsPerNodePerS = window.length / 2 / trace.nodes / 60;
    expect(pingsPerNodePerS).toBeGreaterThan(0.95);
    expect(pingsPerNodePerS).toBeLessThan(1.05);
  });

  it('sizes every heartbeat 2256 + 104·g bytes with g ≤ 3 gossip entries', () => {
    const sizes = new Set(window.map(([, b]) => b));
    for (const b of sizes) expect([2256, 2360, 2464, 2568]).toContain(b);
    expect(sizes.has(2568)).toBe(true);
  });
});

describe('failover of a paused primary (3+3 nodes, T = 2 s, pause at 20 s, nodes.conf fsync 1 ms)', () => {
  const traces = [1, 2, 3, 4, 5].map((seed) => clusterRun(['topologies.cluster.nodeTimeout=2s', 'duration=30s', 'topologies.cluster.nodesConf.fsyncLatency={const: 1ms}'], seed));

  it('goes PFAIL after T without a PONG, then FAIL, election, promotion and a first write, in that order', () => {
    for (const t of traces) {
      const [pfail, fail, election, promoted, firstWrite] = ['pfail', 'fail', 'election', 'promoted'].map((k) => first(t, k))
        .concat(t.events.filter((e) => e.kind === 'first-write').map((e) => e.timeNs / 1e9));
      expect(pfail! - 20).toBeGreaterThanOrEqual(2);
      expect(pfail! - 20).toBeLessThanOrEqual(3 + 0.2);
      expect(fail).toBeGreaterThanOrEqual(pfail!);
      expect(election! - fail!).toBeGreaterThanOrEqual(0.5);
      expect(election! - fail!).toBeLessThan(1.1);
      expect(promoted).toBeGreaterThan(election!);
      expect(promoted! - election!).toBeLessThan(0.01);
      expect(firstWrite).toBeGreaterThan(promoted!);
    }
  });

  it('answers CLUSTERDOWN only between FAIL and the promotion', () => {
    for (const t of traces) {
      const fail = first(t, 'fail') * 1e9;
      const promoted = first(t, 'promoted') * 1e9;
      const down = t.requests.filter((r) => r.outcome === Outcome.clusterdown);
      expect(down.length).toBeGreaterThan(0);
      for (const r of down) {
        expect(r.endNs).toBeGreaterThanOrEqual(fail);
        // A node refuses until the promotion's PONG reaches it; the replies of that iteration then wait for its nodes.conf save (1 ms fsync: the slots changed owner).
        expect(r.endNs).toBeLessThan(promoted + 5e6 + 1e6);
      }
    }
  });

  it('schedules the election 500 ms + U[0, 500) ms + 1000 ms · rank after FAIL', () => {
    const scheduled = traces.flatMap((t) => t.events.filter((e) => e.kind === 'election-scheduled'));
    expect(scheduled.length).toBeGreaterThanOrEqual(traces.length);
    for (const e of scheduled) {
      const base = e.delayNs - 1e9 * e.rank;
      expect(base).toBeGreaterThanOrEqual(500e6);
      expect(base).toBeLessThan(1000e6);
    }
  });
});

describe('a paused primary that comes back after its replica was promoted', () => {
  it('is told by UPDATE that its slots moved and becomes a replica of the new primary', () => {
    const t = clusterRun(['topologies.cluster.nodeTimeout=2s', 'duration=40s', 'faults=[{at: 20s, pause: cluster/primary-0, for: 10s}]']);
    const promoted = t.events.find((e) => e.kind === 'promoted')!;
    const demoted = t.events.find((e) => e.kind === 'demoted')!;
    expect(demoted.node).toBe('cluster/primary-0');
    expect(demoted.target).toBe(promoted.node);
    expect(demoted.timeNs).toBeGreaterThan(30e9);
  });
});

describe('a crashed replica', () => {
  it('is flagged FAIL but causes no election and leaves the cluster up', () => {
    const t = clusterRun(['topologies.cluster.nodeTimeout=2s', 'duration=30s', 'faults=[{at: 20s, crash: cluster/replica-1-0}]']);
    expect(first(t, 'fail', 'cluster/replica-1-0')).toBeGreaterThan(22);
    expect(t.events.filter((e) => e.kind === 'election' || e.kind === 'state-fail')).toEqual([]);
  });
});

describe('a partition isolating primary-0 and one application host for 15 s (T = 2 s)', () => {
  const t = clusterRun(['topologies.cluster.nodeTimeout=2s', 'duration=45s', 'faults=[{at: 20s, partition: [cluster/primary-0, app-0], for: 15s}]']);

  it("promotes primary-0's replica on the majority side, which serves writes before the partition heals", () => {
    const promoted = t.events.find((e) => e.kind === 'promoted')!;
    const firstWrite = t.events.find((e) => e.kind === 'first-write')!;
    expect(promoted.node).toBe('cluster/replica-0-0');
    expect(firstWrite.timeNs).toBeLessThan(35e9);
  });

  it('has the minority primary refuse with CLUSTERDOWN once it sees itself in the minority, and demotes it when the partition heals', () => {
    const minority = t.events.find((e) => e.kind === 'state-fail' && e.node === 'cluster/primary-0')!;
    expect(minority.timeNs / 1e9 - 20).toBeGreaterThan(2);
    expect(minority.timeNs / 1e9 - 20).toBeLessThan(3.2);
    const demoted = t.events.find((e) => e.kind === 'demoted')!;
    expect(demoted.node).toBe('cluster/primary-0');
    expect(demoted.timeNs / 1e9).toBeGreaterThanOrEqual(35);
    expect(demoted.timeNs / 1e9).toBeLessThan(35 + 2 + 0.2);
  });

  it('resyncs the demoted primary in full: it took writes from its side that its promoted replica never got, so a partial resync is refused', () => {
    const demotedS = t.events.find((e) => e.kind === 'demoted')!.timeNs / 1e9;
    // The dataset (100,000 keys of about 560 B) as one message, after the diskless sync delay (5 s).
    const snapshots = t.replication.filter(([atNs, bytes]) => bytes > 10e6 && atNs / 1e9 > demotedS);
    expect(snapshots.length).toBe(1);
    expect(snapshots[0]![0] / 1e9 - demotedS).toBeGreaterThanOrEqual(5);
    expect(snapshots[0]![0] / 1e9 - demotedS).toBeLessThan(5.1);
  });
});

describe('manual failover (CLUSTER FAILOVER on replica-0-0 at 20 s, T = 15 s)', () => {
  const run = (mode: string) => clusterRun(['duration=25s', 'faults=[]', `operations=[{at: 20s, failover: cluster/replica-0-0, mode: ${mode}}]`]);

  it('default: the primary pauses writes, the caught-up replica wins a forced election within milliseconds, and no request fails', () => {
    const t = run('default');
    const kinds = t.events.filter((e) => e.timeNs >= 20e9 && ['election', 'promoted', 'demoted'].includes(e.kind)).map((e) => e.kind);
    expect(kinds).toEqual(['election', 'promoted', 'demoted']);
    const promoted = t.events.find((e) => e.kind === 'promoted')!;
    expect(promoted.timeNs - 20e9).toBeLessThan(20e6);
    expect(t.events.some((e) => e.kind === 'fail')).toBe(false);
    expect(t.requests.filter((r) => r.outcome !== Outcome.ok)).toEqual([]);
  });

  it("force: skips the offset handshake and elects at the replica's next cron", () => {
    const t = run('force');
    const election = t.events.find((e) => e.kind === 'election')!;
    expect(election.timeNs - 20e9).toBeGreaterThanOrEqual(0);
    expect(election.timeNs - 20e9).toBeLessThanOrEqual(100e6);
    expect(t.events.find((e) => e.kind === 'promoted')!.node).toBe('cluster/replica-0-0');
  });

  it('takeover: takes the slots at once with no election', () => {
    const t = run('takeover');
    expect(t.events.some((e) => e.kind === 'election')).toBe(false);
    expect(t.events.find((e) => e.kind === 'promoted')!.timeNs).toBe(20e9);
    expect(t.events.find((e) => e.kind === 'demoted')!.node).toBe('cluster/primary-0');
  });
});

describe('reads from replicas (READONLY) with replicas in other zones', () => {
  const sets = ['duration=15s', 'faults=[]', 'workload.mix={get: 0.5, set: 0.5}', 'workload.popularity={zipf: 1.2}'];
  const staleOf = (t: ClusterTrace) => t.requests.reduce((a, r) => a + r.stale, 0);

  it('returns stale values sometimes, while replicas lag their primaries', () => {
    const t = clusterRun([...sets, 'topologies.cluster.client.readFrom=replica']);
    expect(t.requests.every((r) => r.outcome === Outcome.ok)).toBe(true);
    expect(staleOf(t)).toBeGreaterThan(0);
  });

  it('never returns a stale value when reading from primaries', () => {
    expect(staleOf(clusterRun(sets))).toBe(0);
  });
});

describe('restart after a crash (no persistence: the node comes back empty)', () => {
  it('a replaced primary rejoins, is demoted by UPDATE and gets a full sync of the dataset after the diskless delay', () => {
    const t = clusterRun(['topologies.cluster.nodeTimeout=2s', 'duration=45s', 'faults=[{at: 20s, crash: cluster/primary-0}, {at: 30s, restart: cluster/primary-0}]']);
    const demoted = t.events.find((e) => e.kind === 'demoted')!;
    expect(demoted.node).toBe('cluster/primary-0');
    expect(demoted.timeNs).toBeGreaterThan(30e9);
    const sync = t.replication.find(([at, bytes]) => at > 30e9 && bytes > 10_000_000);
    expect(sync).toBeDefined();
    expect(sync![0] - demoted.timeNs).toBeGreaterThanOrEqual(5e9);
    expect(sync![0] - demoted.timeNs).toBeLessThan(5.01e9);
  });

  it('survives a replica restarted again and again: the stream of each restart shares the one replication task kind of the replica', () => {
    const restarts = Array.from({ length: 12 }, (_, i) => `{at: ${3 + 2 * i}s, crash: cluster/replica-1-0}, {at: ${4 + 2 * i}s, restart: cluster/replica-1-0}`).join(', ');
    const t = clusterRun(['topologies.cluster.nodeTimeout=2s', 'duration=30s', `faults=[${restarts}]`]);
    // Twelve restarts, twelve streams on one replica (a server has 8 task kinds): the run ends, and the last restart's full sync arrives.
    expect(t.replication.filter(([, bytes]) => bytes > 10_000_000).length).toBeGreaterThanOrEqual(1);
  });

  it('a restarted replica asks its primary for a full sync at once', () => {
    const t = clusterRun(['topologies.cluster.nodeTimeout=2s', 'duration=35s', 'faults=[{at: 20s, crash: cluster/replica-1-0}, {at: 25s, restart: cluster/replica-1-0}]']);
    const syncs = t.replication.filter(([, bytes]) => bytes > 10_000_000);
    // The diskless sync delay (5 s) after the restart, then the primary's fork: 13 ms per GB of its ≈ 21 MB, under 1 ms.
    expect(syncs).toHaveLength(1);
    expect(syncs[0]![0]).toBeGreaterThan(30e9);
    expect(syncs[0]![0]).toBeLessThan(30e9 + 1e6);
    expect(t.events.filter((e) => e.kind === 'election')).toEqual([]);
  });
});
