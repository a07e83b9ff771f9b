import { describe, expect, it } from 'vitest';
import { buildRun, type BuiltRun } from '../../experiment/build-run.js';
import { loadScenario } from '../../experiment/load-scenario.js';
import { NET_MESSAGE, Op, Outcome, Purpose, REPLICATION_LOST, REQUEST_DONE, SERVER_STATE, type NetMessage, type ReplicationLost, type RequestDone, type ServerState } from '../../models/signals.js';

/** Runs scenarios/cluster-failover.yaml with `sets` to its end; `watch` subscribes to the built run's signals before it starts. */
function runWith(sets: string[], watch: (r: BuiltRun) => void): void {
  const { scenario } = loadScenario('scenarios/cluster-failover.yaml', sets);
  const r = buildRun(scenario, 0, scenario.seed);
  watch(r);
  r.start();
  r.engine.run({ untilNs: r.endNs });
}

function run(topology: string, extra: string[] = []): RequestDone[] {
  const done: RequestDone[] = [];
  runWith([
    'duration=30s', 'faults=[]', 'workload.mix={get: 0.5, set: 0.5}', 'workload.popularity={zipf: 1.2}',
    `topologies=[${topology}]`, ...extra,
  ], (r) => r.bus.signal<RequestDone>(REQUEST_DONE).subscribe((d) => done.push({ ...d })));
  return done;
}

const stale = (done: RequestDone[]) => done.reduce((a, d) => a + d.stale, 0);

describe('replicated: one primary and two replicas in other zones', () => {
  it('reads stale values from replicas sometimes, and never from the primary', () => {
    expect(stale(run('{name: r, kind: replicated, replicas: 2, readFrom: replica}'))).toBeGreaterThan(0);
    expect(stale(run('{name: r, kind: replicated, replicas: 2, readFrom: primary}'))).toBe(0);
  });

  it('refuses writes with NOREPLICAS once the only replica has not acknowledged for more than min-replicas-max-lag, and accepts them again after', () => {
    const done = run('{name: r, kind: replicated, replicas: 1, minReplicasToWrite: 1, minReplicasMaxLag: 2s}',
      ['faults=[{at: 10s, pause: r/replica-0, for: 10s}]']);
    const refused = done.filter((d) => d.outcome === Outcome.noreplicas);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((d) => d.op === Op.set)).toBe(true);
    // The primary counts good replicas once a second with 1-second resolution: the last ACK before the
    // pause (at 9.5 s) stops counting after 2 s, at the 12 s count; replies carry that decision.
    const first = Math.min(...refused.map((d) => d.endNs)) / 1e9;
    const last = Math.max(...refused.map((d) => d.startNs)) / 1e9;
    expect(first - 10).toBeGreaterThanOrEqual(2);
    expect(first - 10).toBeLessThan(4.1);
    expect(last).toBeLessThan(21.1);
    expect(done.filter((d) => d.op === Op.get && d.outcome !== Outcome.ok)).toEqual([]);
  });

  it('does not count a replica in its full sync as good, nor one whose process died: with its only replica crashed and restarted (Sentinel: a full resync), the primary refuses writes from its next count until the sync has loaded (the diskless delay, 5 s, and more)', () => {
    const done = run('{name: s, kind: sentinel, replicas: 1, sentinels: 3, quorum: 2, minReplicasToWrite: 1, minReplicasMaxLag: 2s}',
      ['faults=[{at: 10.5s, crash: s/replica-0}, {at: 11.5s, restart: s/replica-0}]']);
    const refused = done.filter((d) => d.outcome === Outcome.noreplicas);
    const first = Math.min(...refused.map((d) => d.endNs)) / 1e9;
    const last = Math.max(...refused.map((d) => d.startNs)) / 1e9;
    // The crash resets the replica's connection, so the primary's next count (at 11 s) has no good replica; the sync starts at the restart and its snapshot is taken 5 s later.
    expect(first).toBeGreaterThanOrEqual(11);
    expect(first).toBeLessThan(11.1);
    expect(last).toBeGreaterThan(16.5);
    expect(last).toBeLessThan(19.1);
    expect(done.some((d) => d.op === Op.set && d.outcome === Outcome.ok && d.startNs > 20e9)).toBe(true);
  });

  it('resumes a replica\'s ACKs after a crash that dropped its queued cron task (paused, then killed, then restarted)', () => {
    const done = run('{name: s, kind: sentinel, replicas: 1, sentinels: 3, quorum: 2, downAfter: 30s, minReplicasToWrite: 1, minReplicasMaxLag: 2s}',
      ['faults=[{at: 10.2s, pause: s/replica-0}, {at: 12.7s, crash: s/replica-0}, {at: 13.5s, restart: s/replica-0}]']);
    const last = Math.max(...done.filter((d) => d.outcome === Outcome.noreplicas).map((d) => d.startNs)) / 1e9;
    expect(last).toBeGreaterThan(18.5);
    expect(last).toBeLessThan(21.1);
  });

  it('acknowledges on the new connection of a replica restarted after a long partition, not behind an ACK its dead process lost: writes resume once its full sync has loaded', () => {
    // The ACK lost at the partition's start is resent at doubling RTOs (10.7, 11.1, 11.9, 13.5, 16.7, 23.1, 35.9, 61.5 s);
    // held behind it, the restarted replica's ACKs would reach the primary only at 61.5 s.
    const done = run('{name: r, kind: replicated, replicas: 1, minReplicasToWrite: 1, minReplicasMaxLag: 2s}',
      ['duration=70s', 'faults=[{at: 10s, partition: [r/replica-0], for: 30s}, {at: 39s, crash: r/replica-0}, {at: 40.5s, restart: r/replica-0}]']);
    const refused = done.filter((d) => d.outcome === Outcome.noreplicas);
    const first = refused.reduce((m, d) => Math.min(m, d.endNs), Infinity) / 1e9;
    const last = refused.reduce((m, d) => Math.max(m, d.startNs), 0) / 1e9;
    expect(first).toBeGreaterThan(12);
    expect(first).toBeLessThan(13.1);
    // The sync's snapshot is taken 5 s after the restart; the replica's next cron ACKs, the primary's next count takes it.
    expect(last).toBeGreaterThan(45.5);
    expect(last).toBeLessThan(48.1);
  });
});

