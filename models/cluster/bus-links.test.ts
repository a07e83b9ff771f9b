import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine/engine.js';
import { RngStreams } from '../../sim/random/rng.js';
import { SignalBus } from '../../sim/signal/signal.js';
import { Network } from '../network/network.js';
import { networkParams } from '../network/network-params.js';
import { NET_MESSAGE, Purpose, type NetMessage } from '../signals.js';
import { BusLinks } from './bus-links.js';

/** Three nodes on hosts 0, 1, 2, 10 µs apart, and their links. */
function setUp() {
  const engine = new Engine();
  const bus = new SignalBus();
  const net = new Network(engine, networkParams.parse({ bandwidth: 'unlimited', latency: { sameZone: '10us' } }), new RngStreams(1), bus);
  for (const name of ['n0', 'n1', 'n2']) net.addHost(name, 0);
  return { engine, bus, net, links: new BusLinks(net, 3) };
}

describe('BusLinks', () => {
  it('keeps no link where no message can be lost, and one only between hosts a partition or a lossy end can lose messages between', () => {
    const { net, links } = setUp();
    expect(links.of(0, 1, 0, 1)).toBeNull();
    net.partition([1]);
    expect(links.of(0, 2, 0, 2)).toBeNull();
    const link = links.of(0, 1, 0, 1)!;
    expect(link).not.toBeNull();
    expect(links.of(0, 1, 0, 1)).toBe(link);
    expect(links.of(1, 0, 1, 0)).not.toBe(link);
    net.heal();
    net.degrade(2, 1, 0.01);
    expect(links.of(0, 1, 0, 1)).toBeNull();
    expect(links.of(0, 2, 0, 2)).not.toBeNull();
  });

  it('keeps a link that still recovers a lost message after the partition heals, then lets it go', () => {
    const { engine, net, links } = setUp();
    net.partition([1]);
    const link = links.of(0, 1, 0, 1)!;
    const arrived: number[] = [];
    net.send(0, 1, 100, Purpose.gossip, link.up, () => arrived.push(engine.now), 0);
    net.heal();
    expect(links.of(0, 1, 0, 1)).toBe(link);
    engine.run();
    // Resent one RTO (2 · 10 µs + 200 ms) after the send; it arrives one way later.
    expect(arrived).toEqual([200_030_000]);
    expect(links.of(0, 1, 0, 1)).toBeNull();
  });

  it('closes a link its owner frees: what it still resends, either way, is dropped; the new link sends its SYN 100 ms later, and what waited for it one way after the SYN arrives', () => {
    const { engine, net, links } = setUp();
    net.partition([1]);
    const link = links.of(0, 1, 0, 1)!;
    const arrived: [string, number][] = [];
    net.send(0, 1, 100, Purpose.gossip, link.up, () => arrived.push(['ping', engine.now]), 0);
    net.send(1, 0, 100, Purpose.gossip, link.down, () => arrived.push(['pong', engine.now]), 0);
    links.reconnect(0, 1, 0, 1, 100e6);
    expect(link.freed).toBe(true);
    const next = links.of(0, 1, 0, 1)!;
    expect(next).not.toBe(link);
    net.send(0, 1, 100, Purpose.gossip, next.up, () => arrived.push(['new ping', engine.now]), 0);
    net.heal();
    engine.run();
    // The SYN leaves at 100 ms and arrives 10 µs later; the SYN-ACK is back 10 µs after that, and the PING arrives 10 µs on.
    expect(arrived).toEqual([['new ping', 100_030_000]]);
  });

  it('resends a reconnect\'s lost SYN at 1 s doubling (not on the data schedule) until a copy gets through, and then sends what waited', () => {
    const { engine, bus, net, links } = setUp();
    const syns: number[] = [];
    bus.signal<NetMessage>(NET_MESSAGE).subscribe((m) => {
      if (m.purpose === Purpose.connect) syns.push(engine.now / 1e9);
    });
    net.partition([1]);
    links.of(0, 1, 0, 1);
    links.reconnect(0, 1, 0, 1, 100e6);
    const arrived: number[] = [];
    net.send(0, 1, 100, Purpose.gossip, links.of(0, 1, 0, 1)!.up, () => arrived.push(engine.now), 0);
    engine.at(5e9, () => net.heal());
    engine.run();
    // The first copy after the heal at 5 s gets through; the PING leaves when its SYN-ACK is back.
    expect(syns).toEqual([0.1, 1.1, 3.1, 7.1]);
    expect(arrived).toEqual([7_100_030_000]);
  });

  it('resets the links to and from a process that dies, and only those', () => {
    const { engine, net, links } = setUp();
    net.degrade(0, 1, 1);
    const from = links.of(0, 1, 0, 1)!;
    const to = links.of(2, 0, 2, 0)!;
    const arrived: string[] = [];
    net.send(0, 1, 100, Purpose.gossip, from.up, () => arrived.push('from'), 0);
    net.send(2, 0, 100, Purpose.gossip, to.up, () => arrived.push('to'), 0);
    net.degrade(2, 1, 0.5);
    const other = links.of(1, 2, 1, 2)!;
    links.processDied(0);
    expect(links.of(1, 2, 1, 2)).toBe(other);
    expect(links.of(0, 1, 0, 1)).not.toBe(from);
    net.degrade(0, 1, 0);
    net.degrade(2, 1, 0);
    engine.run();
    expect(arrived).toEqual([]);
    expect(from.freed).toBe(false);
  });
});
