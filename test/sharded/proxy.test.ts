import { describe, expect, it } from 'vitest';
import { shardMap } from '../../models/sharding/shard-map.js';
import { CLUSTER_EVENT, CLUSTER_EVENTS, NET_MESSAGE, Op, Outcome, Purpose, type ClusterEvent, type NetMessage } from '../../models/signals.js';
import { mgetCommandBytes } from '../../models/workload/wire-sizes.js';
import { LATENCY_NS, SERVICE_NS, tierHarness, type TierOptions } from './tier-harness.js';

const REQUEST_CPU_NS = 3_000;
const REPLY_CPU_NS = 2_000;
const TURN_NS = 4_000;
/** A proxy whose event loop's turns cost nothing, so that the tests of routing see only the per-request and per-reply CPU. */
const PROXY = { kind: 'proxy', shards: 3, proxy: { requestCpu: '3us', replyCpu: '2us', turnCpu: '0us' } };
const NAMES = ['shard-0', 'shard-1', 'shard-2'];
const ring = shardMap({ hashing: 'ketama', keyHash: 'fnv1a_64', pointsPerServer: 160 }, [0, 1, 2], NAMES);
const keysOn = (server: number, n: number) => Array.from({ length: 1000 }, (_, k) => k).filter((k) => ring.serverOf(k) === server).slice(0, n);

/** A proxy whose turns cost 4 µs, in front of servers that reply per command, and when each request leaves it for shard-1 (ns after the first reached it). */
function turningProxy() {
  const h = tierHarness({ ...PROXY, proxy: { ...PROXY.proxy, turnCpu: '4us' }, server: { serviceTime: '10us', replies: 'per-command' } });
  h.built.preload();
  const forwardedNs: number[] = [];
  h.bus.signal<NetMessage>(NET_MESSAGE).subscribe((m) => {
    if (h.network.hostName(m.src) === 't/proxy-0' && h.network.hostName(m.dst) === 't/shard-1') forwardedNs.push(h.engine.now - LATENCY_NS);
  });
  return { h, forwardedNs };
}

