import { describe, expect, it } from 'vitest';
import { InstanceRecords } from './instance-records.js';
import { selectReplica } from './replica-selection.js';
import { FailoverState, SentinelFailover } from './sentinel-failover.js';
import type { Sentinel } from './sentinel.js';

/** Sentinel 3 of 3 data servers + 5 sentinels (processes 3..7), its master ODOWN, at t = 100 s. */
function stubSentinel(quorum: number) {
  const events: string[] = [];
  const s = {
    me: 3, master: 0, currentEpoch: 0, configEpoch: 0, odown: true, rng: () => 0.5,
    records: new InstanceRecords(8, 3),
    fabric: {
      engine: { now: 100e9 },
      timing: { downAfterNs: 2e9, failoverTimeoutNs: 180e9, quorum, parallelSyncs: 1 },
      event: (kind: number) => events.push(String(kind)),
    },
    sendReplicaof: () => {},
    resetMaster: () => {},
  };
  const failover = new SentinelFailover(s as unknown as Sentinel);
  (s as unknown as { failover: SentinelFailover }).failover = failover;
  return { s, failover, events };
}

describe('sentinel leader election', () => {
  it('votes once per epoch, for the first candidate that asks, and delays its own start by rand()%1000 ms when it votes for another', () => {
    const { s, failover } = stubSentinel(2);
    expect(failover.vote(1, 5)).toBe(5);
    expect(failover.vote(1, 6)).toBe(5);
    expect(failover.leaderEpoch).toBe(1);
    expect(s.currentEpoch).toBe(1);
    expect(failover.startNs).toBe(100e9 + 500e6);
    expect(failover.vote(2, 6)).toBe(6);
    expect(failover.vote(1, 7)).toBe(6);
    expect(s.currentEpoch).toBe(2);
  });

  it('is elected only with max(floor(S/2)+1, quorum) votes of its epoch', () => {
    const { s, failover } = stubSentinel(4);
    expect(failover.startIfNeeded()).toBe(true);
    expect(failover.epoch).toBe(1);
    const r = s.records;
    // Itself plus two peers: a majority of 5 (3) but below the quorum of 4.
    r.leader.set([3, 3], 4); r.leaderEpoch.set([1, 1], 4);
    failover.step();
    expect(failover.state).toBe(FailoverState.waitStart);
    // A vote of an older epoch does not count.
    r.leader[6] = 3; r.leaderEpoch[6] = 0;
    failover.step();
    expect(failover.state).toBe(FailoverState.waitStart);
    r.leaderEpoch[6] = 1;
    failover.step();
    expect(failover.state).toBe(FailoverState.selectReplica);
  });

  it('is not elected when the peers voted for another sentinel, and aborts after min(10 s, failover-timeout)', () => {
    const { s, failover } = stubSentinel(2);
    failover.startIfNeeded();
    const r = s.records;
    r.leader.set([5, 5, 5], 4); r.leaderEpoch.set([1, 1, 1], 4);
    failover.step();
    expect(failover.state).toBe(FailoverState.waitStart);
    expect(failover.leader).toBe(5);
    s.fabric.engine.now += 10.4e9;
    failover.step();
    expect(failover.state).toBe(FailoverState.waitStart);
    s.fabric.engine.now += 0.2e9;
    failover.step();
    expect(failover.inProgress).toBe(false);
    expect(failover.startIfNeeded()).toBe(false);
  });
});

describe('sentinel replica selection', () => {
  /** Replicas 1..3 of master 0, all answering and with fresh INFO at t = 100 s. */
  function records(): InstanceRecords {
    const r = new InstanceRecords(6, 4);
    r.lastAvailNs.fill(100e9);
    r.infoRefreshNs.fill(100e9);
    return r;
  }

  it('prefers the lowest priority, then the highest offset, then the lowest run id, and never priority 0', () => {
    const r = records();
    r.priority.set([100, 100, 50, 100]);
    r.offset.set([0, 900, 10, 900]);
    expect(selectReplica(r, 0, true, 100e9)).toBe(2);
    r.priority[2] = 100;
    expect(selectReplica(r, 0, true, 100e9)).toBe(1);
    r.offset[3] = 901;
    expect(selectReplica(r, 0, true, 100e9)).toBe(3);
    r.priority.set([100, 0, 0, 0]);
    expect(selectReplica(r, 0, true, 100e9)).toBe(-1);
  });

  it('skips replicas in SDOWN, silent for 5 s, or with INFO older than 5 s while the master is SDOWN (30 s otherwise)', () => {
    const r = records();
    r.offset.set([0, 3, 2, 1]);
    r.sdown[1] = 1;
    r.lastAvailNs[2] = 94e9;
    r.infoRefreshNs[3] = 94e9;
    expect(selectReplica(r, 0, true, 100e9)).toBe(-1);
    expect(selectReplica(r, 0, false, 100e9)).toBe(3);
  });
});
