// The failover timeline of each fault that hit a node: seconds from the fault to the first PFAIL
// about it (any observer), the first FAIL, the replica's election request, its promotion, and the
// first write the new primary served; that last one is the unavailability window of the shard.
// Under Sentinel: the first SDOWN and ODOWN about it, the leader's election, the promotion
// (REPLICAOF NO ONE ran), the promotion seen by the leader's INFO poll (switchMaster: from then on
// sentinels hand out the new address) and the first write on the new master. Under a proxy with
// auto-eject: the first proxy's eject of the server (its keys then go to the other servers). In
// every topology: when the fault was undone (back: the node resumed or restarted, the partition
// healed), which is the recovery of a topology that fails nothing over.

import { deviation, mean } from 'd3-array';
import type { TimedEvent } from '../experiment/collect/run-collectors.js';

export const FAILOVER_PHASES = ['pfail', 'fail', 'sdown', 'odown', 'ejected', 'election', 'promoted', 'switchMaster', 'firstWrite', 'back'] as const;
/** The fault event that undoes each node fault: a pause's resume, a crash's restart (of the same nodes), a partition's heal. */
const UNDONE_BY: Record<string, string> = { pause: 'resume', crash: 'restart', partition: 'heal' };
/** Phases every failover has; the others belong to one mechanism (cluster, Sentinel or proxy). */
export const COMMON_PHASES: readonly FailoverPhase[] = ['election', 'promoted', 'firstWrite'];
export type FailoverPhase = (typeof FAILOVER_PHASES)[number];

export interface FailoverTimeline {
  target: string;
  faultS: number;
  /** Seconds after the fault, null if the phase never happened. */
  phases: Record<FailoverPhase, number | null>;
  promotedNode: string | null;
}

export function failoverTimelines(events: readonly TimedEvent[]): FailoverTimeline[] {
  return events.filter((e) => e.kind === 'pause' || e.kind === 'crash' || e.kind === 'partition').map((fault) => {
    const after = (kind: string, match: (e: TimedEvent) => boolean) =>
      events.find((e) => e.kind === kind && e.timeNs >= fault.timeNs && match(e)) ?? null;
    const isolated = fault.node.split(',');
    const about = (e: TimedEvent) => isolated.includes(e.target);
    const promoted = after('promoted', about);
    const firstWrite = promoted ? after('first-write', (e) => e.node === promoted.node && e.timeNs >= promoted.timeNs) : null;
    const since = (e: TimedEvent | null) => (e ? (e.timeNs - fault.timeNs) / 1e9 : null);
    return {
      target: isolated[0]!,
      faultS: fault.timeNs / 1e9,
      phases: {
        pfail: since(after('pfail', about)),
        fail: since(after('fail', about)),
        sdown: since(after('sdown', about)),
        odown: since(after('odown', about)),
        ejected: since(after('ejected', about)),
        election: since(after('election', about)),
        promoted: since(promoted),
        switchMaster: since(after('switch-master', about)),
        firstWrite: since(firstWrite),
        back: since(after(UNDONE_BY[fault.kind]!, (e) => e.kind === 'heal' || e.node === fault.node)),
      },
      promotedNode: promoted?.node ?? null,
    };
  });
}

export interface PhaseStats {
  phase: FailoverPhase;
  count: number;
  meanS: number | null;
  sdS: number | null;
  minS: number | null;
  maxS: number | null;
}

/** Mean, standard deviation and range of each phase over many timelines (e.g. replications). */
export function phaseStats(timelines: readonly FailoverTimeline[]): PhaseStats[] {
  return FAILOVER_PHASES.map((phase) => {
    const values = timelines.map((t) => t.phases[phase]).filter((v): v is number => v !== null);
    return {
      phase,
      count: values.length,
      meanS: values.length > 0 ? mean(values)! : null,
      sdS: values.length > 1 ? deviation(values)! : null,
      minS: values.length > 0 ? Math.min(...values) : null,
      maxS: values.length > 0 ? Math.max(...values) : null,
    };
  });
}
