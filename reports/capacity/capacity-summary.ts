// The numbers of a capacity search: per topology, the highest rate that met every SLO and the lowest
// that did not, each probe's SLO values (pessimistic end of the 95 % CI), and at the capacity the
// resource that limits it, named from the model's accounting: the busiest server's CPU (busy time on
// requests / window). NICs, client hosts, connection pools and the origin are not yet in the
// accounting a run keeps, so when no server is near saturation the limit is left unnamed.

import { max } from 'd3-array';
import type { CapacityOutcome } from '../../experiment/capacity/run-capacity.js';
import type { ReplicationResult } from '../../experiment/results.js';
import { judgeSlo, type SloVerdict } from '../slo/slo.js';
import type { Slo } from '../../models/scenario/slo-params.js';

/** Above this CPU share the busiest server is named as what limits the load. */
export const SATURATED_CPU_SHARE = 0.9;

export interface ProbeSummary {
  ratePerS: number;
  passed: boolean;
  verdicts: SloVerdict[];
  /** Busiest server's CPU share, the largest over replications. */
  busiestServerCpu: number;
}

export interface TopologyCapacitySummary {
  name: string;
  kind: string;
  maxRatePerS: number | null;
  failedRatePerS: number | null;
  /** The limiting resource at the first failing rate (or at the capacity when nothing failed), in words. */
  limit: string;
  probes: ProbeSummary[];
}

export interface CapacitySummary {
  scenario: { name: string; description: string };
  seed: number;
  slos: string[];
  precision: number;
  replications: number;
  topologies: TopologyCapacitySummary[];
}

export function busiestServerCpu(replications: readonly ReplicationResult[]): number {
  return max(replications, (r) => (max(r.stats.serverBusyNs) ?? 0) / r.stats.windowNs) ?? 0;
}

export function summarizeProbe(slos: readonly Slo[], ratePerS: number, replications: readonly ReplicationResult[]): ProbeSummary {
  const verdicts = slos.map((slo) => judgeSlo(slo, replications.map((r) => r.stats)));
  return { ratePerS, passed: verdicts.every((v) => v.holds), verdicts, busiestServerCpu: busiestServerCpu(replications) };
}

function limitOf(probes: readonly ProbeSummary[], failedRatePerS: number | null, maxRatePerS: number | null): string {
  const at = probes.find((p) => p.ratePerS === (failedRatePerS ?? maxRatePerS));
  if (!at) return 'not found';
  const cpu = `${(100 * at.busiestServerCpu).toFixed(0)} %`;
  if (maxRatePerS === null) return `none found (busiest server ${cpu} busy at the lowest rate tried): the SLOs are missed without load`;
  if (at.busiestServerCpu >= SATURATED_CPU_SHARE) return `busiest server's CPU (${cpu} busy at ${at.ratePerS.toLocaleString('en-US')}/s)`;
  return `not a server CPU (busiest ${cpu} at ${at.ratePerS.toLocaleString('en-US')}/s): network, client hosts or pools`;
}

export function summarizeCapacity(
  outcome: CapacityOutcome, slos: readonly Slo[], meta: Pick<CapacitySummary, 'scenario' | 'seed' | 'precision' | 'replications'>,
): CapacitySummary {
  return {
    ...meta,
    slos: slos.map((s) => s.text),
    topologies: outcome.topologies.map((t) => {
      const probes = t.probes.map((p) => summarizeProbe(slos, p.ratePerS, p.replications));
      return {
        name: t.name, kind: t.kind, maxRatePerS: t.bracket.maxRatePerS, failedRatePerS: t.bracket.failedRatePerS,
        limit: limitOf(probes, t.bracket.failedRatePerS, t.bracket.maxRatePerS), probes,
      };
    }),
  };
}
