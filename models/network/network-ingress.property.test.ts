// The receiving NIC serves messages in order of their first byte's arrival (ties: send order): a
// message is delivered at max(its last byte off the wire, the NIC's previous delivery + its own
// serialization). Checked against that rule computed from each message's first-byte time (read
// from its channel) for random traffic, whatever the events the network uses to get there.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine/engine.js';
import { RngStreams } from '../../sim/random/rng.js';
import { SignalBus } from '../../sim/signal/signal.js';
import { Purpose } from '../signals.js';
import { Channel, Network } from './network.js';
import { networkParams } from './network-params.js';

const HOSTS = 4;

const message = fc.record({
  atNs: fc.integer({ min: 0, max: 200 }).map((k) => k * 1000),
  src: fc.integer({ min: 0, max: HOSTS - 1 }),
  dst: fc.integer({ min: 0, max: HOSTS - 1 }),
  sizeBytes: fc.constantFrom(125, 1250, 12_500),
});

const LATENCIES: [string, unknown][] = [
  ['lognormal latencies', { lognormal: { median: '20us', sigma: 0.8 } }],
  ['one constant latency (many first bytes at the same time)', '20us'],
];

describe('the receiving NIC', () => {
  it.each(LATENCIES)('delivers every message at the time the first-byte FIFO rule gives, under random traffic, with %s', (_name, latency) => {
    fc.assert(fc.property(fc.array(message, { minLength: 1, maxLength: 120 }), fc.integer({ min: 1, max: 1000 }), (sends, seed) => {
      const engine = new Engine();
      const net = new Network(engine, networkParams.parse({ bandwidth: '1Gbps', latency: { sameZone: latency } }), new RngStreams(seed), new SignalBus());
      for (let h = 0; h < HOSTS; h++) net.addHost(`h${h}`, 0);
      const sent: { dst: number; order: number; firstByteNs: number; lastByteNs: number; serNs: number }[] = [];
      const delivered = new Map<number, number>();
      sends.forEach((m, i) => engine.at(m.atNs, () => {
        const channel = new Channel();
        net.send(m.src, m.dst, m.sizeBytes, Purpose.client, channel, (id) => delivered.set(id, engine.now), i);
        const serNs = net.serializationNs(m.sizeBytes);
        sent[i] = { dst: m.dst, order: sent.filter(Boolean).length, firstByteNs: channel.lastFirstByteNs, lastByteNs: channel.lastFirstByteNs + serNs, serNs };
      }));
      engine.run();
      const freeNs = new Array<number>(HOSTS).fill(0);
      const byFirstByte = sent.map((s, i) => ({ ...s, i })).sort((a, b) => a.firstByteNs - b.firstByteNs || a.order - b.order);
      for (const s of byFirstByte) {
        const deliverNs = Math.max(s.lastByteNs, Math.max(s.firstByteNs, freeNs[s.dst]!) + s.serNs);
        freeNs[s.dst] = deliverNs;
        expect(delivered.get(s.i)).toBe(deliverNs);
      }
      expect(delivered.size).toBe(sends.length);
    }), { seed: 12, numRuns: 300 });
  });
});