describe('proxy topology', () => {
  it('answers a GET after client→proxy + proxy CPU + proxy→server + server + server→proxy + proxy CPU + proxy→client, exactly', () => {
    const h = tierHarness(PROXY);
    h.built.preload();
    h.issue(0, [keysOn(1, 1)[0]!]);
    h.engine.run();
    expect(h.done).toEqual([{ op: Op.get, outcome: Outcome.ok, startNs: 0, endNs: 4 * LATENCY_NS + REQUEST_CPU_NS + SERVICE_NS + REPLY_CPU_NS, hits: 1, reads: 1, stale: 0, attempts: 1, l1Hits: 0, host: 0 }]);
    expect(h.commands.map((c) => c.server)).toEqual([1]);
  });

  it('takes a GET in four turns of its event loop: each event wakes it, and what a turn forwards leaves at the start of the next', () => {
    const h = tierHarness({ ...PROXY, proxy: { ...PROXY.proxy, turnCpu: '4us' } });
    h.built.preload();
    h.issue(0, [keysOn(1, 1)[0]!]);
    h.engine.run();
    // Each way: half a turn, the event's CPU, the turn's other half, and the next turn's first half.
    expect(h.done.map((d) => d.endNs)).toEqual([4 * LATENCY_NS + REQUEST_CPU_NS + SERVICE_NS + REPLY_CPU_NS + 3 * TURN_NS]);
  });

  it('takes the requests that arrive during a turn in the next turn, paying the turn\'s CPU once for all of them, and writes them in the turn after', () => {
    const { h, forwardedNs } = turningProxy();
    for (const [i, k] of keysOn(1, 3).entries()) h.issue(i * 1_000, [k]);
    h.engine.run();
    // The first wakes the loop (2 + 3 µs, then the turn's other 2 µs) and leaves when the next turn
    // has begun (2 µs), which takes the two that arrived meanwhile (3 µs each); they leave together
    // at the start of the turn after.
    expect(forwardedNs).toEqual([9_000, 19_000, 19_000]);
  });

  it('starts a turn when the one before ends: what arrived before that end is in it, what arrived during its first half waits', () => {
    const { h, forwardedNs } = turningProxy();
    const [a, b, c] = keysOn(1, 3);
    // a wakes the loop (its CPU ends at 5 µs, the turn at 7 µs); b arrives at 6 µs, in that turn's
    // second half, and is taken by the next turn (7 µs); c arrives at 8 µs, in that turn's first half,
    // and waits for the turn after.
    h.issue(0, [a!]);
    h.issue(6_000, [b!]);
    h.issue(8_000, [c!]);
    h.engine.run();
    expect(forwardedNs).toEqual([9_000, 16_000, 23_000]);
  });

  it('fragments an MGET into one MGET per server and reassembles one reply once the last fragment is in', () => {
    const h = tierHarness(PROXY);
    h.built.preload();
    const keys = [...keysOn(0, 3), ...keysOn(2, 1), ...keysOn(1, 2)];
    h.issue(0, keys);
    h.engine.run();
    expect(h.commands.map((c) => [c.server, c.lookups, c.hits])).toEqual([[0, 3, 3], [2, 1, 1], [1, 2, 2]]);
    const fragments = h.messages.filter((m) => h.network.hostName(m.src) === 't/proxy-0' && h.network.hostName(m.dst).startsWith('t/shard-'));
    expect(fragments.map((m) => m.sizeBytes)).toEqual([3, 1, 2].map((k) => mgetCommandBytes(k, h.workload.keyBytes)));
    // Three fragments leave together, come back together, and take the proxy's reply CPU one after another.
    expect(h.done).toEqual([{ op: Op.mget, outcome: Outcome.ok, startNs: 0, endNs: 4 * LATENCY_NS + REQUEST_CPU_NS + SERVICE_NS + 3 * REPLY_CPU_NS, hits: 6, reads: 6, stale: 0, attempts: 1, l1Hits: 0, host: 0 }]);
  });

  it('pipelines requests to a server: all five are written before the first reply returns, and replies return in order', () => {
    const h = tierHarness({ ...PROXY, server: { serviceTime: '10us', replies: 'per-command' } });
    h.built.preload();
    for (const k of keysOn(2, 5)) h.issue(0, [k]);
    h.engine.run();
    // Proxy CPU writes one every 3 µs; the server serves them FIFO (10 µs each, the first at 203 µs), each reply leaving as its request ends.
    const firstServedNs = 2 * LATENCY_NS + REQUEST_CPU_NS;
    expect(h.commands.map((c) => c.startNs)).toEqual([0, 1, 2, 3, 4].map((i) => firstServedNs + i * SERVICE_NS));
    expect(h.done.map((d) => d.endNs)).toEqual([0, 1, 2, 3, 4].map((i) => 4 * LATENCY_NS + REQUEST_CPU_NS + (i + 1) * SERVICE_NS + REPLY_CPU_NS));
  });
});

