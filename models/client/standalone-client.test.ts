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
import { NET_MESSAGE, Op, Outcome, Purpose, REQUEST_DONE, type NetMessage, type RequestDone } from '../signals.js';
import { runWithSignal } from '../../test/support/run-with-signal.js';
import { RequestFactory } from '../workload/request-factory.js';
import { workloadParams } from '../workload/workload-params.js';
import { RequestTable } from '../request/request-table.js';
import { StandaloneClient } from './standalone-client.js';
import { ClientConnections } from './client-connections.js';
import { serverEndpoint } from './connection-pool.js';
import { crashProcess, processFaultTarget } from '../faults/fault-injector.js';

function harness(server: Record<string, unknown>, clients: Record<string, unknown>, readThrough = false, latency: string | number = 0) {
  const engine = new Engine();
  const bus = new SignalBus();
  const streams = new RngStreams(1);
  const network = new Network(engine, networkParams.parse({ bandwidth: 'unlimited', latency: { sameZone: latency } }), streams, bus);
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
  const connections = new ClientConnections(requests);
  const client = new StandaloneClient(
    { engine, network, requests, factory, origin, bus, usage: [], connections }, workload.clients, new CpuPool(engine, 1), appHost,
    serverEndpoint(redis), readThrough, streams.stream('ttl'),
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
  /** A crash as the fault injector makes it: the process dies, its host resets the connections to it. */
  const crash = (atNs: number) => engine.at(atNs, () => crashProcess(processFaultTarget(redis), connections));
  const restart = (atNs: number) => engine.at(atNs, () => redis.restart());
  /** The server's host cut off from everything (a partition with the server alone on one side). */
  const isolate = (atNs: number) => engine.at(atNs, () => network.partition([serverHost]));
  const heal = (atNs: number) => engine.at(atNs, () => network.heal());
  /** Handshakes the application host sends (SYNs). */
  const handshakes: number[] = [];
  /** Replies the server sends. */
  const replies: number[] = [];
  bus.signal<NetMessage>(NET_MESSAGE).subscribe((m) => {
    if (m.purpose === Purpose.connect && m.src === appHost) handshakes.push(engine.now);
    if (m.purpose === Purpose.client && m.src === serverHost) replies.push(engine.now);
  });
  return { engine, redis, get, done, requests, crash, restart, isolate, heal, handshakes, replies };
}

describe('StandaloneClient', () => {
  it('times out, reconnects, retries after the backoff, and reports a timeout when retries run out', () => {
    const { engine, get, done, requests } = harness({ serviceTime: '300ms' }, { timeout: '100ms', retries: 1, retryBackoff: '10ms' });
    get(0, 1);
    engine.run();
    expect(done).toEqual([{ op: Op.get, outcome: Outcome.timeout, startNs: 0, endNs: 210e6, hits: 0, reads: 0, stale: 0, attempts: 2, l1Hits: 0, host: 1 }]);
    expect(requests.inUse).toBe(0);
  });

  it('with onTimeout keep (ioredis, Lettuce), fails a GET at its timeout and keeps the connection: no handshake, the retry goes on it after the backoff, and both late replies are dropped', () => {
    const { engine, get, done, requests, handshakes, replies } = harness({ serviceTime: '300ms' }, { timeout: '100ms', retries: 1, retryBackoff: '10ms', onTimeout: 'keep' });
    get(0, 1);
    engine.run();
    expect(done).toEqual([{ op: Op.get, outcome: Outcome.timeout, startNs: 0, endNs: 210e6, hits: 0, reads: 0, stale: 0, attempts: 2, l1Hits: 0, host: 1 }]);
    expect(handshakes).toEqual([]);
    // The server ran both attempts, one after the other, on the connection that stayed.
    expect(replies).toEqual([300e6, 600e6]);
    expect(requests.inUse).toBe(0);
  });

  it('with onTimeout keep, never takes a late reply for the next request on the connection: the first GET\'s reply at 150 ms is dropped, and the second, sent at 130 ms, times out at 230 ms', () => {
    const { engine, get, done } = harness({ serviceTime: '150ms' }, { timeout: '100ms', retries: 0, onTimeout: 'keep' });
    get(0, 1);
    get(130e6, 2);
    engine.run();
    expect(done.map((d) => [d.outcome, d.endNs, d.attempts])).toEqual([[Outcome.timeout, 100e6, 1], [Outcome.timeout, 230e6, 1]]);
  });

  it('counts an attempt\'s timeout from its write: a request that waited 80 ms for the connection still has its whole 100 ms', () => {
    const { engine, get, done } = harness({ serviceTime: '80ms' }, { timeout: '100ms', retries: 0 });
    get(0, 1);
    get(0, 2);
    engine.run();
    expect(done.map((d) => [d.outcome, d.endNs, d.attempts])).toEqual([[Outcome.ok, 80e6, 1], [Outcome.ok, 160e6, 1]]);
  });

  it('fails a request that waited a whole timeout for a connection without sending it', () => {
    const { engine, get, done } = harness({ serviceTime: '300ms' }, { timeout: '100ms', retries: 0 });
    get(0, 1);
    get(0, 2);
    engine.run();
    expect(done.map((d) => [d.startNs, d.outcome, d.endNs, d.attempts])).toEqual([[0, Outcome.timeout, 100e6, 1], [0, Outcome.timeout, 100e6, 0]]);
  });

  it('learns of a crash from the reset at once: retries after the backoff, fails as disconnected when the handshake is refused again, reconnects once the process runs again, and backs off from the start after a second crash', () => {
    // The GET is on the wire at 0 and the server would answer at 50 ms, but dies at 20 ms: the reset
    // arrives at once, and the connection's handshakes are refused at 20, 30, 50, 90, 170 and 270 ms
    // (backoff 10 ms doubled, at most the 100 ms timeout). The retry waits from 30 ms, and the refusal
    // at 30 ms fails it, its second attempt. The process runs again from 300 ms; the handshake at
    // 370 ms is answered, and the GET issued at 320 ms goes out then: 370 + 50 ms. A second crash at
    // 500 ms starts the backoff from 10 ms again: refusals at 500, 510 and 530 ms fail the GET of
    // 505 ms twice. Only the first GET's first row stays held: it was on the wire, abandoned, and a
    // dead process sends no late reply; the rows never sent are freed.
    const { engine, get, done, crash, restart, requests } = harness({ serviceTime: '50ms' }, { timeout: '100ms', retries: 1, retryBackoff: '10ms' });
    get(0, 1);
    crash(20e6);
    restart(300e6);
    get(320e6, 2);
    crash(500e6);
    get(505e6, 3);
    engine.run({ untilNs: 1e9 });
    expect(done.map((d) => [d.startNs, d.outcome, d.endNs, d.attempts])).toEqual([
      [0, Outcome.disconnected, 30e6, 2], [320e6, Outcome.ok, 420e6, 1], [505e6, Outcome.disconnected, 530e6, 2],
    ]);
    expect(requests.inUse).toBe(1);
  });

  it('connects a connection it opens while the server\'s process is down before sending on it, and one it opens after the restart at once', () => {
    // Nothing was open at the crash. The connection opened for the GET at 10 ms is refused at once,
    // which fails the GET (no retries); it tries again at 20, 40 and 80 ms, and at 160 ms, after the
    // restart at 100 ms. The GET at 150 ms opens the pool's second connection, up: 150 + 50 ms.
    const { engine, get, done, crash, restart, requests } = harness({ serviceTime: '50ms' }, { timeout: '200ms', retries: 0, retryBackoff: '10ms', poolSize: 2 });
    crash(0);
    get(10e6, 1);
    restart(100e6);
    get(150e6, 2);
    engine.run({ untilNs: 1e9 });
    expect(done.map((d) => [d.startNs, d.outcome, d.endNs, d.attempts])).toEqual([[10e6, Outcome.disconnected, 10e6, 1], [150e6, Outcome.ok, 200e6, 1]]);
    expect(requests.inUse).toBe(0);
  });

  it('sees nothing of a crash on a host cut off first (a whole host lost): the GET on the wire times out, and the retry\'s handshakes go unanswered', () => {
    // The GET is on the wire at 0; the host is cut off and the process dies at 20 ms, and the resets
    // are lost with the rest: the GET times out at 100 ms, its connection's handshake (100 ms) and the
    // one resent after the connect timeout (200 ms) get no answer, and the retry, waiting from 110 ms,
    // fails at 210 ms.
    const { engine, get, done, crash, isolate } = harness({ serviceTime: '50ms' }, { timeout: '100ms', retries: 1, retryBackoff: '10ms' });
    get(0, 1);
    isolate(20e6);
    crash(20e6);
    engine.run({ untilNs: 1e9 });
    expect(done.map((d) => [d.startNs, d.outcome, d.endNs, d.attempts])).toEqual([[0, Outcome.timeout, 210e6, 1]]);
  });

  it('finishes a GET that a 50 ms partition lost one retransmission timeout later (srtt + 200 ms), long before its 1 s timeout', () => {
    // Sent at 1 ms and lost; TCP resends it at 1 + 2 + 200 ms, it arrives at 204 ms, is served by
    // 205 ms and answered at 206 ms.
    const { engine, get, done, isolate, heal } = harness({ serviceTime: '1ms' }, { timeout: '1s', retries: 0 }, false, '1ms');
    isolate(0);
    heal(50e6);
    get(1e6, 1);
    engine.run({ untilNs: 2e9 });
    expect(done.map((d) => [d.outcome, d.endNs, d.attempts])).toEqual([[Outcome.ok, 206e6, 1]]);
  });

  it('never runs on a restarted server a GET sent to the process that died: its host reset the connection, and TCP stopped resending it', () => {
    // Lost at 1 ms; the process dies at 20 ms (its reset lost too) and starts again at 30 ms; the cut
    // heals at 50 ms. The GET is not resent at 203 ms: it times out at 1,001 ms, and the server ran nothing.
    const { engine, get, done, isolate, heal, crash, restart, replies } = harness({ serviceTime: '1ms' }, { timeout: '1s', retries: 0 }, false, '1ms');
    isolate(0);
    get(1e6, 1);
    crash(20e6);
    restart(30e6);
    heal(50e6);
    engine.run({ untilNs: 3e9 });
    expect(done.map((d) => [d.outcome, d.endNs, d.attempts])).toEqual([[Outcome.timeout, 1001e6, 1]]);
    expect(replies).toEqual([]);
  });

  it('retries a GET lost behind a timeout shorter than the RTO on a new connection, and frees the original when its late retransmission is answered', () => {
    // Lost at 1 ms; the 100 ms timeout closes the connection at 101 ms, whose handshake is answered at
    // 103 ms; the retry (at 111 ms) is answered at 114 ms. TCP still resends the original on the old
    // connection at 203 ms: the server runs it and its reply frees the abandoned row.
    const { engine, get, done, requests, isolate, heal } = harness({ serviceTime: '1ms' }, { timeout: '100ms', retries: 1, retryBackoff: '10ms' }, false, '1ms');
    isolate(0);
    heal(50e6);
    get(1e6, 1);
    engine.run({ untilNs: 150e6 });
    expect(done.map((d) => [d.outcome, d.endNs, d.attempts])).toEqual([[Outcome.ok, 114e6, 2]]);
    expect(requests.inUse).toBe(1);
    engine.run({ untilNs: 2e9 });
    expect(requests.inUse).toBe(0);
  });

  it('ignores the answer to a handshake it has already given up on: with a round trip of 120 ms and a 100 ms timeout, one handshake every 100 ms, each refusal too late to count', () => {
    // The connection opened at 10 ms sends a SYN at 10, 110, 210 … ms, each at the previous one's
    // connect timeout; each reset comes back 120 ms after its SYN, when the next SYN is already out.
    // Counting them would start a second chain of handshakes at every refusal.
    const { engine, get, done, crash, handshakes } = harness({ serviceTime: '50ms' }, { timeout: '100ms', retries: 0, retryBackoff: '10ms' }, false, '60ms');
    crash(0);
    get(10e6, 1);
    engine.run({ untilNs: 1e9 });
    expect(handshakes).toEqual(Array.from({ length: 10 }, (_, i) => 10e6 + i * 100e6));
    expect(done.map((d) => [d.outcome, d.endNs, d.attempts])).toEqual([[Outcome.timeout, 110e6, 0]]);
  });

  it('ignores the SYN-ACK to a handshake it has given up on: with a 120 ms round trip and a 100 ms timeout, a connection a timeout closed never reconnects, even to a live server', () => {
    // The GET times out at 100 ms; the connection sends a SYN then and at each connect timeout after
    // (200, 300 … ms), and each SYN-ACK comes back 120 ms after its SYN, when the next SYN is out.
    const { engine, get, done, handshakes } = harness({ serviceTime: '300ms' }, { timeout: '100ms', retries: 0, retryBackoff: '10ms' }, false, '60ms');
    get(0, 1);
    engine.run({ untilNs: 1e9 });
    expect(done.map((d) => [d.outcome, d.endNs, d.attempts])).toEqual([[Outcome.timeout, 100e6, 1]]);
    expect(handshakes).toEqual(Array.from({ length: 10 }, (_, i) => (i + 1) * 100e6));
  });

  it('with connectTimeout 150 ms, reconnects at its first handshake where the 100 ms request timeout alone never did: the SYN-ACK comes back 120 ms after the SYN', () => {
    const { engine, get, done, handshakes } = harness({ serviceTime: '300ms' }, { timeout: '100ms', connectTimeout: '150ms', retries: 0, retryBackoff: '10ms' }, false, '60ms');
    get(0, 1);
    get(400e6, 2);
    engine.run({ untilNs: 1e9 });
    // The second GET goes out on the connection made at 220 ms (with the request timeout as connect timeout it waited for one that never came, and failed unsent); it times out too, and the connection reconnects.
    expect(done.map((d) => [d.outcome, d.endNs, d.attempts])).toEqual([[Outcome.timeout, 100e6, 1], [Outcome.timeout, 500e6, 1]]);
    expect(handshakes).toEqual([100e6, 500e6]);
  });

  it('resends an unanswered handshake every connectTimeout, not every request timeout: a host cut off from 20 ms', () => {
    const { engine, get, isolate, handshakes } = harness({ serviceTime: '50ms' }, { timeout: '100ms', connectTimeout: '250ms', retries: 0 });
    isolate(20e6);
    get(0, 1);
    engine.run({ untilNs: 1e9 });
    expect(handshakes).toEqual([100e6, 350e6, 600e6, 850e6]);
  });

  it('with retryBackoff 0, connects again 1 µs after the first refusal and doubles the wait up to the timeout: a process down for 10 s costs about a hundred handshakes, not one per round trip', () => {
    const { engine, get, done, crash } = harness({ serviceTime: '50ms' }, { timeout: '100ms', retries: 0, retryBackoff: '0s' });
    crash(0);
    get(10e6, 1);
    engine.run({ untilNs: 10e9, untilEvents: 100_000 });
    expect(done.map((d) => [d.outcome, d.endNs])).toEqual([[Outcome.disconnected, 10e6]]);
    // 17 doublings from 1 µs reach 65.5 ms, then one handshake every 100 ms: 117 in 10 s, each with
    // its SYN, its reset, the reconnect and at times the connect timer (without the floor, 0 · 2^n
    // would connect again at once: 100,000 events at 10 ms).
    expect(engine.eventCount).toBeLessThan(5 * 117);
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

describe('a client host that is one event loop', () => {
  // requestCpu 1 µs, replyCpu 2 µs, a turn 4 µs, a server that takes 1 µs (or 10 µs), no network latency.
  const sets = (arrival: string, serviceTime = '1us', gc = '') => [
    `workload.clients={hosts: 1, eventLoop: {turnCpu: 4us${gc}}, poolSize: 64, requestCpu: 1us, replyCpu: 2us}`,
    `workload.arrival=${arrival}`, 'duration=2s', 'warmup=1s', 'drain=100ms',
    `topologies=[{name: s, kind: single, server: {serviceTime: {const: ${serviceTime}}}}]`,
  ];
  const latencies = (arrival: string, serviceTime?: string, gc = '') => {
    const found: number[] = [];
    runWithSignal<RequestDone>('scenarios/mm1.yaml', sets(arrival, serviceTime, gc), REQUEST_DONE, (r) => {
      if (r.startNs >= 1e9 && r.startNs < 1.9e9) found.push(r.endNs - r.startNs);
    });
    return found;
  };

  it('pays a turn to send a request a timer issues and a turn to take its reply: 4 + 1 + 10 + 4 + 2 µs', () => {
    const found = latencies('{connections: 1, think: 1ms}', '10us');
    expect(found.length).toBeGreaterThan(850);
    expect(new Set(found)).toEqual(new Set([21_000]));
  });

  it('stops the loop for a GC pause of 50 µs after every 300 µs of callback CPU: one request in 100 (3 µs of callbacks each) takes 50 µs longer', () => {
    const found = latencies('{connections: 1, think: 1ms}', '10us', ', gc: {every: 300us, pause: 50us}');
    expect(new Set(found)).toEqual(new Set([21_000, 71_000]));
    const paused = found.filter((ns) => ns === 71_000).length;
    expect(Math.abs(paused - found.length / 100)).toBeLessThanOrEqual(1);
  });

  it('sends the next request of a user with no think time within the reply\'s callback: 1 + 10 + 4 + 2 µs', () => {
    const found = latencies('{connections: 1, think: 0s}', '10us');
    expect(new Set(found)).toEqual(new Set([17_000]));
  });

  it('parses each part of an MGET split over two shards as its reply arrives, each on a turn of its own: 4 + 2 × 1 + 10 + 4 + 2 + 4 + 2 µs', () => {
    // One shard: 4 + 1 + 10 + 4 + 2 = 21 µs. Two: the parts leave at 5 and 6 µs, their replies arrive at
    // 15 and 16 µs; the first wakes the loop (a turn to 19, its parse to 21), the second waits for the
    // next turn (to 25) and its parse (to 27).
    const found: number[] = [];
    runWithSignal<RequestDone>('scenarios/mm1.yaml', [
      ...sets('{connections: 1, think: 1ms}', '10us').slice(0, -1), 'workload.mix={get: 0, mget: {share: 1, keys: 2}}',
      'topologies=[{name: s, kind: sharded, shards: 2, server: {serviceTime: {const: 10us}}}]',
    ], REQUEST_DONE, (r) => {
      if (r.startNs >= 1e9 && r.startNs < 1.9e9) found.push(r.endNs - r.startNs);
    });
    expect(new Set(found)).toEqual(new Set([21_000, 27_000]));
  });

  it('with 4 busy connections, takes 3 replies a turn: the request sent last in a turn waits a whole further turn', () => {
    // A turn lasts 4 + 3 × 3 = 13 µs. A request sent by one of a turn's first two replies is answered
    // within that turn and taken at the same place of the next turn (each user keeps its connection,
    // and the poll puts the sockets it reported last time first): 13 µs. The one sent by the turn's
    // last reply is answered just after the next poll, and taken last in the turn after: 26 µs.
    const found = latencies('{connections: 4, think: 0s}');
    const counts = new Map<number, number>();
    for (const l of found) counts.set(l, (counts.get(l) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([13_000, 26_000]);
    expect(counts.get(13_000)! / found.length).toBeCloseTo(2 / 3, 3);
    expect(found.length).toBeGreaterThanOrEqual(Math.floor((0.9e9 / 13_000) * 3) - 3);
    expect(found.length).toBeLessThanOrEqual(Math.ceil((0.9e9 / 13_000) * 3) + 3);
  });
});