describe('a primary restarted without persistence', () => {
  /** Keys each server holds at the end of a run of `topology` whose `process` crashes at 10 s and restarts at `restartS` (default 10.5 s: before any failover). */
  function keysAfterRestart(topology: string, process: string, restartS = 10.5, durationS = 30): Map<string, number> {
    const keys = new Map<string, number>();
    runWith([`duration=${durationS}s`, `topologies=[${topology}]`, `faults=[{at: 10s, crash: ${process}}, {at: ${restartS}s, restart: ${process}}]`],
      (r) => r.bus.signal<ServerState>(SERVER_STATE).subscribe((st) => keys.set(st.name, st.keys)));
    return keys;
  }

  it.each([
    ['replicated', '{name: t, kind: replicated, replicas: 2}', 't/primary', ['t/replica-0', 't/replica-1']],
    ['Sentinel, before its failover', '{name: t, kind: sentinel, replicas: 2, sentinels: 3, quorum: 2, downAfter: 30s}', 't/primary', ['t/replica-0', 't/replica-1']],
    ['a cluster, before its failover', '{name: t, kind: cluster, primaries: 3, replicasPerPrimary: 1}', 't/primary-0', ['t/replica-0-0']],
  ])('wipes its replicas (%s): with a new replication ID they resync in full and hold only what was written since', (_name, topology, primary, replicas) => {
    const keys = keysAfterRestart(topology, primary);
    const onPrimary = keys.get(primary)!;
    // 1,000 writes a second over 100,000 keys (a third of them on a cluster's primary) since the restart: far fewer than before it.
    expect(onPrimary).toBeGreaterThan(1000);
    expect(onPrimary).toBeLessThan(20_000);
    for (const replica of replicas) expect(Math.abs(keys.get(replica)! - onPrimary), replica).toBeLessThan(100);
  });

  it('resyncs in full a Sentinel master that restarted empty after its failover, once the sentinels demote it: it asks with no replication ID', () => {
    const keys = keysAfterRestart('{name: t, kind: sentinel, replicas: 2, sentinels: 3, quorum: 2, downAfter: 2s}', 't/primary', 20, 40);
    expect(keys.get('t/replica-0')).toBe(100_000);
    expect(keys.get('t/primary')).toBe(100_000);
  });

  it('resyncs a restarted replica in full (replicated): it holds what its primary holds again', () => {
    const keys = keysAfterRestart('{name: t, kind: replicated, replicas: 2}', 't/replica-0');
    expect(keys.get('t/primary')).toBe(100_000);
    expect(keys.get('t/replica-0')).toBe(100_000);
  });
});