describe('proxy as a failure point', () => {
  const GET_NS = 4 * LATENCY_NS + REQUEST_CPU_NS + SERVICE_NS + REPLY_CPU_NS;
  const clients = { timeout: '100ms', retries: 1, retryBackoff: '10ms' };

  it('a client of a crashed proxy is refused at once (a round trip), retries on the next proxy, and keeps using it', () => {
    const h = tierHarness({ ...PROXY, proxies: 2 }, { clients });
    h.built.preload();
    h.engine.at(0, () => h.built.targets.get('t/proxy-0')!.crash());
    h.issue(1e6, [keysOn(0, 1)[0]!]);
    h.issue(200e6, [keysOn(0, 1)[0]!]);
    h.engine.run({ untilNs: 1e9 });
    expect(h.done.map((d) => [d.outcome, d.endNs - d.startNs, d.attempts])).toEqual([
      [Outcome.ok, 2 * LATENCY_NS + 10e6 + GET_NS, 2],
      [Outcome.ok, GET_NS, 1],
    ]);
  });

  it('with failover none, a client of a crashed proxy retries on it and fails as disconnected when it is refused again', () => {
    const h = tierHarness({ ...PROXY, proxies: 2, failover: 'none' }, { clients });
    h.built.preload();
    h.engine.at(0, () => h.built.targets.get('t/proxy-0')!.crash());
    h.issue(1e6, [keysOn(0, 1)[0]!]);
    h.engine.run({ untilNs: 1e9 });
    expect(h.done.map((d) => [d.outcome, d.endNs - d.startNs, d.attempts])).toEqual([[Outcome.disconnected, 4 * LATENCY_NS + 10e6, 2]]);
  });

  it('a proxy that crashes before a turn\'s writes leave loses them: the server never sees them, and their fragments\' rows are released', () => {
    const h = tierHarness({ ...PROXY, proxy: { ...PROXY.proxy, turnCpu: '4us' } }, { clients: { timeout: '100ms', retries: 0 } });
    h.built.preload();
    h.issue(0, [keysOn(1, 1)[0]!]);
    // The request's CPU ends 5 µs after it reached the proxy; its write would leave at 9 µs.
    h.engine.at(LATENCY_NS + 6_000, () => h.built.targets.get('t/proxy-0')!.crash());
    h.engine.run({ untilNs: 1e9 });
    expect(h.commands).toEqual([]);
    expect(h.done.map((d) => [d.outcome, d.endNs - d.startNs])).toEqual([[Outcome.timeout, 100e6]]);
    // Only the client's row stays, abandoned at its timeout as for any request a crashed proxy took
    // (a late reply would release it); the fragment's row is released.
    expect(h.requests.inUse).toBe(1);
  });

  it('a proxy restarted after a crash in the middle of a turn sleeps, wakes for the next request and serves it in its four turns', () => {
    const h = tierHarness({ ...PROXY, proxy: { ...PROXY.proxy, turnCpu: '4us' } }, { clients: { timeout: '100ms', retries: 0 } });
    h.built.preload();
    const proxy = h.built.targets.get('t/proxy-0')!;
    const [k] = keysOn(1, 1);
    h.issue(0, [k!]);
    h.engine.at(LATENCY_NS + 3_000, () => proxy.crash());
    h.engine.at(1e6, () => proxy.restart());
    h.issue(2e6, [k!]);
    h.engine.run({ untilNs: 1e9 });
    // The second is answered (at 2.4 ms) before the first times out (at 100 ms).
    expect(h.done.map((d) => [d.outcome, d.endNs - d.startNs])).toEqual([
      [Outcome.ok, 4 * LATENCY_NS + REQUEST_CPU_NS + SERVICE_NS + REPLY_CPU_NS + 3 * TURN_NS],
      [Outcome.timeout, 100e6],
    ]);
  });

  it('a proxy paused in the middle of a turn finishes it after resume, then writes in the next turn', () => {
    const h = tierHarness({ ...PROXY, proxy: { ...PROXY.proxy, turnCpu: '4us' } });
    h.built.preload();
    const proxy = h.built.targets.get('t/proxy-0')!;
    h.issue(0, [keysOn(1, 1)[0]!]);
    // The request's job (2 + 3 µs) is 3 µs in at the pause; its last 2 µs run after the resume.
    h.engine.at(LATENCY_NS + 3_000, () => proxy.pause());
    h.engine.at(50e6, () => proxy.resume());
    h.engine.run();
    expect(h.done.map((d) => d.endNs)).toEqual([50e6 + 2_000 + TURN_NS + 3 * LATENCY_NS + SERVICE_NS + REPLY_CPU_NS + 1.5 * TURN_NS]);
  });

  it('a paused proxy queues requests and answers them after resume, one proxy CPU slice after another', () => {
    const h = tierHarness(PROXY);
    h.built.preload();
    const proxy = h.built.targets.get('t/proxy-0')!;
    h.engine.at(0, () => proxy.pause());
    h.issue(0, [keysOn(1, 1)[0]!]);
    h.engine.at(50e6, () => proxy.resume());
    h.engine.run();
    expect(h.done.map((d) => d.endNs)).toEqual([50e6 + REQUEST_CPU_NS + 2 * LATENCY_NS + SERVICE_NS + REPLY_CPU_NS + LATENCY_NS]);
  });
});

