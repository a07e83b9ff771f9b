import { describe, expect, it } from 'vitest';
import { Op, Outcome } from '../../models/signals.js';
import { GET_ADDR_BYTES, replicaofBytes } from '../../models/sentinel/sentinel-wire.js';
import { first, sentinelRun } from '../support/sentinel-run.js';

/** The sentinel topology entry: 1 primary + 2 replicas, 3 sentinels, quorum 2, down-after 2 s, with `extra` fields replaced. */
const S = (extra: Record<string, string | number> = {}) => `{${Object.entries({ name: 's', kind: 'sentinel', replicas: 2, sentinels: 3, quorum: 2, downAfter: '2s', ...extra })
  .map(([k, v]) => `${k}: ${v}`).join(', ')}}`;
const PAUSE = '[{at: 10s, pause: s/primary}]';
const SETS = ['duration=20s'];
const SENTINELS = ['s/sentinel-0', 's/sentinel-1', 's/sentinel-2'];

describe('sentinel: failure detection', () => {
  it('declares SDOWN down-after plus at most the 1 s ping phase and one timer period after the pause, never before', () => {
    for (const seed of [1, 2, 3]) {
      const t = sentinelRun(S(), PAUSE, SETS, seed);
      for (const s of SENTINELS) {
        const sdown = t.events.find((e) => e.kind === 'sdown' && e.node === s && e.target === 's/primary')!;
        expect(sdown.timeS - 10).toBeGreaterThan(2);
        expect(sdown.timeS - 10).toBeLessThanOrEqual(2 + 1 + 0.1 + 0.001);
      }
      expect(t.events.filter((e) => e.timeS < 12)).toEqual([]);
    }
  });

  it('declares ODOWN only once a quorum of sentinels see SDOWN: with quorum 3 and one sentinel paused there is no ODOWN and no failover', () => {
    const faults = '[{at: 5s, pause: s/sentinel-2}, {at: 10s, pause: s/primary}]';
    const q3 = sentinelRun(S({ quorum: 3 }), faults, SETS);
    expect(q3.events.filter((e) => e.target === 's/primary' && e.kind === 'sdown').length).toBeGreaterThanOrEqual(2);
    expect(q3.events.filter((e) => e.kind === 'odown' || e.kind === 'promoted')).toEqual([]);
    const q2 = sentinelRun(S(), faults, SETS);
    const odown = first(q2, 'odown')!;
    // The second sentinel's SDOWN must precede the ODOWN (the asker learns it on its next ask).
    const sdowns = q2.events.filter((e) => e.kind === 'sdown' && e.target === 's/primary').map((e) => e.timeS).sort();
    expect(odown.timeS).toBeGreaterThanOrEqual(sdowns[1]!);
    expect(first(q2, 'promoted')).toBeDefined();
  });

  it('fails nothing over when a sentinel alone reaches ODOWN (quorum 1) but is cut off from the majority it needs to be elected', () => {
    const t = sentinelRun(S({ quorum: 1 }), '[{at: 10s, partition: [s/sentinel-0]}]', SETS);
    expect(first(t, 'odown', 's/sentinel-0')).toBeDefined();
    expect(t.events.filter((e) => e.kind === 'election' || e.kind === 'promoted')).toEqual([]);
  });
});

