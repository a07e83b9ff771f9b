// The failover timeline of each fault that hit a node: seconds from the fault to the first PFAIL
// about it (any observer), the first FAIL, the replica's election request, its promotion, and the
// first write the new primary served; that last one is the unavailability window of the shard.
// Under Sentinel: the first SDOWN and ODOWN about it, the leader's election, the promotion
// (REPLICAOF NO ONE ran), the promotion seen by the leader's INFO poll (switchMaster: from then on
// sentinels hand out the new address) and the first write on the new master.
import { deviation, mean } from 'd3-array';
export const FAILOVER_PHASES = ['pfail', 'fail', 'sdown', 'odown', 'election', 'promoted', 'switchMaster', 'firstWrite'];
/** Phases every failover has; the others belong to one mechanism (cluster or Sentinel). */
export const COMMON_PHASES = ['election', 'promoted', 'firstWrite'];
export function failoverTimelines(events) {
    return events.filter((e) => e.kind === 'pause' || e.kind === 'crash' || e.kind === 'partition').map((fault) => {
        const after = (kind, match) => events.find((e) => e.kind === kind && e.timeNs >= fault.timeNs && match(e)) ?? null;
        const isolated = fault.node.split(',');
        const about = (e) => isolated.includes(e.target);
        const promoted = after('promoted', about);
        const firstWrite = promoted ? after('first-write', (e) => e.node === promoted.node && e.timeNs >= promoted.timeNs) : null;
        const since = (e) => (e ? (e.timeNs - fault.timeNs) / 1e9 : null);
        return {
            target: isolated[0],
            faultS: fault.timeNs / 1e9,
            phases: {
                pfail: since(after('pfail', about)),
                fail: since(after('fail', about)),
                sdown: since(after('sdown', about)),
                odown: since(after('odown', about)),
                election: since(after('election', about)),
                promoted: since(promoted),
                switchMaster: since(after('switch-master', about)),
                firstWrite: since(firstWrite),
            },
            promotedNode: promoted?.node ?? null,
        };
    });
}
/** Mean, standard deviation and range of each phase over many timelines (e.g. replications). */
export function phaseStats(timelines) {
    return FAILOVER_PHASES.map((phase) => {
        const values = timelines.map((t) => t.phases[phase]).filter((v) => v !== null);
        return {
            phase,
            count: values.length,
            meanS: values.length > 0 ? mean(values) : null,
            sdS: values.length > 1 ? deviation(values) : null,
            minS: values.length > 0 ? Math.min(...values) : null,
            maxS: values.length > 0 ? Math.max(...values) : null,
        };
    });
}
//# sourceMappingURL=failover-timeline.js.map