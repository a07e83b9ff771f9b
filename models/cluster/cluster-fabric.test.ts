import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine/engine.js';
import { RngStreams } from '../../sim/random/rng.js';
import { SignalBus } from '../../sim/signal/signal.js';
import { Network } from '../network/network.js';
import { networkParams } from '../network/network-params.js';
import type { ReplicationHub } from '../replication/replication-hub.js';
import { BusType } from './bus-message.js';
import type { ClusterBus } from './cluster-bus.js';
import { ClusterFabric } from './cluster-fabric.js';
import type { ClusterNode } from './cluster-node.js';

describe('ClusterFabric', () => {
  it('sends an answering PONG back on its PING\'s link, and does not pass it on to a node that freed that link meanwhile, while the peer reads the PING sent before', () => {
    const engine = new Engine();
    const bus = new SignalBus();
    const net = new Network(engine, networkParams.parse({ bandwidth: 'unlimited', latency: { sameZone: '10us' } }), new RngStreams(1), bus);
    const nodes = [0, 1].map((i) => ({ server: { options: { host: net.addHost(`n${i}`, 0) } } })) as unknown as ClusterNode[];
    const fabric = new ClusterFabric(engine, net, nodes, {} as ReplicationHub, { nodeTimeoutNs: 15e9, slots: 16384, shardIdExtension: false, requireFullCoverage: true, replicaNoFailover: false }, bus, [true, true]);
    const read: string[] = [];
    for (const i of [0, 1]) fabric.buses.push({ arrive: (id: number) => read.push(`${i} reads ${BusType.pong === fabric.pool.get(id).type ? 'PONG' : 'PING'}`) } as unknown as ClusterBus);
    // A lossy end (that loses nothing in this run) keeps the two nodes' links.
    net.degrade(1, 1, 1e-12);
    const message = (type: number, from: number, to: number, reply: boolean) => {
      const id = fabric.pool.alloc();
      const m = fabric.pool.get(id);
      m.type = type; m.from = from; m.to = to; m.reply = reply; m.link = null; m.sizeBytes = 100;
      return id;
    };
    const ping = message(BusType.ping, 0, 1, false);
    fabric.send(ping);
    const link = fabric.pool.get(ping).link!;
    expect(link.owner).toBe(0);
    const unread = message(BusType.pong, 1, 0, true);
    fabric.pool.get(unread).link = link;
    fabric.send(unread);
    engine.run({ untilNs: 5000 });
    fabric.links.reconnect(0, 1, 0, 1, 100e6);
    engine.run();
    expect(read).toEqual(['1 reads PING']);
    // Not freed, the answer is read.
    const again = message(BusType.ping, 0, 1, false);
    fabric.send(again);
    const answer = message(BusType.pong, 1, 0, true);
    fabric.pool.get(answer).link = fabric.pool.get(again).link;
    fabric.send(answer);
    engine.run();
    expect(read).toEqual(['1 reads PING', '1 reads PING', '0 reads PONG']);
  });
});
