// A closed loop against real servers: C lanes, each running its next request as soon as the previous
// one is answered (one outstanding each, no think time), for a wall time; the latency of each. Also
// the percentiles every latency experiment reports, for the real and the simulated loops alike.

import { quantile } from 'd3-array';

export interface Percentiles {
  p50: number;
  p99: number;
}

export function percentiles(latenciesUs: readonly number[]): Percentiles {
  const sorted = Float64Array.from(latenciesUs).sort();
  return { p50: quantile(sorted, 0.5)!, p99: quantile(sorted, 0.99)! };
}

export interface RealLoop {
  /** Each request's latency, µs. */
  latenciesUs: number[];
  /** Wall time from the start until the last lane finished, s. */
  elapsedS: number;
}

export async function realClosedLoop(lanes: number, ms: number, request: (lane: number) => Promise<unknown>): Promise<RealLoop> {
  const latenciesUs: number[] = [];
  const started = performance.now();
  const until = started + ms;
  await Promise.all(Array.from({ length: lanes }, async (_, lane) => {
    while (performance.now() < until) {
      const t = performance.now();
      await request(lane);
      latenciesUs.push((performance.now() - t) * 1000);
    }
  }));
  return { latenciesUs, elapsedS: (performance.now() - started) / 1000 };
}