describe('proxy server timeout and auto-eject (twemproxy timeout, auto_eject_hosts)', () => {
  const EJECT = { ...PROXY, proxy: { requestCpu: '3us', replyCpu: '2us', turnCpu: '0us', timeout: '1ms', autoEjectHosts: true, serverFailureLimit: 2, serverRetryTimeout: '50ms' } };
  const TIMED_OUT_NS = 2 * LATENCY_NS + REQUEST_CPU_NS + 1e6;
  const GET_NS = 4 * LATENCY_NS + REQUEST_CPU_NS + SERVICE_NS + REPLY_CPU_NS;

  it('answers an error when the server times out, ejects it after server_failure_limit closes in a row, sends its keys to the next server on the ring, and tries it again after server_retry_timeout', () => {
    const h = tierHarness(EJECT);
    const ejects: ClusterEvent[] = [];
    h.bus.signal<ClusterEvent>(CLUSTER_EVENT).subscribe((e) => ejects.push({ ...e }));
    h.built.preload();
    h.engine.at(0, () => h.built.targets.get('t/shard-0')!.pause());
    const [k0] = keysOn(0, 1);
    const [k1] = keysOn(1, 1);
    for (const atNs of [0, 2e6, 4e6, 60e6, 62e6, 64e6]) h.issue(atNs, [k0!]);
    h.issue(5e6, [k1!]);
    h.engine.run({ untilNs: 200e6 });
    expect(h.done.map((d) => [d.startNs / 1e6, d.outcome, d.endNs - d.startNs, d.hits])).toEqual([
      [0, Outcome.timeout, TIMED_OUT_NS, 0],
      [2, Outcome.timeout, TIMED_OUT_NS, 0],
      [4, Outcome.ok, GET_NS, 0],
      [5, Outcome.ok, GET_NS, 1],
      [60, Outcome.timeout, TIMED_OUT_NS, 0],
      [62, Outcome.timeout, TIMED_OUT_NS, 0],
      [64, Outcome.ok, GET_NS, 0],
    ]);
    // Each eject is announced when the second close in a row answers its error (one hop before the client has it).
    expect(ejects.map((e) => [CLUSTER_EVENTS[e.kind], e.node, e.target, e.timeNs])).toEqual([2, 62].map((ms) => ['ejected', 't/proxy-0', 't/shard-0', ms * 1e6 + TIMED_OUT_NS - LATENCY_NS]));
  });

  it('drops a request whose connection timed out before a turn wrote it: the server never sees it, and the client has the error', () => {
    const h = tierHarness({ ...EJECT, proxy: { ...EJECT.proxy, turnCpu: '4us', autoEjectHosts: false } });
    h.built.preload();
    const proxy = h.built.targets.get('t/proxy-0')!;
    h.issue(0, [keysOn(1, 1)[0]!]);
    // Paused 1 µs before the end of the turn that forwarded the request, past its 1 ms timeout.
    h.engine.at(LATENCY_NS + 6_000, () => proxy.pause());
    h.engine.at(10e6, () => proxy.resume());
    h.engine.run({ untilNs: 100e6 });
    expect(h.commands).toEqual([]);
    // The rest of that turn (1 µs) and the next one's first half (2 µs), then the error's way back.
    expect(h.done.map((d) => [d.outcome, d.endNs])).toEqual([[Outcome.timeout, 10e6 + 3_000 + LATENCY_NS]]);
    expect(h.requests.inUse).toBe(0);
  });

  it('keeps a timed-out server in the ring without auto-eject: every request to it fails', () => {
    const h = tierHarness({ ...EJECT, proxy: { ...EJECT.proxy, autoEjectHosts: false } });
    h.built.preload();
    h.engine.at(0, () => h.built.targets.get('t/shard-0')!.pause());
    const [k0] = keysOn(0, 1);
    for (const atNs of [0, 2e6, 4e6, 6e6]) h.issue(atNs, [k0!]);
    h.engine.run({ untilNs: 100e6 });
    expect(h.done.map((d) => d.outcome)).toEqual([Outcome.timeout, Outcome.timeout, Outcome.timeout, Outcome.timeout]);
  });

  it('discards the late reply of a request it answered with an error, and serves the next one on a new connection once its handshake is answered', () => {
    const h = tierHarness(EJECT);
    h.built.preload();
    const shard = h.built.targets.get('t/shard-0')!;
    h.engine.at(0, () => shard.pause());
    h.engine.at(1.5e6, () => shard.resume());
    const [k0] = keysOn(0, 1);
    h.issue(0, [k0!]);
    h.issue(2e6, [k0!]);
    h.engine.run({ untilNs: 100e6 });
    expect(h.commands.map((c) => c.server)).toEqual([0, 0]);
    expect(h.done.map((d) => [d.outcome, d.endNs - d.startNs, d.hits])).toEqual([[Outcome.timeout, TIMED_OUT_NS, 0], [Outcome.ok, 2 * LATENCY_NS + GET_NS, 1]]);
  });
});

