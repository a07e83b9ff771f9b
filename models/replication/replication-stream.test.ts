import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine/engine.js';
import { RngStreams } from '../../sim/random/rng.js';
import { SignalBus } from '../../sim/signal/signal.js';
import { RequestTable } from '../request/request-table.js';
import { Channel, Network } from '../network/network.js';
import { networkParams } from '../network/network-params.js';
import { RedisServer } from '../server/redis-server.js';
import { serverParams } from '../server/server-params.js';
import { Op } from '../signals.js';
import { ReplicationFanOut, ReplicationStream } from './replication-stream.js';

describe('ReplicationStream', () => {
  it('applies a write on the replica one link latency plus its own service time after the primary ran it, and counts the lag meanwhile', () => {
    const engine = new Engine();
    const bus = new SignalBus();
    const streams = new RngStreams(1);
    const network = new Network(engine, networkParams.parse({ bandwidth: 'unlimited', latency: { sameZone: '100us' } }), streams, bus);
    const requests = new RequestTable(1);
    const server = (name: string) => new RedisServer(engine, network, requests, serverParams.parse({}), {
      id: 0, name, host: network.addHost(name, 0), keyCount: 4, withExpiry: false,
    }, streams, bus);
    const primary = server('primary');
    const replica = server('replica');
    const fanOut = new ReplicationFanOut();
    primary.writeListener = fanOut;
    const stream = new ReplicationStream(engine, network, primary, replica, 16);
    fanOut.streams.push(stream);
    const app = network.addHost('app', 0);
    const req = requests.alloc();
    requests.cmdOp[req] = Op.set;
    requests.cmdKey[req] = 2;
    requests.cmdValueBytes[req] = 1000;
    requests.commandCount[req] = 1;
    requests.clientHost[req] = app;
    requests.replyHandler[req] = () => {};
    requests.replyChannel[req] = new Channel();
    engine.at(0, primary.onRequest, req);
    const seen: [number, boolean, number][] = [];
    for (const t of [50_000, 105_000, 110_000]) engine.at(t, () => seen.push([t, replica.keyspace.has(2), stream.lag]));
    engine.run();
    // The SET runs at 0 (5 µs); the write leaves at 0 and arrives at 100 µs; applying costs
    // command 0.6 + perKey 0.25 + perKB 0.15 = 1 µs, done at 101 µs (the key exists from 100 µs).
    expect(seen).toEqual([[50_000, false, 1], [105_000, true, 0], [110_000, true, 0]]);
    expect(replica.keyspace.valueBytesOf(2)).toBe(1000);
  });

  it('forks the primary for a full sync: its thread pauses for the dataset\'s GB × forkPerGB, and a disk-based sync sends the RDB file after writing it, with the writes made meanwhile after it', () => {
    const run = (replSync: string) => {
      const engine = new Engine();
      const bus = new SignalBus();
      const streams = new RngStreams(1);
      const network = new Network(engine, networkParams.parse({ bandwidth: 'unlimited', latency: { sameZone: '100us' } }), streams, bus);
      const requests = new RequestTable(1);
      const server = (name: string) => new RedisServer(engine, network, requests, serverParams.parse({ persistence: { forkPerGB: '10ms', diskWrite: '1GB', replSync }, cost: { freshMemoryPerKB: 0 } }), {
        id: 0, name, host: network.addHost(name, 0), keyCount: 4, withExpiry: false,
      }, streams, bus);
      const primary = server('primary');
      const replica = server('replica');
      primary.preload(0, 500e6);
      const fanOut = new ReplicationFanOut();
      primary.writeListener = fanOut;
      const stream = new ReplicationStream(engine, network, primary, replica, 16);
      fanOut.streams.push(stream);
      stream.fullSync();
      const app = network.addHost('app', 0);
      const replies: number[] = [];
      const set = (atNs: number, key: number) => {
        const req = requests.alloc();
        requests.cmdOp[req] = Op.set;
        requests.cmdKey[req] = key;
        requests.cmdValueBytes[req] = 0;
        requests.commandCount[req] = 1;
        requests.clientHost[req] = app;
        requests.replyHandler[req] = () => replies.push(engine.now);
        requests.replyChannel[req] = new Channel();
        engine.at(atNs, primary.onRequest, req);
      };
      // The sync forks at 5 s (repl-diskless-sync-delay); a SET arrives during the fork and one during the disk write.
      set(5e9 + 1e6, 1);
      set(5.2e9, 2);
      engine.run();
      return { replies, keys: [0, 1, 2].map((k) => replica.keyspace.has(k)), linkUp: stream.linkUp };
    };
    const forkNs = ((500e6 + 64) / 1e9) * 10e6;
    const diskless = run('diskless');
    // The SET queued behind the fork waits for it (5 ms), runs 4.85 µs, and its reply takes 100 µs back; it is in the dataset sent.
    expect(diskless.replies[0]).toBe(5e9 + Math.round(forkNs) + 4850 + 100_000);
    expect(diskless).toMatchObject({ keys: [true, true, true], linkUp: true });
    const disk = run('disk');
    expect(disk.replies[0]).toBe(diskless.replies[0]);
    // Key 2, written while the child wrote the file, is not in it: it reaches the replica after the file, so the file does not erase it.
    expect(disk).toMatchObject({ keys: [true, true, true], linkUp: true });
  });
});
