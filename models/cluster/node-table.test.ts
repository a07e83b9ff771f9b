import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FAIL, PFAIL } from './bus-message.js';
import { isNewerPong, NodeTable, PING_OUT } from './node-table.js';

/** Pong times: anywhere from T/2 before the start to years of virtual time, and right around whole seconds, where floor(ns / 1 s) may round up. */
const pongNs = fc.oneof(
  fc.double({ min: -20e9, max: 1e17, noNaN: true }),
  fc.tuple(fc.integer({ min: -20, max: 100_000_000 }), fc.double({ min: -1e-3, max: 1e-3, noNaN: true })).map(([s, d]) => s * 1e9 + d),
  fc.integer({ min: -20, max: 100_000_000 }).map((s) => s * 1e9),
);

describe('a node table peer state word', () => {
  it('answers whether a gossiped whole-second pong time is newer exactly as comparing it with the stored time does', () => {
    fc.assert(fc.property(pongNs, fc.integer({ min: -3, max: 3 }), (ours, secondsApart) => {
      const table = new NodeTable(2, 0, [true, true], [0, 0], [-1, -1]);
      table.setPong(1, ours);
      const gossiped = Math.floor(ours / 1e9) + secondsApart;
      expect(isNewerPong(table.state[1]!, gossiped)).toBe(gossiped * 1e9 > ours);
      expect(table.pongSecondsOf(1) === Math.floor(ours / 1e9)).toBe(true);
    }), { numRuns: 5000 });
  });

  it('answers known, flags, outstanding ping and pong seconds as a plain record of each would, through any sequence of changes', () => {
    type Op = ['pong', number] | ['ping', number] | ['flags', number] | ['clearPings'] | ['forget'] | ['learn', number];
    const op: fc.Arbitrary<Op> = fc.oneof(
      pongNs.map((ns): Op => ['pong', ns]),
      fc.oneof(fc.constant(0), fc.double({ min: 1, max: 1e15, noNaN: true })).map((ns): Op => ['ping', ns]),
      fc.constantFrom(0, PFAIL, FAIL, PFAIL | FAIL).map((f): Op => ['flags', f]),
      fc.constant<Op>(['clearPings']),
      fc.constant<Op>(['forget']),
      fc.double({ min: 0, max: 1e15, noNaN: true }).map((ns): Op => ['learn', ns]),
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
      const table = new NodeTable(2, 0, [true, true], [0, 0], [-1, -1]);
      const peer = { known: true, flags: 0, pingSent: 0, pong: 0 };
      let nowNs = 0;
      for (const o of ops) {
        if (o[0] === 'pong') { table.setPong(1, o[1]); peer.pong = o[1]; }
        else if (o[0] === 'ping') { table.setPingSent(1, o[1]); peer.pingSent = o[1]; }
        else if (o[0] === 'flags') { table.setFlags(1, o[1]); peer.flags = o[1]; }
        else if (o[0] === 'clearPings') { table.clearPings(); peer.pingSent = 0; }
        else if (o[0] === 'forget') { nowNs += 1e9; table.forget(1, nowNs); if (peer.known) peer.flags = 0; peer.known = false; }
        else if (!peer.known) { nowNs = Math.max(nowNs, o[1]); table.learn(1, nowNs); Object.assign(peer, { known: true, flags: 0, pingSent: 0, pong: nowNs }); }
        expect(table.knows(1)).toBe(peer.known);
        expect(table.flagsOf(1)).toBe(peer.flags);
        expect((table.state[1]! & PING_OUT) !== 0).toBe(peer.pingSent !== 0);
        expect(table.pingSent[1]).toBe(peer.pingSent);
        expect(table.pongReceived[1]).toBe(peer.pong);
        expect(table.pongSecondsOf(1) === Math.floor(peer.pong / 1e9)).toBe(true);
        for (const apart of [-1, 0, 1]) {
          const gossiped = Math.floor(peer.pong / 1e9) + apart;
          expect(isNewerPong(table.state[1]!, gossiped)).toBe(gossiped * 1e9 > peer.pong);
        }
      }
      expect(table.knows(0)).toBe(true);
    }), { numRuns: 1000 });
  });

  it('refuses a pong time outside the range its word holds, from 2^20 s before the start to 2^27 − 2^20 s after it', () => {
    const table = new NodeTable(2, 0, [true, true], [0, 0], [-1, -1]);
    expect(() => table.setPong(1, -(2 ** 20) * 1e9)).not.toThrow();
    expect(() => table.setPong(1, -(2 ** 20) * 1e9 - 1)).toThrow(RangeError);
    expect(() => table.setPong(1, (2 ** 27 - 2 ** 20) * 1e9 - 1e6)).not.toThrow();
    expect(() => table.setPong(1, (2 ** 27 - 2 ** 20) * 1e9)).toThrow(RangeError);
  });
});