describe('a primary superseded with no write lost (a read-only load), then demoted', () => {
  /** Times (s) at which a server's dataset left for a replica (a full sync's snapshot: a replication message of over 1 MB), in a read-only run of `topology` with `fault`. */
  function snapshots(topology: string, fault: string): number[] {
    const sent: number[] = [];
    runWith(['duration=50s', 'workload.mix={get: 1}', `topologies=[${topology}]`, `faults=[${fault}]`], (r) => r.bus.signal<NetMessage>(NET_MESSAGE).subscribe((m) => {
      if (m.purpose === Purpose.replication && m.sizeBytes > 1e6) sent.push(r.engine.now / 1e9);
    }));
    return sent;
  }

  it.each([
    ['a cluster (node timeout 5 s)', '{name: t, kind: cluster, primaries: 3, replicasPerPrimary: 1, nodeTimeout: 5s}', 't/primary-0'],
    ['Sentinel (down-after 5 s)', '{name: t, kind: sentinel, replicas: 1, sentinels: 3, quorum: 2, downAfter: 5s}', 't/primary'],
  ])('resyncs it in full (%s) though no client reached it: the PINGs it fed its backlog every 10 s while cut off put its offset beyond the one its successor took over', (_name, topology, process) => {
    const sent = snapshots(topology, `{at: 10s, partition: [${process}], for: 20s}`);
    // One full sync, after the heal at 30 s: the demotion, then the diskless sync delay (5 s).
    expect(sent.length).toBe(1);
    expect(sent[0]).toBeGreaterThan(35);
    expect(sent[0]).toBeLessThan(45);
  });

  it('counts a PING fed after the promotion too: the promoted replica\'s FIN is lost to the partition, so the old primary still PINGs it (cut at 10.5 s, just after its PING at 10 s; promoted before its next, at 20 s)', () => {
    const sent = snapshots('{name: t, kind: cluster, primaries: 3, replicasPerPrimary: 1, nodeTimeout: 5s}', '{at: 10.5s, partition: [t/primary-0], for: 20s}');
    expect(sent.length).toBe(1);
    expect(sent[0]).toBeGreaterThan(35.5);
  });

  it.each([
    ['a cluster', '{name: t, kind: cluster, primaries: 3, replicasPerPrimary: 1, nodeTimeout: 5s}', 't/primary-0'],
    ['Sentinel', '{name: t, kind: sentinel, replicas: 1, sentinels: 3, quorum: 2, downAfter: 5s}', 't/primary'],
  ])('resyncs partially (%s) a primary paused for 20 s instead: every PING it fed reached its successor before the pause, and it fed none after', (_name, topology, process) => {
    expect(snapshots(topology, `{at: 10s, pause: ${process}, for: 20s}`)).toEqual([]);
  });
});

describe('writes a superseded primary acknowledged', () => {
  /** Acknowledged writes lost in a run of `topology` whose `process` is paused from 10 s for 4 s (it comes back superseded and takes writes until it is demoted), with `drainS` after the 20 s. */
  function lost(topology: string, process: string, drainS: number): number {
    let writes = 0;
    runWith(['duration=20s', `drain=${drainS}s`, `topologies=[${topology}]`, `faults=[{at: 10s, pause: ${process}, for: 4s}]`],
      (r) => r.bus.signal<ReplicationLost>(REPLICATION_LOST).subscribe((l) => { writes += l.writes; }));
    return writes;
  }

  it.each([
    ['Sentinel, demoted 8 s after it is seen again', '{name: t, kind: sentinel, replicas: 1, sentinels: 3, quorum: 2, downAfter: 1s}', 't/primary'],
    ['a sharded tier of Sentinel groups', '{name: t, kind: sharded, shards: 2, sentinel: {replicas: 1, sentinels: 3, quorum: 2, downAfter: 1s}}', 't/shard-0/primary'],
  ])('are lost whether or not the run lasts until its demotion (%s): counted at the run\'s end if it is still a primary', (_name, topology, process) => {
    const short = lost(topology, process, 0.5);
    expect(short).toBeGreaterThan(100);
    expect(lost(topology, process, 30)).toBe(short);
  });
});
