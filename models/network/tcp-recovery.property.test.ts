// TCP recovery keeps a connection a reliable FIFO: whatever is lost (random loss on its hosts,
// partitions that come and go, connections reopened, or replaced by new ones that connect first),
// every message of a connection is passed on exactly once, in send order per connection, and a
// connection with nothing left to recover holds no reassembly state.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine/engine.js';
import { RngStreams } from '../../sim/random/rng.js';
import { SignalBus } from '../../sim/signal/signal.js';
import { Purpose } from '../signals.js';
import { Channel, Network } from './network.js';
import { networkParams } from './network-params.js';

const send = fc.record({
  atNs: fc.integer({ min: 0, max: 3000 }).map((k) => k * 1e6),
  connection: fc.integer({ min: 0, max: 2 }),
  sizeBytes: fc.constantFrom(100, 20_000),
});
const partition = fc.record({ atNs: fc.integer({ min: 0, max: 3000 }).map((k) => k * 1e6), forNs: fc.integer({ min: 1, max: 2000 }).map((k) => k * 1e6) });

describe('TCP recovery', () => {
  it('passes on every message of a connection once, in send order, under random loss, partitions and reopened connections (or new ones whose SYN must get through first)', () => {
    fc.assert(fc.property(
      fc.array(send, { minLength: 1, maxLength: 60 }), fc.array(partition, { maxLength: 3 }),
      fc.double({ min: 0, max: 0.3, noNaN: true }), fc.array(fc.integer({ min: 0, max: 3000 }).map((k) => k * 1e6), { maxLength: 2 }), fc.integer({ min: 1, max: 1000 }),
      fc.boolean(),
      (sends, partitions, lossShare, reopenAt, seed, connect) => {
        // A SYN is given up after 7 copies lost in a row: under a third of the loss, that is under one chance in ten million.
        const loss = connect ? lossShare / 3 : lossShare;
        const engine = new Engine();
        const net = new Network(engine, networkParams.parse({ bandwidth: '1Gbps', latency: { sameZone: { lognormal: { median: '300us', sigma: 0.5 } } } }), new RngStreams(seed), new SignalBus());
        const [a, b] = [net.addHost('a', 0), net.addHost('b', 0)];
        net.degrade(a, 1, loss);
        let channels = [new Channel(), new Channel(), new Channel()];
        const all = [...channels];
        // A reopened connection starts a new stream: messages are numbered per (connection, stream).
        const stream = [0, 0, 0];
        const sent = new Map<string, number>();
        const got = new Map<string, number[]>();
        const ordered = [...sends].sort((x, y) => x.atNs - y.atNs);
        ordered.forEach((m, i) => engine.at(m.atNs, () => {
          const key = `${m.connection}/${stream[m.connection]}`;
          const n = sent.get(key) ?? 0;
          sent.set(key, n + 1);
          net.send(a, b, m.sizeBytes, Purpose.client, channels[m.connection]!, () => got.set(key, [...(got.get(key) ?? []), n]), i);
        }));
        for (const p of partitions) {
          engine.at(p.atNs, () => net.partition([a]));
          engine.at(p.atNs + p.forNs, () => net.heal());
        }
        for (const at of reopenAt) {
          engine.at(at, () => {
            if (connect) {
              channels = channels.map(() => new Channel());
              all.push(...channels);
              for (const c of channels) net.connect(a, b, 74, Purpose.connect, c, 100e6);
            } else for (const c of channels) c.reopened();
            for (let k = 0; k < stream.length; k++) stream[k]!++;
          });
        }
        engine.run();
        for (const [key, n] of sent) expect(got.get(key), key).toEqual(Array.from({ length: n }, (_, i) => i));
        for (const c of all) expect(c.reassembly).toBeNull();
      },
    ), { numRuns: 150 });
  });
});
