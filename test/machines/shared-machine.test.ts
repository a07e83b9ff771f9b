import { describe, expect, it } from 'vitest';
import { buildRun } from '../../experiment/build-run.js';
import { loadScenario } from '../../experiment/load-scenario.js';
import { Outcome, REQUEST_DONE, type RequestDone } from '../../models/signals.js';

// One event-loop client host with two connections against one node, every cost constant: a request
// takes 15 µs of the client (turn 5, send 5, reply 5) and 10 µs of the server, 1 µs each way.
const SETS = [
  'duration=2s', 'warmup=1s', 'drain=0s', 'network.latency.sameZone=1us', 'network.bandwidth=unlimited',
  'workload.mix={get: 1}', 'workload.valueSize=100B', 'workload.readThrough=false', 'workload.popularity=uniform', 'workload.keys=1000',
  'workload.arrival={connections: 2, think: 0ms}',
  'workload.clients={hosts: 1, poolSize: 2, requestCpu: 5us, replyCpu: 5us, eventLoop: {turnCpu: 5us}}',
  'topologies=[{name: s, kind: single, server: {serviceTime: 10us}}]',
];

/** Requests per second of virtual time answered after the warm-up. */
function throughput(sets: string[]): number {
  const { scenario } = loadScenario('scenarios/single-node.yaml', [...SETS, ...sets]);
  const r = buildRun(scenario, 0, scenario.seed);
  let ok = 0;
  r.bus.signal<RequestDone>(REQUEST_DONE).subscribe((d) => { if (d.outcome === Outcome.ok && d.startNs >= 1e9) ok++; });
  r.start();
  r.engine.run({ untilNs: r.endNs });
  return ok;
}

describe('machines: processes that share cores', () => {
  it('serializes the client and the server on a 1-core machine: the core does all of both per request', () => {
    // 15 + 10 µs per request: 1 s / 25 µs = 40,000, less the requests in flight when the run ends.
    const shared = throughput(['machines=[{name: box, cores: 1, hosts: ["*"]}]']);
    expect(shared).toBeGreaterThanOrEqual(40_000 - 2);
    expect(shared).toBeLessThanOrEqual(40_000);
    // On cores of their own the client's thread is the bottleneck: 1 s / 15 µs.
    const own = throughput([]);
    expect(own).toBeGreaterThanOrEqual(66_666 - 2);
    expect(own).toBeLessThanOrEqual(66_667);
  });

  it('runs them as on cores of their own on a machine with a core for each', () => {
    expect(throughput(['machines=[{name: box, cores: 2, hosts: [app-0, s/server-0]}]'])).toBe(throughput([]));
  });
});
