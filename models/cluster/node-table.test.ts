import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FAIL, PFAIL } from './bus-message.js';
import { isNewerPong, KNOWN, NodeTable, PING_OUT } from './node-table.js';

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

  it('keeps the known, flag and outstanding-ping bits apart from the pong time', () => {
    fc.assert(fc.property(pongNs, fc.constantFrom(0, PFAIL, FAIL), fc.double({ min: 1, max: 1e15, noNaN: true }), (ours, flags, sentNs) => {
      const table = new NodeTable(3, 0, [true, false, false], [0, 0, 0], [-1, -1, -1]);
      table.setPingSent(1, sentNs);
      table.setFlags(1, flags);
      table.setPong(1, ours);
      table.learn(2, 5e9);
      expect(table.knows(1)).toBe(false);
      expect(table.flagsOf(1)).toBe(flags);
      expect(table.state[1]! & PING_OUT).toBe(PING_OUT);
      expect(table.pongReceived[1]).toBe(ours);
      table.setPingSent(1, 0);
      expect(table.state[1]! & (PING_OUT | KNOWN)).toBe(0);
      expect(table.flagsOf(1)).toBe(flags);
      expect(table.pongSecondsOf(1) === Math.floor(ours / 1e9)).toBe(true);
      expect(table.knows(2)).toBe(true);
      expect(table.pongSecondsOf(2)).toBe(5);
    }), { numRuns: 2000 });
  });

  it('refuses a pong time beyond the years its word can hold', () => {
    const table = new NodeTable(2, 0, [true, true], [0, 0], [-1, -1]);
    expect(() => table.setPong(1, 2 ** 27 * 1e9)).toThrow(RangeError);
  });
});
