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

describe('TCP recovery of a message lost on a connection', () => {
  const oneMs = { ...ZERO_LATENCY, sameZone: '1ms' };
  const setup = () => {
    const { engine, net, bus } = network({ bandwidth: 'unlimited', latency: oneMs });
    const [a, b] = [net.addHost('a', 0), net.addHost('b', 0)];
    const got: [number, number][] = [];
    const deliver = (d: number) => got.push([d, engine.now]);
    return { engine, net, bus, a, b, got, deliver };
  };

  /** One message, lost in a cut of host a that heals at `healNs`. */
  const lostUntil = (healNs: number) => {
    const { engine, net, a, b, got, deliver } = setup();
    net.partition([a]);
    net.send(a, b, 10, Purpose.client, new Channel(), deliver, 1);
    engine.schedule(healNs, () => net.heal(), 0);
    engine.run();
    return got;
  };

  it('sends a message lost in a partition again srtt + 200 ms later (the RTO), and it arrives once healed', () => {
    expect(lostUntil(100e6)).toEqual([[1, 203e6]]);
  });

  it('resends a lost message at one RTO as a probe, then 2, 4, 8 … RTOs after the send, each copy lost too doubling the wait', () => {
    // The probe at 202 ms and the RTO at 404 ms are lost; the copy at 808 ms arrives.
    expect(lostUntil(500e6)).toEqual([[1, 809e6]]);
  });

  /** Message 1 is lost in a cut of host a, which heals at `healNs`, when message 2 is written on the same connection. */
  const secondAfterHeal = (healNs: number) => {
    const { engine, net, a, b, got, deliver } = setup();
    const channel = new Channel();
    net.partition([a]);
    net.send(a, b, 10, Purpose.client, channel, deliver, 1);
    engine.schedule(healNs, () => { net.heal(); net.send(a, b, 10, Purpose.client, channel, deliver, 2); }, 0);
    engine.run();
    return got;
  };

  it("holds the connection's later messages until the lost one arrives, which their acknowledgement makes the sender resend early (RACK)", () => {
    // The second arrives at 101 ms; its SACK is back at 102 ms, plus srtt/4: the first is resent at 102.5 ms.
    expect(secondAfterHeal(100e6)).toEqual([[1, 103.5e6], [2, 103.5e6]]);
  });

  it('after the RTO has fired, keeps a message written once the partition heals in the socket until the next backed-off retransmission is acknowledged', () => {
    // The probe (202 ms) and the RTO (404 ms) are lost; the copy at 808 ms is acknowledged at 810 ms, when the second goes out.
    expect(secondAfterHeal(500e6)).toEqual([[1, 809e6], [2, 811e6]]);
  });

  it('retransmits only the first lost message of a connection during a partition, then the rest once it is acknowledged', () => {
    const { engine, net, bus, a, b, got, deliver } = setup();
    let sent = 0;
    bus.signal<NetMessage>(NET_MESSAGE).subscribe(() => sent++);
    const channel = new Channel();
    net.partition([a]);
    for (let i = 0; i < 5; i++) engine.schedule(i * 1e6, () => net.send(a, b, 10, Purpose.client, channel, deliver, i), 0);
    engine.schedule(1e9, () => net.heal(), 0);
    engine.run();
    // The first is resent at 202, 404, 808 and 1,616 ms (through); the other four at 1,618 ms.
    expect(got).toEqual([[0, 1617e6], [1, 1619e6], [2, 1619e6], [3, 1619e6], [4, 1619e6]]);
    expect(sent).toBe(5 + 4 + 4);
  });

  it('resends a message lost behind one not yet acknowledged one RTO after that acknowledgement, which re-arms the probe', () => {
    const { engine, net, a, b, got, deliver } = setup();
    const channel = new Channel();
    net.send(a, b, 10, Purpose.client, channel, deliver, 1);
    engine.schedule(0.5e6, () => { net.partition([a]); net.send(a, b, 10, Purpose.client, channel, deliver, 2); net.heal(); }, 0);
    engine.run();
    // The first arrives at 1 ms, its acknowledgement is back at 2 ms: the second is resent at 204 ms.
    expect(got).toEqual([[1, 1e6], [2, 205e6]]);
  });

  it('lets a reopened connection pass the old one, whose lost message still arrives later', () => {
    const { engine, net, a, b, got, deliver } = setup();
    const channel = new Channel();
    net.partition([a]);
    net.send(a, b, 10, Purpose.client, channel, deliver, 1);
    engine.schedule(100e6, () => { net.heal(); channel.reopened(); net.send(a, b, 10, Purpose.client, channel, deliver, 2); }, 0);
    engine.run();
    expect(got).toEqual([[2, 101e6], [1, 203e6]]);
  });

  it('gives a connection up after a probe and 15 RTO retransmissions, and drops lost handshake segments without resending them', () => {
    const { engine, net, bus, a, b, got, deliver } = setup();
    let sent = 0;
    bus.signal<NetMessage>(NET_MESSAGE).subscribe(() => sent++);
    net.partition([a]);
    net.send(a, b, 10, Purpose.client, new Channel(), deliver, 1);
    net.sendSegment(a, b, 10, Purpose.connect, new Channel(), deliver, 2);
    engine.schedule(2000e9, () => net.heal(), 0);
    engine.run();
    expect(got).toEqual([]);
    expect(sent).toBe(1 + 1 + 15 + 1);
  });

  it('passes nothing on from a message given up on, nor from the messages after it', () => {
    const { engine, net, a, b, got, deliver } = setup();
    const channel = new Channel();
    net.partition([a]);
    net.send(a, b, 10, Purpose.client, channel, deliver, 1);
    net.send(a, b, 10, Purpose.client, channel, deliver, 2);
    // The probe at 0.202 s, RTOs at 0.404 … 206.8 s and then every 120 s; the first is given up at 926.8 s.
    engine.schedule(926.9e9, () => net.heal(), 0);
    engine.schedule(1000e9, () => net.send(a, b, 10, Purpose.client, channel, deliver, 3), 0);
    engine.run();
    expect(got).toEqual([[3, 1000.001e9]]);
    expect(channel.reassembly).toBeNull();
  });

  it('drops what a connection reset by its far end was still resending', () => {
    const { engine, net, a, b, got, deliver } = setup();
    const channel = new Channel();
    net.partition([a]);
    net.send(a, b, 10, Purpose.client, channel, deliver, 1);
    engine.schedule(1e6, () => net.abort(channel), 0);
    engine.schedule(100e6, () => net.heal(), 0);
    engine.run();
    expect(got).toEqual([]);
    expect(channel.reassembly).toBeNull();
  });

  it('delivers every message of a connection through a lossy host, in send order', () => {
    const { engine, net, a, b, got, deliver } = setup();
    net.degrade(a, 1, 0.25);
    const channel = new Channel();
    for (let i = 0; i < 400; i++) engine.schedule(i * 1e6, () => net.send(a, b, 10, Purpose.client, channel, deliver, i), 0);
    engine.run();
    expect(got.map(([d]) => d)).toEqual(Array.from({ length: 400 }, (_, i) => i));
    const late = got.filter(([d, at]) => at > d * 1e6 + 1e6 + 1).length;
    expect(late).toBeGreaterThan(60);
    expect(got.every(([, at], i) => i === 0 || at >= got[i - 1]![1])).toBe(true);
  });
});

describe('TCP recovery with latencies off whole nanoseconds', () => {
  it('resends on the RTO of a path whose mean latency is not a whole number of nanoseconds', () => {
    const engine = new Engine();
    const net = new Network(engine, networkParams.parse({ bandwidth: 'unlimited', latency: { ...ZERO_LATENCY, sameZone: { lognormal: { median: '1us', sigma: 0.3 } } } }), new RngStreams(1), new SignalBus());
    const [a, b] = [net.addHost('a', 0), net.addHost('b', 0)];
    const got: number[] = [];
    net.partition([a]);
    net.send(a, b, 10, Purpose.client, new Channel(), () => got.push(engine.now), 1);
    engine.schedule(1e6, () => net.heal(), 0);
    engine.run();
    expect(got).toHaveLength(1);
    // RTO = 2 × 1,046.03 ns (the mean, e^(σ²/2) µs) + 200 ms, then one way.
    expect(got[0]).toBeGreaterThan(200e6 + 2092);
    expect(got[0]).toBeLessThan(200e6 + 2092 + 10e3);
  });
});
