// How much of each accounted resource a run used over its measurement window, as a share of the
// resource's capacity: each server's thread (requests and the work beside them: cluster bus,
// replication, pub/sub), each host's NIC in each direction (bytes against link bandwidth; none when
// unlimited), each client host's CPU, each proxy's CPU, each machine's cores (shared by the processes
// placed on it), each connection pool (connections with a
// request outstanding) and the origin's query slots. The busiest is what limits a topology's load
// when it nears 1; a pool full because what it waits on is slow is a symptom, so the limit is
// looked for among the other resources first (capacity-summary.ts).

import type { CollectedStats } from '../experiment/collect/run-collectors.js';

/** Above this share of its capacity a resource is saturated: named as a capacity's limit, and a closed loop's latencies are then queueing delay. */
export const SATURATED_SHARE = 0.9;

export interface ResourceShare {
  /** What it is, for a person: "server cluster/primary-0 CPU", "NIC out of app-3", … */
  label: string;
  kind: 'server-cpu' | 'nic' | 'client-cpu' | 'proxy-cpu' | 'machine-cpu' | 'pool' | 'origin';
  share: number;
}

const LABELS: Record<string, (name: string) => string> = {
  'server-cpu': (name) => `CPU of server ${name}`,
  'client-cpu': (name) => `CPU of client host ${name}`,
  'proxy-cpu': (name) => `CPU of proxy ${name}`,
  'machine-cpu': (name) => `cores of machine ${name}`,
  pool: (name) => `connection pool ${name}`,
  origin: () => 'the origin\'s query slots',
};

export function resourceShares(stats: CollectedStats, bandwidthBps: number): ResourceShare[] {
  const windowS = stats.windowNs / 1e9;
  const nicBytesPerS = Number.isFinite(bandwidthBps) ? bandwidthBps / 8 : null;
  return [
    ...(nicBytesPerS === null ? [] : (stats.hosts ?? []).flatMap((h): ResourceShare[] => [
      { label: `NIC of ${h.name} (out)`, kind: 'nic', share: h.bytesOut / windowS / nicBytesPerS },
      { label: `NIC of ${h.name} (in)`, kind: 'nic', share: h.bytesIn / windowS / nicBytesPerS },
    ])),
    ...(stats.resources ?? []).map((r): ResourceShare => ({ label: LABELS[r.kind]?.(r.name) ?? r.name, kind: r.kind as ResourceShare['kind'], share: r.share })),
  ];
}

/** The busiest resource over some replications (each resource's share the highest among them) of those `which` keeps, or null. */
export function busiestResource(replications: readonly CollectedStats[], bandwidthBps: number, which: (r: ResourceShare) => boolean = () => true): ResourceShare | null {
  const byLabel = new Map<string, ResourceShare>();
  for (const s of replications) {
    for (const r of resourceShares(s, bandwidthBps)) {
      if (!which(r)) continue;
      const seen = byLabel.get(r.label);
      if (!seen || r.share > seen.share) byLabel.set(r.label, r);
    }
  }
  let best: ResourceShare | null = null;
  for (const r of byLabel.values()) if (best === null || r.share > best.share) best = r;
  return best;
}
