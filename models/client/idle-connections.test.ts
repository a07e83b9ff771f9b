import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdleConnections } from './idle-connections.js';

describe('IdleConnections', () => {
  it('gives the most recently freed connection to a request of no particular user', () => {
    const idle = new IdleConnections(3);
    for (const c of [0, 1, 2]) idle.push(c);
    expect([idle.take(-1), idle.take(-1), idle.take(-1), idle.take(-1)]).toEqual([2, 1, 0, -1]);
  });

  it('gives a user the connection that carried its previous request while that one is free', () => {
    const idle = new IdleConnections(3);
    for (const c of [0, 1, 2]) idle.push(c);
    idle.carry(idle.take(7), 7);
    idle.carry(idle.take(8), 8);
    idle.push(2);
    idle.push(1);
    expect(idle.take(7)).toBe(2);
    expect(idle.take(9)).toBe(1);
    expect(idle.take(8)).toBe(0);
  });

  it('hands out each free connection once, whatever the sequence, and keeps its memory bounded (property)', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: -1, max: 5 })), { maxLength: 300 }), (ops) => {
      const size = 4;
      const idle = new IdleConnections(size);
      const free = new Set<number>();
      for (let c = 0; c < size; c++) {
        idle.push(c);
        free.add(c);
      }
      for (const [take, user] of ops) {
        if (take) {
          const conn = idle.take(user);
          if (free.size === 0) expect(conn).toBe(-1);
          else {
            expect(free.has(conn)).toBe(true);
            free.delete(conn);
            idle.carry(conn, user);
          }
        } else if (free.size < size) {
          const busy = [...Array(size).keys()].find((c) => !free.has(c))!;
          idle.push(busy);
          free.add(busy);
        }
        expect((idle as unknown as { stack: number[] }).stack.length).toBeLessThanOrEqual(2 * size);
      }
    }));
  });
});