describe('what twemproxy does that a client library would not', () => {
  it('closes the connection on an OOM reply (rsp_filter, redis_failure): the client gets an error, and two in a row eject the server, whose keys go to the next one', () => {
    const h = tierHarness({ ...PROXY, proxy: { ...PROXY.proxy, autoEjectHosts: true, serverFailureLimit: 2, serverRetryTimeout: '1s' }, server: { serviceTime: '10us', maxmemory: '1B' } });
    const [k0] = keysOn(0, 1);
    for (const atNs of [0, 2e6, 4e6, 6e6]) h.issue(atNs, [k0!], 0, true);
    h.engine.run({ untilNs: 100e6 });
    // The first SET fits (nothing is stored yet); the next two are refused with OOM, each closing the connection; the fourth goes to the next server on the ring.
    expect(h.done.map((d) => d.outcome)).toEqual([Outcome.ok, Outcome.disconnected, Outcome.disconnected, Outcome.ok]);
    const withoutShard0 = shardMap({ hashing: 'ketama', keyHash: 'fnv1a_64', pointsPerServer: 160 }, [1, 2], NAMES);
    expect(h.commands.map((c) => c.server)).toEqual([0, 0, 0, withoutShard0.serverOf(k0!)]);
  });

  it('sends an EVAL whole to its first key\'s server, whatever servers its other keys map to (req_forward)', () => {
    const h = tierHarness(PROXY);
    h.built.preload();
    const [a] = keysOn(0, 1);
    const [b] = keysOn(1, 1);
    h.engine.at(0, () => {
      const t = h.requests;
      const req = t.alloc();
      h.factory.command(t, req * t.stride, Op.get, a!, null as never);
      h.factory.command(t, req * t.stride + 1, Op.get, b!, null as never);
      t.op[req] = Op.eval;
      t.commandCount[req] = 2;
      t.requestBytes[req] = 100;
      t.startNs[req] = 0;
      t.owner[req] = -1;
      h.built.clients[0]!.submit(req);
    });
    h.engine.run({ untilNs: 100e6 });
    expect(h.done.map((d) => d.outcome)).toEqual([Outcome.ok]);
    expect(h.commands.map((c) => c.server)).toEqual([0]);
  });

  it('answers a timeout that came due while it was stopped (SIGSTOP) only once it runs again: core_timeout runs in its loop', () => {
    const h = tierHarness({ ...PROXY, proxy: { ...PROXY.proxy, timeout: '1ms' } });
    h.built.preload();
    const proxy = h.built.targets.get('t/proxy-0')!;
    h.engine.at(0, () => h.built.targets.get('t/shard-0')!.pause());
    h.issue(0, [keysOn(0, 1)[0]!]);
    h.engine.at(0.5e6, () => proxy.pause());
    h.engine.at(5e6, () => proxy.resume());
    h.engine.run({ untilNs: 100e6 });
    expect(h.done.map((d) => [d.outcome, d.endNs])).toEqual([[Outcome.timeout, 5e6 + LATENCY_NS]]);
  });
});

