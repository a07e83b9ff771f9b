// The numbers of a capacity search: per topology, the highest rate that met every SLO and the lowest
// that did not, each probe's SLO values (pessimistic end of the 95 % CI), and at the first failing
// rate the resource that limits the load, named from the model's accounting (resource-shares.ts):
// the busiest of the servers' threads, the hosts' NICs, the client hosts' CPUs, the proxies' CPUs and
// the origin's query slots when it is over 90 % of its capacity, else a connection pool over 75 % and
// busier than all of them (a pool also fills as a symptom when what it waits on saturates, so it is
// named only when nothing behind it is saturated; requests queue for a pool's connections before
// it is full).
import { max } from 'd3-array';
import { judgeSlo } from '../slo/slo.js';
import { busiestResource, SATURATED_SHARE } from '../resource-shares.js';
/** A connection pool busier than everything else and over this share is named instead: requests queue for its connections well before it is full. */
export const POOL_LIMIT_SHARE = 0.75;
export function busiestServerCpu(replications) {
    return max(replications, (r) => (max(r.stats.serverBusyNs) ?? 0) / r.stats.windowNs) ?? 0;
}
export function summarizeProbe(slos, ratePerS, replications, bandwidthBps) {
    const verdicts = slos.map((slo) => judgeSlo(slo, replications.map((r) => r.stats)));
    return {
        ratePerS, passed: verdicts.every((v) => v.holds), verdicts, busiestServerCpu: busiestServerCpu(replications),
        busiest: busiestResource(replications.map((r) => r.stats), bandwidthBps, (r) => r.kind !== 'pool'),
        busiestPool: busiestResource(replications.map((r) => r.stats), bandwidthBps, (r) => r.kind === 'pool'),
    };
}
function limitOf(probes, failedRatePerS, maxRatePerS) {
    const at = probes.find((p) => p.ratePerS === (failedRatePerS ?? maxRatePerS));
    if (!at)
        return 'not found';
    const busiest = at.busiest;
    const used = busiest === null ? 'nothing accounted' : `${busiest.label} ${(100 * busiest.share).toFixed(0)} %`;
    if (maxRatePerS === null)
        return `none found (busiest: ${used} at the lowest rate tried): the SLOs are missed without load`;
    if (busiest !== null && busiest.share >= SATURATED_SHARE)
        return `${busiest.label} (${(100 * busiest.share).toFixed(0)} % busy at ${at.ratePerS.toLocaleString('en-US')}/s)`;
    const pool = at.busiestPool;
    if (pool !== null && pool.share >= POOL_LIMIT_SHARE && pool.share > (busiest?.share ?? 0)) {
        return `${pool.label} (${(100 * pool.share).toFixed(0)} % of its connections in use at ${at.ratePerS.toLocaleString('en-US')}/s, nothing behind it over 90 %): the pool is too small for this load`;
    }
    return `none of the accounted resources is over 90 % (busiest: ${used} at ${at.ratePerS.toLocaleString('en-US')}/s): latency that load does not set`;
}
export function summarizeCapacity(outcome, slos, meta, bandwidthBps) {
    return {
        ...meta,
        slos: slos.map((s) => s.text),
        topologies: outcome.topologies.map((t) => {
            const probes = t.probes.map((p) => summarizeProbe(slos, p.ratePerS, p.replications, bandwidthBps));
            return {
                name: t.name, kind: t.kind, maxRatePerS: t.bracket.maxRatePerS, failedRatePerS: t.bracket.failedRatePerS,
                limit: limitOf(probes, t.bracket.failedRatePerS, t.bracket.maxRatePerS), probes,
            };
        }),
    };
}
//# sourceMappingURL=capacity-summary.js.map