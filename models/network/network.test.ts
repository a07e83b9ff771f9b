import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine/engine.js';
import { RngStreams } from '../../sim/random/rng.js';
import { SignalBus } from '../../sim/signal/signal.js';
import { NET_MESSAGE, Purpose, type NetMessage } from '../signals.js';
import { Channel, Network } from './network.js';
import { networkParams } from './network-params.js';

function network(overrides: Record<string, unknown>) {
  const engine = new Engine();
  const bus = new SignalBus();
  const net = new Network(engine, networkParams.parse(overrides), new RngStreams(1), bus);
  return { engine, net, bus };
}

const ZERO_LATENCY = { sameZone: 0, crossZone: 0, crossRegion: 0 };
const MB = 1_000_000;

describe('Network', () => {
  it('serializes a 1 MB message on a 1 Gbps NIC in exactly 8 ms', () => {
    const { engine, net } = network({ bandwidth: '1Gbps', latency: ZERO_LATENCY });
    const a = net.addHost('a', 0);
    const b = net.addHost('b', 0);
    expect(net.serializationNs(MB)).toBe(8_000_000);
    const delivered: number[] = [];
    net.send(a, b, MB, Purpose.client, new Channel(), () => delivered.push(engine.now), 0);
    net.send(a, b, MB, Purpose.client, new Channel(), () => delivered.push(engine.now), 0);
    engine.run();
    expect(delivered).toEqual([8_000_000, 16_000_000]);
  });

  it('adds the propagation latency once on an idle path (cut-through reception)', () => {
    const { engine, net } = network({ bandwidth: '1Gbps', latency: { ...ZERO_LATENCY, sameZone: '2ms' } });
    const a = net.addHost('a', 0);
    const b = net.addHost('b', 0);
    let at = -1;
    net.send(a, b, MB, Purpose.client, new Channel(), () => { at = engine.now; }, 0);
    engine.run();
    expect(at).toBe(10_000_000);
  });

  it('queues two senders at the receiving NIC (incast)', () => {
    const { engine, net } = network({ bandwidth: '1Gbps', latency: ZERO_LATENCY });
    const a = net.addHost('a', 0);
    const b = net.addHost('b', 0);
    const c = net.addHost('c', 0);
    const delivered: [number, number][] = [];
    net.send(a, c, MB, Purpose.client, new Channel(), (d) => delivered.push([d, engine.now]), 1);
    net.send(b, c, MB, Purpose.client, new Channel(), (d) => delivered.push([d, engine.now]), 2);
    engine.run();
    expect(delivered).toEqual([[1, 8_000_000], [2, 16_000_000]]);
  });

  it('delivers the messages of one channel in send order even when latency draws would reorder them', () => {
    const { engine, net } = network({ bandwidth: 'unlimited', latency: { ...ZERO_LATENCY, sameZone: { uniform: { min: '1us', max: '1ms' } } } });
    const a = net.addHost('a', 0);
    const b = net.addHost('b', 0);
    const channel = new Channel();
    const order: number[] = [];
    for (let i = 0; i < 200; i++) net.send(a, b, 100, Purpose.client, channel, (d) => order.push(d), i);
    engine.run();
    expect(order).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('draws latency by zone relation: same zone, cross zone, cross region', () => {
    const { engine, net } = network({
      bandwidth: 'unlimited',
      zones: [{ name: 'a', region: 'r1' }, { name: 'b', region: 'r1' }, { name: 'c', region: 'r2' }],
      latency: { sameZone: '1us', crossZone: '1ms', crossRegion: '50ms' },
    });
    const hosts = [net.addHost('x', 0), net.addHost('y', 0), net.addHost('z', 1), net.addHost('w', 2)];
    const at: number[] = [];
    for (const dst of hosts.slice(1)) net.send(hosts[0]!, dst, 10, Purpose.client, new Channel(), () => at.push(engine.now), 0);
    engine.run();
    expect(at).toEqual([1_000, 1_000_000, 50_000_000]);
  });

  it('draws the latency of a region pair named in latency.regions, both ways, and crossRegion for the other pairs', () => {
    const { engine, net } = network({
      bandwidth: 'unlimited',
      zones: [{ name: 'a', region: 'us' }, { name: 'b', region: 'eu' }, { name: 'c', region: 'ap' }],
      latency: { sameZone: '1us', crossZone: '1ms', crossRegion: '50ms', regions: [{ between: ['eu', 'us'], latency: '40ms' }] },
    });
    const [us, eu, ap] = [net.addHost('x', 0), net.addHost('y', 1), net.addHost('z', 2)];
    const at: [string, number][] = [];
    const send = (label: string, from: number, to: number) => net.send(from!, to!, 10, Purpose.client, new Channel(), () => at.push([label, engine.now]), 0);
    send('us→eu', us!, eu!);
    send('eu→us', eu!, us!);
    send('us→ap', us!, ap!);
    engine.run();
    expect(at).toEqual([['us→eu', 40_000_000], ['eu→us', 40_000_000], ['us→ap', 50_000_000]]);
  });

  it('emits one net.message record per message with its purpose and size', () => {
    const { engine, net, bus } = network({ bandwidth: 'unlimited', latency: ZERO_LATENCY });
    const a = net.addHost('a', 0);
    const b = net.addHost('b', 0);
    const seen: NetMessage[] = [];
    bus.signal<NetMessage>(NET_MESSAGE).subscribe((r) => seen.push({ ...r }));
    net.send(a, b, 123, Purpose.origin, new Channel(), () => {}, 0);
    engine.run();
    expect(seen).toEqual([{ purpose: Purpose.origin, sizeBytes: 123, src: a, dst: b }]);
  });
});

describe('Network faults', () => {
  it('drops every message between the two sides of a partition, and none after it heals', () => {
    const { engine, net } = network({ bandwidth: 'unlimited', latency: ZERO_LATENCY });
    const [a, b, c] = [net.addHost('a', 0), net.addHost('b', 0), net.addHost('c', 0)];
    const got: number[] = [];
    net.partition([a]);
    net.send(a, b, 10, Purpose.client, null, (d) => got.push(d), 1);
    net.send(b, c, 10, Purpose.client, null, (d) => got.push(d), 2);
    net.send(c, a, 10, Purpose.client, null, (d) => got.push(d), 3);
    net.heal();
    net.send(a, b, 10, Purpose.client, null, (d) => got.push(d), 4);
    engine.run();
    expect(got).toEqual([2, 4]);
  });

  it("multiplies a degraded host's latency and drops about the given share of its messages", () => {
    const { engine, net } = network({ bandwidth: 'unlimited', latency: { ...ZERO_LATENCY, sameZone: '1ms' } });
    const [a, b, c] = [net.addHost('a', 0), net.addHost('b', 0), net.addHost('c', 0)];
    net.degrade(a, 10, 0);
    let at = 0;
    net.send(b, a, 10, Purpose.client, null, () => { at = engine.now; }, 0);
    engine.run();
    expect(at).toBe(10_000_000);
    net.degrade(a, 1, 0.25);
    let delivered = 0;
    for (let i = 0; i < 4000; i++) net.send(a, c, 10, Purpose.client, null, () => delivered++, 0);
    engine.run();
    expect(delivered / 4000).toBeGreaterThan(0.72);
    expect(delivered / 4000).toBeLessThan(0.78);
  });
});