describe('a server\'s crash, as the proxy sees it (twemproxy server_close, server_connect)', () => {
  const GET_NS = 4 * LATENCY_NS + REQUEST_CPU_NS + SERVICE_NS + REPLY_CPU_NS;
  const clients = { clients: { timeout: '1s', retries: 0 } };
  /** What a refused request costs: client → proxy, the proxy's CPU, the SYN out and the reset back, the error back. */
  const REFUSED_NS = 4 * LATENCY_NS + REQUEST_CPU_NS;

  /**
   * A proxy tier whose client GETs key `k0` of shard-0 at 0 (served); shard-0 crashes at 1 ms, so its
   * host resets the proxy's connection, and runs again, empty, at `restartNs` if given.
   */
  function afterCrash(topology: Record<string, unknown> = PROXY, restartNs?: number, options: TierOptions = clients) {
    const h = tierHarness(topology, options);
    h.built.preload();
    const k0 = keysOn(0, 1)[0]!;
    h.issue(0, [k0]);
    h.engine.at(1e6, () => h.crash('t/shard-0'));
    const shard = h.built.targets.get('t/shard-0')!;
    if (restartNs !== undefined) h.engine.at(restartNs, () => shard.restart());
    const syns: number[] = [];
    h.bus.signal<NetMessage>(NET_MESSAGE).subscribe((m) => {
      if (m.purpose === Purpose.connect && h.network.hostName(m.src) === 't/proxy-0') syns.push(h.engine.now);
    });
    const ejects: ClusterEvent[] = [];
    h.bus.signal<ClusterEvent>(CLUSTER_EVENT).subscribe((e) => ejects.push({ ...e }));
    return { h, k0, shard, proxy: h.built.targets.get('t/proxy-0')!, syns, ejects };
  }

  /** Each request's start (ms), outcome and latency. */
  const outcomes = (h: ReturnType<typeof tierHarness>) => h.done.map((d) => [d.startNs / 1e6, d.outcome, d.endNs - d.startNs]);

  it('answers the request on a crashed server\'s connection with an error when the reset arrives, is refused a round trip after each connect while the server is down, and connects again after its restart', () => {
    const h = tierHarness(PROXY, clients);
    h.built.preload();
    const [k0] = keysOn(0, 1);
    h.issue(0, [k0!]);
    // The GET is on its way to shard-0 (written at L + 3 µs, due at 2 L + 3 µs) when the process dies.
    h.engine.at(1.5 * LATENCY_NS, () => h.crash('t/shard-0'));
    h.issue(1e6, [k0!]);
    h.engine.at(2e6, () => h.built.targets.get('t/shard-0')!.restart());
    h.issue(3e6, [k0!]);
    h.engine.run({ untilNs: 100e6 });
    expect(h.done.map((d) => [d.startNs / 1e6, d.outcome, d.endNs - d.startNs, d.hits])).toEqual([
      // The reset leaves shard-0's host at the crash and reaches the proxy a hop later; the error goes back.
      [0, Outcome.disconnected, 3.5 * LATENCY_NS, 0],
      [1, Outcome.disconnected, REFUSED_NS, 0],
      // A handshake, then the GET; the restarted server is empty.
      [3, Outcome.ok, 2 * LATENCY_NS + GET_NS, 0],
    ]);
    // The dead process saw nothing; the restarted one, the third GET.
    expect(h.commands.map((c) => c.server)).toEqual([0]);
    // The fragment written before the crash stays abandoned (a late reply would free it); the refused one is freed.
    expect(h.requests.inUse).toBe(1);
  });

  it('with auto-eject, counts the reset and each refused connect as failures, so the server leaves the ring at the second and its keys go to the next server at once', () => {
    const { h, k0, ejects } = afterCrash({ ...PROXY, proxy: { ...PROXY.proxy, autoEjectHosts: true, serverFailureLimit: 2, serverRetryTimeout: '50ms' } });
    h.issue(2e6, [k0]);
    h.issue(3e6, [k0]);
    h.engine.run({ untilNs: 40e6 });
    expect(h.done.map((d) => [d.startNs / 1e6, d.outcome, d.endNs - d.startNs, d.hits])).toEqual([
      [0, Outcome.ok, GET_NS, 1],
      [2, Outcome.disconnected, REFUSED_NS, 0],
      [3, Outcome.ok, GET_NS, 0],
    ]);
    expect(ejects.map((e) => [e.target, e.timeNs])).toEqual([['t/shard-0', 2e6 + 3 * LATENCY_NS + REQUEST_CPU_NS]]);
  });

  it('with two connections to the server, its reset closes both: two failures, so auto-eject takes the server out at the reset', () => {
    const { h, k0, ejects } = afterCrash({ ...PROXY, proxy: { ...PROXY.proxy, serverConnections: 2, autoEjectHosts: true, serverFailureLimit: 2, serverRetryTimeout: '50ms' } });
    h.issue(2e6, [k0]);
    h.engine.run({ untilNs: 40e6 });
    expect(ejects.map((e) => [e.target, e.timeNs])).toEqual([['t/shard-0', 1e6 + LATENCY_NS]]);
    expect(h.done.map((d) => [d.startNs / 1e6, d.outcome, d.hits])).toEqual([[0, Outcome.ok, 1], [2, Outcome.ok, 0]]);
  });

  it('starts a connection made while its server is down by connecting, so the first request to it is refused', () => {
    const h = tierHarness(PROXY, clients);
    h.built.preload();
    h.engine.at(0, () => h.crash('t/shard-0'));
    h.issue(1e6, [keysOn(0, 1)[0]!]);
    h.engine.run({ untilNs: 100e6 });
    expect(h.done.map((d) => [d.outcome, d.endNs - d.startNs])).toEqual([[Outcome.disconnected, REFUSED_NS]]);
    expect(h.requests.inUse).toBe(0);
  });

  it('ignores the answer to a handshake sent before the proxy crashed: a connection opened after its restart waits for its own', () => {
    const { h, k0, proxy } = afterCrash(PROXY, 1.2e6);
    // The first GET's handshake leaves at 2 ms + L + 3 µs; its SYN-ACK is back 2 L later, after the proxy died (losing that GET) and ran again.
    h.issue(2e6, [k0]);
    h.engine.at(2e6 + 1.5 * LATENCY_NS, () => proxy.crash());
    h.engine.at(2e6 + 1.6 * LATENCY_NS, () => proxy.restart());
    h.issue(2e6 + 0.7 * LATENCY_NS, [k0]);
    h.engine.run({ untilNs: 100e6 });
    expect(outcomes(h)).toEqual([[0, Outcome.ok, GET_NS], [2 + 0.7 * LATENCY_NS / 1e6, Outcome.ok, 2 * LATENCY_NS + GET_NS]]);
    // The lost GET's client row waits for its client's timeout; its fragment, never written, was freed.
    expect(h.requests.inUse).toBe(1);
  });

  it('a proxy that crashes while a reset waits in its paused loop forgets it: restarted, it connects again and serves the server\'s keys', () => {
    const h = tierHarness(PROXY, clients);
    h.built.preload();
    const proxy = h.built.targets.get('t/proxy-0')!;
    const [k0] = keysOn(0, 1);
    h.issue(0, [k0!]);
    h.engine.at(1e6, () => proxy.pause());
    h.engine.at(1.1e6, () => h.crash('t/shard-0'));
    h.engine.at(2e6, () => proxy.crash());
    h.engine.at(2.1e6, () => proxy.restart());
    h.engine.at(2.2e6, () => h.built.targets.get('t/shard-0')!.restart());
    h.issue(3e6, [k0!]);
    h.engine.run({ untilNs: 100e6 });
    expect(outcomes(h)).toEqual([[0, Outcome.ok, GET_NS], [3, Outcome.ok, 2 * LATENCY_NS + GET_NS]]);
  });

  it('ignores the reset of a server that dies and runs again before the handshake reaches it: no socket was there, and the new process answers', () => {
    const { h, k0, shard } = afterCrash(PROXY, 1.5e6);
    // The SYN leaves at 2 ms + L + 3 µs; the server dies and runs again before it arrives.
    h.issue(2e6, [k0]);
    h.engine.at(2e6 + 1.2 * LATENCY_NS, () => h.crash('t/shard-0'));
    h.engine.at(2e6 + 1.5 * LATENCY_NS, () => shard.restart());
    h.engine.run({ untilNs: 100e6 });
    expect(outcomes(h)).toEqual([[0, Outcome.ok, GET_NS], [2, Outcome.ok, 2 * LATENCY_NS + GET_NS]]);
  });

  it('counts its timeout from a fragment\'s queueing, so a slow handshake times out; the late SYN-ACK of that closed socket opens nothing, and the next request connects again', () => {
    const { h, k0, shard } = afterCrash({ ...PROXY, proxy: { ...PROXY.proxy, timeout: '1ms' } }, 1.5e6);
    // Ten times the latency to and from the server's host: the handshake takes 2 ms.
    h.engine.at(1.6e6, () => h.network.degrade(shard.host, 10, 0));
    h.issue(2e6, [k0]);
    h.engine.at(5e6, () => h.network.degrade(shard.host, 1, 0));
    h.issue(6e6, [k0]);
    h.engine.run({ untilNs: 100e6 });
    expect(outcomes(h)).toEqual([[0, Outcome.ok, GET_NS], [2, Outcome.timeout, 2 * LATENCY_NS + REQUEST_CPU_NS + 1e6], [6, Outcome.ok, 2 * LATENCY_NS + GET_NS]]);
    expect(h.requests.inUse).toBe(0);
  });

  it('sends an unanswered SYN again after 1 s, then 2 s later, so a handshake lost to a partition connects once the partition heals', () => {
    const { h, k0, shard, syns } = afterCrash(PROXY, 1.5e6, { clients: { timeout: '10s', retries: 0 } });
    h.engine.at(1.6e6, () => h.network.partition([shard.host]));
    h.issue(2e6, [k0]);
    h.engine.at(2.5e9, () => h.network.heal());
    h.engine.run({ untilNs: 10e9 });
    const firstSynNs = 2e6 + LATENCY_NS + REQUEST_CPU_NS;
    expect(syns.map((t) => t - firstSynNs)).toEqual([0, 1e9, 3e9]);
    expect(outcomes(h)).toEqual([[0, Outcome.ok, GET_NS], [2, Outcome.ok, 3e9 + 2 * LATENCY_NS + GET_NS]]);
  });

  it('sends no SYN again once the SYN-ACK is in, even while a paused proxy has not handled it yet (the kernel completed the handshake)', () => {
    const { h, k0, proxy, syns } = afterCrash(PROXY, 1.5e6, { clients: { timeout: '10s', retries: 0 } });
    h.issue(2e6, [k0]);
    // Paused after the SYN left (at 2 ms + L + 3 µs), before its SYN-ACK is back; resumed after 2 s.
    h.engine.at(2e6 + 1.5 * LATENCY_NS, () => proxy.pause());
    h.engine.at(2e6 + 2e9, () => proxy.resume());
    h.engine.run({ untilNs: 5e9 });
    expect(syns.length).toBe(1);
    expect(h.done.map((d) => d.outcome)).toEqual([Outcome.ok, Outcome.ok]);
  });

  it('gives up a handshake after six retransmissions (127 s): the connect fails as a timeout and the request gets its error', () => {
    const { h, k0, shard } = afterCrash(PROXY, 1.5e6, { clients: { timeout: '200s', retries: 0 } });
    h.engine.at(1.6e6, () => h.network.partition([shard.host]));
    h.issue(2e6, [k0]);
    h.engine.run({ untilNs: 300e9 });
    expect(outcomes(h)).toEqual([[0, Outcome.ok, GET_NS], [2, Outcome.timeout, 2 * LATENCY_NS + REQUEST_CPU_NS + 127e9]]);
  });

  it('with turns, a SYN-ACK wakes the loop and the waiting request is written in that event, not a turn later', () => {
    const { h, k0 } = afterCrash({ ...PROXY, proxy: { ...PROXY.proxy, turnCpu: '4us' } }, 1.5e6);
    h.issue(2e6, [k0]);
    h.engine.run({ untilNs: 100e6 });
    // Out: half a turn and the request's CPU, the handshake, half a turn; back: half a turn, the reply's CPU, a turn (its write leaves at the next turn).
    expect(h.done.map((d) => d.endNs - d.startNs)).toEqual([GET_NS + 3 * TURN_NS, GET_NS + 2 * LATENCY_NS + 2.5 * TURN_NS]);
  });

  it('a paused proxy handles a reset after its resume: the requests on the connection fail then, not before', () => {
    const h = tierHarness(PROXY, clients);
    h.built.preload();
    h.issue(0, [keysOn(0, 1)[0]!]);
    h.engine.at(1.5 * LATENCY_NS, () => h.built.targets.get('t/proxy-0')!.pause());
    h.engine.at(1.5 * LATENCY_NS, () => h.crash('t/shard-0'));
    h.engine.at(10e6, () => h.built.targets.get('t/proxy-0')!.resume());
    h.engine.run({ untilNs: 100e6 });
    expect(h.done.map((d) => [d.outcome, d.endNs])).toEqual([[Outcome.disconnected, 10e6 + LATENCY_NS]]);
  });

  it('loses a crashed server\'s reset when a partition cuts its host off (a host lost whole): the request waits for the proxy\'s timeout', () => {
    const h = tierHarness({ ...PROXY, proxy: { ...PROXY.proxy, timeout: '5ms' } }, clients);
    h.built.preload();
    h.issue(0, [keysOn(0, 1)[0]!]);
    h.engine.at(1.5 * LATENCY_NS, () => {
      h.network.partition([h.built.targets.get('t/shard-0')!.host]);
      h.crash('t/shard-0');
    });
    h.engine.run({ untilNs: 100e6 });
    expect(h.done.map((d) => [d.outcome, d.endNs - d.startNs])).toEqual([[Outcome.timeout, 2 * LATENCY_NS + REQUEST_CPU_NS + 5e6]]);
  });
});