describe('sentinel: failover', () => {
  it('promotes through REPLICAOF NO ONE and sees it only through the next INFO poll (within 1 s + one timer period), then serves writes on the new master', () => {
    for (const seed of [1, 2, 3, 4]) {
      const t = sentinelRun(S(), PAUSE, SETS, seed);
      const [election, promoted, seen, firstWrite] = ['election', 'promoted', 'switch-master', 'first-write'].map((k) => first(t, k)!);
      expect(election.node.startsWith('s/sentinel-')).toBe(true);
      expect(promoted.target).toBe('s/primary');
      expect(seen.node).toBe(promoted.node);
      expect(promoted.timeS).toBeGreaterThan(election.timeS);
      expect(seen.timeS - promoted.timeS).toBeGreaterThanOrEqual(0);
      expect(seen.timeS - promoted.timeS).toBeLessThanOrEqual(1.1 + 0.01);
      expect(firstWrite.node).toBe(promoted.node);
      expect(firstWrite.timeS).toBeGreaterThan(seen.timeS);
      // Clients write successfully after the switch (a write is acknowledged by the new master).
      expect(t.requests.some((r) => r.op === Op.set && r.outcome === Outcome.ok && r.startNs / 1e9 > seen.timeS)).toBe(true);
    }
  });

  it('makes clients reading from replicas re-resolve with get-master-addr-by-name when CLIENT KILL closes their connections', () => {
    const t = sentinelRun(S({ readFrom: 'replica' }), PAUSE, SETS);
    const promoted = first(t, 'promoted')!;
    const fins = t.connect.filter(([time, bytes]) => bytes === 66 && time >= promoted.timeS && time < promoted.timeS + 0.001);
    // One FIN on each connection: 4 application hosts × a pool of 8.
    expect(fins.length).toBe(32);
    const clientHosts = new Set(fins.map(([, , , dst]) => dst));
    expect(clientHosts.size).toBe(4);
    const asked = t.sentinel.filter(([time, bytes, src]) => bytes === GET_ADDR_BYTES && time > promoted.timeS && clientHosts.has(src));
    expect(new Set(asked.map(([, , src]) => src)).size).toBe(4);
  });

  it('reconfigures the other replicas one at a time with parallel-syncs 1, all in the same timer run with parallel-syncs 2', () => {
    const reconfSends = (parallel: number) => {
      const t = sentinelRun(S({ replicas: 3, parallelSyncs: parallel }), PAUSE, SETS);
      return t.sentinel.filter(([, bytes]) => bytes === replicaofBytes(false)).map(([time]) => time);
    };
    const one = reconfSends(1);
    expect(one.length).toBe(2);
    expect(one[1]! - one[0]!).toBeGreaterThan(0.5);
    const two = reconfSends(2);
    expect(two.length).toBe(2);
    expect(two[1]).toBe(two[0]);
  });

  it('serves the majority side\'s clients from the promoted replica while the old master is cut off: a connect to it that goes unanswered within the timeout makes them ask a sentinel again', () => {
    const t = sentinelRun(S(), '[{at: 10s, partition: [s/primary, app-0], for: 8s}]', ['duration=20s']);
    const switched = first(t, 'switch-master')!;
    // Host 0 (app-0) is on the old master's side; hosts 1–3 reach the sentinels and the replicas.
    const majority = t.requests.filter((r) => r.host !== 0 && r.op === Op.set && r.startNs / 1e9 > switched.timeS + 0.5 && r.endNs / 1e9 < 18);
    expect(majority.length).toBeGreaterThan(100);
    expect(majority.every((r) => r.outcome === Outcome.ok)).toBe(true);
  });

  it('lets a promoted replica with min-replicas-to-write 1 take writes during the partition: the other replica\'s ACKs reach it on a new connection, not behind those lost to the old master', () => {
    const t = sentinelRun(S({ minReplicasToWrite: 1 }), '[{at: 10s, partition: [s/primary, app-0], for: 8s}]', ['duration=20s']);
    const switched = first(t, 'switch-master')!;
    const majority = t.requests.filter((r) => r.host !== 0 && r.op === Op.set && r.startNs / 1e9 > switched.timeS + 2.5 && r.endNs / 1e9 < 18);
    expect(majority.length).toBeGreaterThan(100);
    expect(majority.every((r) => r.outcome === Outcome.ok)).toBe(true);
  });

  it('resyncs in full an old master that stopped taking writes before the promotion (min-replicas-to-write) but had taken some its successor never got: a partial resync is refused', () => {
    const t = sentinelRun(S({ minReplicasToWrite: 1, minReplicasMaxLag: '1s' }), '[{at: 10s, partition: [s/primary, app-0], for: 8s}]', ['duration=40s']);
    const promoted = first(t, 'promoted')!;
    const demoted = first(t, 'demoted')!;
    // It refused app-0's writes (NOREPLICAS) before the promotion, so none after it were lost; the ones before were.
    expect(t.requests.some((r) => r.host === 0 && r.op === Op.set && r.outcome === Outcome.ok && r.endNs / 1e9 > promoted.timeS && r.endNs / 1e9 < 18)).toBe(false);
    expect(t.lost).toBeGreaterThan(0);
    const snapshots = t.replication.filter(([time, bytes]) => bytes > 10e6 && time > demoted.timeS);
    expect(snapshots.length).toBe(1);
    expect(snapshots[0]![0] - demoted.timeS).toBeGreaterThanOrEqual(5);
  });

  it('counts as lost, at the promotion, the writes a master that crashed and restarted during a partition acknowledged that the replicas never got (before the crash and after the restart), and at the run\'s end those it acknowledged after the promotion, still cut off and never demoted', () => {
    const t = sentinelRun(S(), '[{at: 10s, partition: [s/primary, app-0], for: 20s}, {at: 12s, crash: s/primary}, {at: 12.5s, restart: s/primary}]', ['duration=25s']);
    const promoted = first(t, 'promoted')!;
    const acked = t.requests.filter((r) => r.host === 0 && r.op === Op.set && r.outcome === Outcome.ok && r.endNs / 1e9 > 10 && r.endNs / 1e9 < promoted.timeS);
    expect(acked.some((r) => r.endNs / 1e9 > 12.5)).toBe(true);
    expect(acked.length).toBeGreaterThan(50);
    const after = t.requests.filter((r) => r.host === 0 && r.op === Op.set && r.outcome === Outcome.ok && r.endNs / 1e9 > promoted.timeS);
    expect(after.length).toBeGreaterThan(50);
    expect(Math.abs(t.lost - acked.length - after.length)).toBeLessThanOrEqual(2);
  });

  it('demotes the old master 8 s or more after it is seen again, counting the writes it took meanwhile as lost; its clients, killed, re-resolve', () => {
    // The primary and application host 0 are cut off from the rest: app-0 keeps writing to the old
    // master while the majority fails it over; after the heal the old master is demoted.
    const t = sentinelRun(S(), '[{at: 10s, partition: [s/primary, app-0], for: 8s}]', ['duration=40s']);
    const promoted = first(t, 'promoted')!;
    const demoted = first(t, 'demoted')!;
    expect(demoted.node).toBe('s/primary');
    expect(demoted.target).toBe(promoted.node);
    expect(demoted.timeS - 18).toBeGreaterThanOrEqual(8);
    expect(t.lost).toBeGreaterThan(0);
    // app-0 (host 0) reached only the old master during the cut; the demotion's CLIENT KILL makes it ask a sentinel.
    expect(t.sentinel.some(([time, bytes, src]) => bytes === GET_ADDR_BYTES && src === 0 && time >= demoted.timeS && time < demoted.timeS + 0.01)).toBe(true);
    expect(t.requests.some((r) => r.op === Op.set && r.outcome === Outcome.ok && r.startNs / 1e9 > demoted.timeS + 0.1)).toBe(true);
    // It took writes its successor never got, so it resyncs in full: the dataset (100,000 keys) as one message after the diskless sync delay.
    const snapshots = t.replication.filter(([time, bytes]) => bytes > 10e6 && time > demoted.timeS);
    expect(snapshots.length).toBe(1);
    expect(snapshots[0]![0] - demoted.timeS).toBeGreaterThanOrEqual(5);
    expect(snapshots[0]![0] - demoted.timeS).toBeLessThan(5.1);
  });
});
