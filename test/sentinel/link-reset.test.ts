// A sentinel's link to a process that died (sentinel.ts, sentinel-fabric.ts): the host resets it;
// the sentinel connects again at its next timer run, at most once a ping period, and the PING that
// reconnect queues starts its PING clock, so a killed master is SDOWN down-after after that first
// reconnect, where a paused one is SDOWN down-after after the first PING it leaves unanswered.

import { describe, expect, it } from 'vitest';
import { buildRun } from '../../experiment/build-run.js';
import { loadScenario } from '../../experiment/load-scenario.js';
import { InstanceRecords } from '../../models/sentinel/instance-records.js';
import { selectReplica } from '../../models/sentinel/replica-selection.js';
import { CLUSTER_EVENT, ClusterEventKind, NET_MESSAGE, Purpose, type ClusterEvent, type NetMessage } from '../../models/signals.js';

const DOWN_AFTER_NS = 5e9;
const FAULT_NS = 20e9;
/** A sentinel's timer runs every 52–100 ms. */
const TIMER_NS = 100e6;

/** The shipped Sentinel set (3 sentinels, down-after 5 s, 2 replicas) with `faults`: each sentinel's SDOWN of the primary, its SYNs to the primary's host (ns), when the sentinels sent commands to that host, and the failover's events. */
function sentinelRun(faults: string, untilNs = 40e9, downAfter = '5s', replicas = 2) {
  const { scenario } = loadScenario('scenarios/sentinel-vs-cluster-failover.yaml', [
    `faults=${faults}`, `topologies=[{ name: sentinel, kind: sentinel, replicas: ${replicas}, sentinels: 3, quorum: 2, downAfter: ${downAfter}, parallelSyncs: 1 }]`,
  ]);
  const run = buildRun(scenario, 0, scenario.seed);
  const sdown = new Map<string, number>();
  const syns = new Map<string, number[]>();
  const commandsNs: number[] = [];
  const events: ClusterEvent[] = [];
  run.bus.signal<ClusterEvent>(CLUSTER_EVENT).subscribe((e) => {
    events.push({ ...e });
    if (e.kind === ClusterEventKind.sdown && e.target === 'sentinel/primary' && !sdown.has(e.node)) sdown.set(e.node, e.timeNs);
  });
  run.bus.signal<NetMessage>(NET_MESSAGE).subscribe((m) => {
    const from = run.network.hostName(m.src);
    if (run.network.hostName(m.dst) !== 'sentinel/primary' || !from.startsWith('sentinel/sentinel-')) return;
    if (m.purpose === Purpose.connect) syns.set(from, [...(syns.get(from) ?? []), run.engine.now]);
    else if (m.purpose === Purpose.sentinel) commandsNs.push(run.engine.now);
  });
  run.start();
  run.engine.run({ untilNs });
  return { sdown, syns, commandsNs, events };
}

describe('a sentinel\'s link to a process that died', () => {
  it('connects again at the sentinel\'s next timer run after the reset, and the master is SDOWN down-after after that reconnect', () => {
    const { sdown, syns } = sentinelRun(`[{at: ${FAULT_NS / 1e9}s, crash: sentinel/primary}]`);
    expect([...sdown.keys()].sort()).toEqual(['sentinel/sentinel-0', 'sentinel/sentinel-1', 'sentinel/sentinel-2']);
    for (const [sentinel, atNs] of sdown) {
      const firstSynNs = syns.get(sentinel)![0]!;
      expect(firstSynNs - FAULT_NS).toBeGreaterThan(0);
      expect(firstSynNs - FAULT_NS).toBeLessThan(TIMER_NS + 5e6);
      expect(atNs - firstSynNs).toBeGreaterThan(DOWN_AFTER_NS);
      expect(atNs - firstSynNs).toBeLessThanOrEqual(DOWN_AFTER_NS + TIMER_NS);
    }
  });

  it('makes a killed master SDOWN sooner than a paused one, whose first unanswered PING comes up to a ping period after the pause', () => {
    const killed = sentinelRun(`[{at: ${FAULT_NS / 1e9}s, crash: sentinel/primary}]`);
    const paused = sentinelRun(`[{at: ${FAULT_NS / 1e9}s, pause: sentinel/primary}]`);
    const latest = (m: Map<string, number>) => Math.max(...m.values()) - FAULT_NS;
    expect(latest(killed.sdown)).toBeLessThan(DOWN_AFTER_NS + 2 * TIMER_NS);
    expect(latest(paused.sdown)).toBeGreaterThan(DOWN_AFTER_NS + 2 * TIMER_NS);
  });

  it('sends the PING queued at the reconnect as soon as the link connects, so a master back in time is not SDOWN (down-after 1.5 s: the next periodic PING would come too late)', () => {
    const { sdown, syns } = sentinelRun(`[{at: 20s, crash: sentinel/primary}, {at: 20900ms, restart: sentinel/primary}]`, 30e9, '1500ms');
    expect(sdown.size).toBe(0);
    for (const times of syns.values()) expect(times.length).toBe(2);
  });

  it('leaves a dead replica out of the failover: the others are reconfigured at once (parallel-syncs 1), not after failover-timeout', () => {
    const { events } = sentinelRun(`[{at: 20s, crash: sentinel/primary}, {at: 20s, crash: sentinel/replica-0}]`, 60e9, '5s', 3);
    const end = events.find((e) => e.kind === ClusterEventKind['failover-end']);
    expect(end).toBeDefined();
    expect(end!.timeNs).toBeLessThan(40e9);
  });

  it('is refused and tried again once a ping period while the process is dead, and carries no command meanwhile', () => {
    const { syns, commandsNs } = sentinelRun(`[{at: ${FAULT_NS / 1e9}s, crash: sentinel/primary}]`);
    expect(commandsNs.filter((t) => t < FAULT_NS).length).toBeGreaterThan(50);
    expect(commandsNs.filter((t) => t > FAULT_NS + 1e9)).toEqual([]);
    for (const times of syns.values()) {
      const inTenSeconds = times.filter((t) => t >= 25e9 && t < 35e9);
      expect(inTenSeconds.length).toBeGreaterThanOrEqual(9);
      expect(inTenSeconds.length).toBeLessThanOrEqual(10);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1e9);
    }
  });

  it('connects and is answered again once the process restarts: a master back before down-after is never SDOWN', () => {
    const { sdown, syns } = sentinelRun(`[{at: ${FAULT_NS / 1e9}s, crash: sentinel/primary}, {at: 20400ms, restart: sentinel/primary}]`, 30e9);
    expect(sdown.size).toBe(0);
    // Refused before the restart, connected at the first attempt after it: no attempt after that.
    for (const times of syns.values()) expect(times.filter((t) => t > 20.4e9).length).toBe(1);
  });

  it('leaves a replica whose link is disconnected out of the failover\'s choice (sentinelSelectSlave)', () => {
    const r = new InstanceRecords(6, 4);
    r.lastAvailNs.fill(100e9);
    r.infoRefreshNs.fill(100e9);
    r.offset.set([0, 3, 2, 1]);
    expect(selectReplica(r, 0, true, 100e9)).toBe(1);
    r.linkDown[1] = 1;
    expect(selectReplica(r, 0, true, 100e9)).toBe(2);
  });
});
