import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine/engine.js';
import { RngStreams } from '../../sim/random/rng.js';
import { SignalBus } from '../../sim/signal/signal.js';
import { CpuPool } from '../host/cpu-pool.js';
import { Network } from '../network/network.js';
import { networkParams } from '../network/network-params.js';
import { OriginDb } from '../origin/origin-db.js';
import { originParams } from '../origin/origin-params.js';
import { RedisServer } from '../server/redis-server.js';
import { serverParams } from '../server/server-params.js';
import { Op, Outcome, REQUEST_DONE, type RequestDone } from '../signals.js';
import { runWithSignal } from '../../test/support/run-with-signal.js';
import { RequestFactory } from '../workload/request-factory.js';
import { workloadParams } from '../workload/workload-params.js';
import { RequestTable } from './request-table.js';
import { StandaloneClient } from './standalone-client.js';

function harness(server: Record<string, unknown>, clients: Record<string, unknown>, readThrough = false) {
  const engine = new Engine();
  const bus = new SignalBus();
  const streams = new RngStreams(1);
  const network = new Network(engine, networkParams.parse({ bandwidth: 'unlimited', latency: { sameZone: 0 } }), streams, bus);
  const workload = workloadParams.parse({
    keys: 10, valueSize: '100B', readThrough,
    clients: { requestCpu: 0, replyCpu: 0, poolSize: 1, ...clients },
  });
  const factory = new RequestFactory(workload, streams.stream('sizes'));
  const requests = new RequestTable(factory.stride);
  const serverHost = network.addHost('server', 0);
  const redis = new RedisServer(engine, network, requests, serverParams.parse(server), {
    id: 0, name: 'server', host: serverHost, keyCount: 10, withExpiry: false,
  }, streams, bus);
  const origin = readThrough
    ? new OriginDb(engine, network, requests, originParams.parse({ latency: '2ms' }), network.addHost('origin', 0), factory.valueBytes, streams, bus)
    : null;
  const appHost = network.addHost('app', 0);
  const client = new StandaloneClient(
    { engine, network, requests, factory, origin, bus }, workload.clients, new CpuPool(engine, 1), appHost,
    { host: serverHost, onRequest: redis.onRequest }, readThrough, streams.stream('ttl'),
  );
  const done: RequestDone[] = [];
  bus.signal<RequestDone>(REQUEST_DONE).subscribe((r) => done.push({ ...r }));
  const get = (atNs: number, key: number) => engine.at(atNs, () => {
    const req = requests.alloc();
    factory.command(requests, req * requests.stride, Op.get, key, streams.stream('unused'));
    requests.op[req] = Op.get;
    requests.commandCount[req] = 1;
    requests.requestBytes[req] = 30;
    requests.startNs[req] = engine.now;
    requests.owner[req] = -1;
    client.submit(req);
  });
  return { engine, redis, get, done, requests };
}

describe('StandaloneClient', () => {
  it('times out, reconnects, retries after the backoff, and reports a timeout when retries run out', () => {
    const { engine, get, done, requests } = harness({ serviceTime: '300ms' }, { timeout: '100ms', retries: 1, retryBackoff: '10ms' });
    get(0, 1);
    engine.run();
    expect(done).toEqual([{ op: Op.get, outcome: Outcome.timeout, startNs: 0, endNs: 210e6, hits: 0, reads: 0, stale: 0, attempts: 2, l1Hits: 0 }]);
    expect(requests.inUse).toBe(0);
  });

  it('measures latency from the intended start, including the wait for a pooled connection', () => {
    const { engine, get, done } = harness({ serviceTime: '10us' }, {});
    get(0, 1);
    get(0, 2);
    engine.run();
    expect(done.map((d) => [d.startNs, d.endNs])).toEqual([[0, 10_000], [0, 20_000]]);
  });

  it('reads a missing key through from the origin and writes it back to the cache', () => {
    const { engine, redis, get, done } = harness({ serviceTime: '10us' }, {}, true);
    get(0, 4);
    engine.run();
    expect(done.map((d) => [d.op, d.outcome, d.endNs, d.hits, d.reads])).toEqual([
      [Op.get, Outcome.ok, 10_000 + 2_000_000, 0, 1],
      [Op.populate, Outcome.ok, 2_020_000, 0, 0],
    ]);
    expect(redis.keyspace.has(4)).toBe(true);
  });
});

describe('off-path client CPU', () => {
  const sets = (arrival: string) => [
    'workload.clients={hosts: 1, cores: 1, poolSize: 64, requestCpu: 1us, replyCpu: 0s, offPathCpu: 19us}',
    `workload.arrival=${arrival}`, 'duration=2s', 'warmup=1s', 'drain=100ms',
    'topologies=[{name: s, kind: single, server: {serviceTime: {const: 10us}}}]',
  ];
  const window = (r: RequestDone) => r.startNs >= 1e9 && r.startNs < 2e9;

  it('delays no request on an idle client: the round trip is request CPU + service', () => {
    const latencies: number[] = [];
    runWithSignal<RequestDone>('scenarios/mm1.yaml', sets('{connections: 1, think: 1ms}'), REQUEST_DONE, (r) => { if (window(r)) latencies.push(r.endNs - r.startNs); });
    expect(latencies.length).toBeGreaterThan(900);
    expect(new Set(latencies)).toEqual(new Set([11_000]));
  });

  it('caps a saturated single-core client at one request per (request CPU + off-path CPU)', () => {
    let done = 0;
    runWithSignal<RequestDone>('scenarios/mm1.yaml', sets('{connections: 16, think: 0s}'), REQUEST_DONE, (r) => { if (window(r)) done++; });
    expect(done).toBeGreaterThan(49_900);
    expect(done).toBeLessThanOrEqual(50_000);
  });
});
