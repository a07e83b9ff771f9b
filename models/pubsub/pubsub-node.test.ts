import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine/engine.js';
import { RngStreams } from '../../sim/random/rng.js';
import { SignalBus } from '../../sim/signal/signal.js';
import { RequestTable } from '../request/request-table.js';
import { Channel, Network } from '../network/network.js';
import { networkParams } from '../network/network-params.js';
import { RedisServer } from '../server/redis-server.js';
import { serverParams } from '../server/server-params.js';
import { PubSubNode, publishData } from './pubsub-node.js';

describe('PubSubNode', () => {
  it('writes a PUBLISH\'s message to each subscriber connection in beforeSleep, one write each, newest first', () => {
    const engine = new Engine();
    const bus = new SignalBus();
    const net = new Network(engine, networkParams.parse({ bandwidth: 'unlimited', latency: { sameZone: 0 } }), new RngStreams(1), bus);
    const hosts = ['a', 'b', 'c'].map((name) => net.addHost(name, 0));
    const serverHost = net.addHost('server', 0);
    const redis = new RedisServer(engine, net, new RequestTable(1), serverParams.parse({}), { id: 0, name: 'server', host: serverHost, keyCount: 16, withExpiry: false }, new RngStreams(7), bus);
    const node = new PubSubNode(net, redis, 16);
    const arrivals: [number, number, number][] = [];
    for (const host of hosts) node.subscribe(host, new Channel(), (key) => arrivals.push([host, engine.now, key]));
    engine.at(0, node.onPublish, publishData(7, false));
    engine.run();
    // The PUBLISH: request 4 µs + command 600 ns + perKey 250 ns a subscriber; then three writes of 800 ns, the subscriber queued last first.
    const published = 4000 + 600 + 3 * 250;
    expect(arrivals).toEqual([[hosts[2], published + 800, 7], [hosts[1], published + 1600, 7], [hosts[0], published + 2400, 7]]);
    expect(redis.executor.busyNsAt(engine.now)).toBe(published + 2400);
  });
});
