import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Connection, type ConnectionOwner } from './connection.js';
import { IdleConnections } from './idle-connections.js';

const owner: ConnectionOwner = { transmit: () => {}, reply: () => {}, peerHost: 0, peerDied: () => {} };
const connections = (n: number) => Array.from({ length: n }, (_, id) => new Connection(id, id, owner));
const id = (conn: Connection | null) => (conn === null ? -1 : conn.id);

describe('IdleConnections', () => {
  it('gives the most recently freed connection to a request of no particular user', () => {
    const idle = new IdleConnections();
    for (const c of connections(3)) idle.push(c);
    expect([idle.take(-1), idle.take(-1), idle.take(-1), idle.take(-1)].map(id)).toEqual([2, 1, 0, -1]);
  });

  it('gives a user the connection that carried its previous request while that one is free', () => {
    const idle = new IdleConnections();
    const c = connections(3);
    for (const conn of c) idle.push(conn);
    idle.carry(idle.take(7)!, 7);
    idle.carry(idle.take(8)!, 8);
    idle.push(c[2]!);
    idle.push(c[1]!);
    expect(id(idle.take(7))).toBe(2);
    expect(id(idle.take(9))).toBe(1);
    expect(id(idle.take(8))).toBe(0);
  });

  it('never hands out a connection removed while free (it broke), neither in turn nor as its last user\'s own', () => {
    const idle = new IdleConnections();
    const c = connections(3);
    for (const conn of c) idle.push(conn);
    idle.carry(idle.take(5)!, 5);
    idle.push(c[2]!);
    idle.remove(c[2]!);
    idle.remove(c[0]!);
    idle.remove(c[0]!);
    expect([idle.take(5), idle.take(-1), idle.take(-1)].map(id)).toEqual([1, -1, -1]);
  });

  it('ignores a connection freed twice, and forgets every free connection and user on clear', () => {
    const idle = new IdleConnections();
    const c = connections(3);
    for (const conn of c) idle.push(conn);
    idle.push(c[0]!);
    expect([idle.take(-1), idle.take(-1), idle.take(-1), idle.take(-1)].map(id)).toEqual([2, 1, 0, -1]);
    idle.carry(c[1]!, 4);
    for (const conn of c) idle.push(conn);
    idle.clear();
    expect(id(idle.take(4))).toBe(-1);
    expect(id(idle.take(-1))).toBe(-1);
    idle.carry(c[1]!, 5);
    idle.push(c[1]!);
    idle.push(c[0]!);
    expect(id(idle.take(4))).toBe(0);
    expect(id(idle.take(-1))).toBe(1);
  });

  it('never strands a free connection, however often a user takes its own out of turn (the stack it replaced lost one when it compacted)', () => {
    const idle = new IdleConnections();
    const [c0, c1] = connections(2) as [Connection, Connection];
    idle.carry(c0, 1);
    idle.carry(c1, 2);
    idle.push(c1);
    idle.push(c0);
    for (let i = 0; i < 3; i++) {
      expect(idle.take(1)).toBe(c0);
      idle.push(c0);
    }
    expect(idle.take(1)).toBe(c0);
    expect(idle.take(-1)).toBe(c1);
  });

  it('hands out the free connections newest first, a user\'s own out of turn, when each user has one request out at most (property)', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: -1, max: 2 }), fc.nat(3)), { minLength: 50, maxLength: 300 }), (ops) => {
      const c = connections(4);
      const idle = new IdleConnections();
      const free: number[] = [];
      const lastUser = [-1, -1, -1, -1];
      const out = new Set<number>();
      for (const conn of c) {
        idle.push(conn);
        free.unshift(conn.id);
      }
      for (const [take, user, which] of ops) {
        if (take) {
          if (out.has(user)) continue;
          const own = user >= 0 ? free.find((k) => lastUser[k] === user) : undefined;
          const expected = own ?? free[0] ?? -1;
          const conn = idle.take(user);
          expect(id(conn)).toBe(expected);
          if (conn === null) continue;
          free.splice(free.indexOf(expected), 1);
          idle.carry(conn, user);
          lastUser[conn.id] = user;
          if (user >= 0) out.add(user);
        } else {
          const busy = c.filter((conn) => !free.includes(conn.id));
          if (busy.length === 0) continue;
          const conn = busy[which % busy.length]!;
          out.delete(lastUser[conn.id]!);
          idle.push(conn);
          free.unshift(conn.id);
        }
      }
    }));
  });
});
