import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine/engine.js';
import { RngStreams } from '../../sim/random/rng.js';
import { SignalBus } from '../../sim/signal/signal.js';
import { RequestTable } from '../request/request-table.js';
import { Channel, Network } from '../network/network.js';
import { networkParams } from '../network/network-params.js';
import { Op } from '../signals.js';
import { RedisServer } from '../server/redis-server.js';
import { serverParams } from '../server/server-params.js';
import { TrackingTable } from './tracking-table.js';

/** What reached a host, in order: a reply (request id) or an invalidation (key, or the keys of a batch). */
type Arrival = [string, number, number | number[]];

function harness(broadcast: boolean, server: Record<string, unknown> = {}) {
  const engine = new Engine();
  const bus = new SignalBus();
  const net = new Network(engine, networkParams.parse({ bandwidth: 'unlimited', latency: { sameZone: 0 } }), new RngStreams(1), bus);
  const hosts = [net.addHost('a', 0), net.addHost('b', 0)];
  const serverHost = net.addHost('server', 0);
  const table = new RequestTable(1);
  // Every request costs 4 µs + 600 ns + 250 ns (default request, command, perKey).
  // No page faults of fresh memory, so that a SET costs what a GET does and the times are tracking's alone.
  const redis = new RedisServer(engine, net, table, serverParams.parse({ cost: { freshMemoryPerKB: 0 }, ...server }), { id: 0, name: 'server', host: serverHost, keyCount: 16, withExpiry: false }, new RngStreams(7), bus);
  const tracking = new TrackingTable(net, redis, 16, broadcast, new RngStreams(3).stream('tracking'));
  const arrivals: Arrival[] = [];
  const replyChannels = [[new Channel(), new Channel()], [new Channel(), new Channel()]];
  for (const host of hosts) {
    const redirect = new Channel();
    tracking.register(host, 2, redirect, (key) => arrivals.push([`invalidate@${host}`, engine.now, key]), (id) => {
      arrivals.push([`batch@${host}`, engine.now, [...tracking.batchKeys(id)]]);
      tracking.delivered(id);
    });
  }
  const onReply = (req: number) => arrivals.push([`reply ${req}`, engine.now, table.clientHost[req]!]);
  /** Sends `op` of `key` from connection `connection` of host `host` at `atNs`. */
  const send = (atNs: number, host: number, connection: number, op: number, key: number) => {
    const req = table.alloc();
    table.cmdOp[req] = op;
    table.cmdKey[req] = key;
    table.cmdValueBytes[req] = 0;
    table.commandCount[req] = 1;
    table.clientHost[req] = hosts[host]!;
    table.connection[req] = connection;
    table.replyHandler[req] = onReply;
    table.replyChannel[req] = replyChannels[host]![connection]!;
    engine.at(atNs, redis.onRequest, req);
  };
  return { engine, send, arrivals, redis };
}

describe('client tracking', () => {
  it('invalidates a tracked key drawn at random when a key tracked over tracking-table-max-keys joins the table, so each key is invalidated once: by the limit or by its write', () => {
    const { engine, send, arrivals, redis } = harness(false, { trackingTableMaxKeys: 2 });
    for (const key of [1, 2, 3]) redis.preload(key, 0);
    send(0, 0, 0, Op.get, 1);
    send(10_000, 0, 0, Op.get, 2);
    send(20_000, 1, 0, Op.get, 3);
    for (const [i, key] of [1, 2, 3].entries()) send(100_000 + 10_000 * i, 1, 1, Op.set, key);
    engine.run();
    const invalidations = arrivals.filter(([what]) => what.startsWith('invalidate'));
    expect(invalidations[0]![1]).toBeLessThan(100_000);
    expect(invalidations.map(([, , key]) => key).sort()).toEqual([1, 2, 3]);
  });

  it('queues a default-mode invalidation to every connection that read the key, each host\'s in one write of its redirect connection after the writer\'s reply', () => {
    const { engine, send, arrivals, redis } = harness(false);
    redis.preload(5, 0);
    send(0, 0, 0, Op.get, 5);
    send(10_000, 0, 1, Op.get, 5);
    send(20_000, 1, 0, Op.get, 5);
    send(20_000, 0, 0, Op.get, 5);
    send(30_000, 1, 1, Op.set, 5);
    send(40_000, 1, 1, Op.set, 5);
    engine.run();
    // Reply 4's SET queued host 1's redirect connection (its connection 0 read last), then host 0's
    // (both of its connections read), then its own reply: written newest first, 800 ns a write.
    expect(arrivals).toEqual([
      ['reply 0', 4850, 0], ['reply 1', 14850, 0], ['reply 2', 24850, 1], ['reply 3', 29700, 0],
      ['reply 4', 34850, 1], ['invalidate@0', 35650, 5], ['invalidate@0', 35650, 5], ['invalidate@1', 36450, 5],
      ['reply 5', 44850, 1],
    ]);
  });

  it('with replies per command, sends an invalidation when the writing command ends, after its reply', () => {
    const { engine, send, arrivals, redis } = harness(false, { replies: 'per-command' });
    redis.preload(5, 0);
    send(0, 0, 0, Op.get, 5);
    send(10_000, 1, 1, Op.set, 5);
    engine.run();
    expect(arrivals).toEqual([['reply 0', 4850, 0], ['reply 1', 14_850, 1], ['invalidate@0', 14_850, 5]]);
  });

  it('flushes the keys an iteration modified, each once, in one message per tracking connection, for command + perKey per key of the thread, and writes the redirect connections before the writers', () => {
    const { engine, send, arrivals } = harness(true);
    send(0, 0, 0, Op.get, 1);
    send(1000, 0, 1, Op.set, 2);
    send(2000, 1, 0, Op.set, 3);
    send(3000, 1, 1, Op.set, 2);
    engine.run();
    // The three SETs (4050 each before their writes) from 4850, the flush, then five writes of 800 ns:
    // host 1's redirect connection (queued last), host 0's, then the writers newest first.
    const flushedNs = 4850 + 3 * 4050 + 600 + 2 * 250;
    expect(arrivals).toEqual([
      ['reply 0', 4850, 0],
      ...Array.from({ length: 4 }, (_, i): Arrival => [`batch@${i < 2 ? 1 : 0}`, flushedNs + (i < 2 ? 800 : 1600), [2, 3]]),
      ['reply 3', flushedNs + 2400, 1], ['reply 2', flushedNs + 3200, 1], ['reply 1', flushedNs + 4000, 0],
    ]);
  });

  it('forgets on a crash the connections that read a key: a write after the restart invalidates nothing', () => {
    const { engine, send, arrivals, redis } = harness(false);
    redis.preload(5, 0);
    send(0, 0, 0, Op.get, 5);
    engine.at(10_000, () => redis.crash());
    engine.at(11_000, () => redis.restart());
    send(20_000, 1, 0, Op.set, 5);
    engine.run();
    expect(arrivals).toEqual([['reply 0', 4850, 0], ['reply 1', 24_850, 1]]);
  });

  it('forgets on a crash the keys waiting for a BCAST flush: the next iteration broadcasts nothing', () => {
    const { engine, send, arrivals, redis } = harness(true);
    send(0, 0, 0, Op.set, 2);
    engine.at(2000, () => redis.crash());
    engine.at(3000, () => redis.restart());
    send(10_000, 1, 0, Op.get, 3);
    engine.run();
    expect(arrivals).toEqual([['reply 1', 14_850, 1]]);
  });
});
