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
});
