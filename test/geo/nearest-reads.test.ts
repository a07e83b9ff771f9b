import { describe, expect, it } from 'vitest';
import { buildRun } from '../../experiment/build-run.js';
import { loadScenario } from '../../experiment/load-scenario.js';
import { Op, Outcome, REQUEST_DONE, type RequestDone } from '../../models/signals.js';

const US_PRIMARIES = 'placement={c/primary-0: us-a, c/primary-1: us-a, c/primary-2: us-a, c/replica-0-0: eu-a, c/replica-1-0: eu-a, c/replica-2-0: eu-a, c/replica-0-1: ap-a, c/replica-1-1: ap-a, c/replica-2-1: ap-a}';
const CONSTANT = ['network.latency.sameZone=100us', 'network.latency.crossZone=300us', 'network.latency.crossRegion=40ms', 'network.latency.regions=[]', 'network.bandwidth=unlimited', 'duration=3s', 'warmup=1s'];

/** Successful requests of op `op` from application host `host`, latency in ms: [min, max]. */
function run(sets: string[]): (host: string, op: number) => [number, number] {
  const { scenario } = loadScenario('scenarios/geo-replicas.yaml', [...CONSTANT, ...sets]);
  const r = buildRun(scenario, 0, scenario.seed);
  const done: (RequestDone & { name: string })[] = [];
  // Application hosts are the run's first hosts: app-<i> is host i.
  r.bus.signal<RequestDone>(REQUEST_DONE).subscribe((d) => done.push({ ...d, name: `app-${d.host}` }));
  r.start();
  r.engine.run({ untilNs: r.endNs });
  return (host, op) => {
    const ms = done.filter((d) => d.name === host && d.op === op && d.outcome === Outcome.ok).map((d) => (d.endNs - d.startNs) / 1e6);
    expect(ms.length).toBeGreaterThan(10);
    return [Math.min(...ms), Math.max(...ms)];
  };
}

describe('geography: placement and nearest reads in a cluster', () => {
  // app-1 is in eu-a: with the primaries in us, a GET crossing regions takes at least 2 × 40 ms.
  it('reads from the replica in the host\'s own region with readFrom nearest, and from the primary across the ocean without', () => {
    const nearest = run(['topologies=[{name: c, kind: cluster, primaries: 3, replicasPerPrimary: 2, client: {readFrom: nearest}}]', US_PRIMARIES]);
    expect(nearest('app-1', Op.get)[1]).toBeLessThan(1);
    expect(nearest('app-1', Op.set)[0]).toBeGreaterThanOrEqual(80);
    const primary = run(['topologies=[{name: c, kind: cluster, primaries: 3, replicasPerPrimary: 2, client: {readFrom: primary}}]', US_PRIMARIES]);
    expect(primary('app-1', Op.get)[0]).toBeGreaterThanOrEqual(80);
    expect(primary('app-0', Op.get)[1]).toBeLessThan(1);
  });

  it('prefers a copy in the host\'s region over the primary in another when none is in its zone', () => {
    // Zones a1 and a2 in region r1, b in r2: the primaries in b, their replicas in a2, the hosts in a1.
    const sets = [
      'network.zones=[{name: a1, region: r1}, {name: a2, region: r1}, {name: b, region: r2}]',
      'workload.clients.hosts=1',
      'topologies=[{name: c, kind: cluster, primaries: 1, replicasPerPrimary: 1, client: {readFrom: nearest}}]',
      'placement={c/primary-0: b, c/replica-0-0: a2, app-0: a1}',
    ];
    const reads = run(sets)('app-0', Op.get);
    expect(reads[0]).toBeGreaterThanOrEqual(0.6);
    expect(reads[1]).toBeLessThan(1);
  });

  it('puts a node where the placement says: one node in eu serves us hosts across the ocean', () => {
    const at = run(['topologies=[{name: s, kind: single}]', 'placement={s/server-0: eu-a}']);
    expect(at('app-1', Op.get)[1]).toBeLessThan(1);
    expect(at('app-0', Op.get)[0]).toBeGreaterThanOrEqual(80);
  });
});
