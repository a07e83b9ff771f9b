import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RedisServer } from '../server/redis-server.js';
import type { ServerParams } from '../server/server-params.js';
import { preloadByOwner } from './preload.js';
import type { TopologyContext } from './topology.js';

const OVERHEAD = 50;

/** A server that only records what it was given, in order, and counts its bytes as the keyspace does. */
function recordingServer() {
  const stored: number[] = [];
  const server = {
    keyspace: { usedBytes: 0 },
    preload(key: number, bytes: number, expireAtNs: number) {
      expect(expireAtNs).toBe(1000 + key);
      stored.push(key);
      server.keyspace.usedBytes += bytes + OVERHEAD;
    },
  };
  return { server: server as unknown as RedisServer, stored };
}

/** Key k expires at 1000 + k ns (each server is told its keys' own expiry). */
function context(valueBytes: readonly number[]): TopologyContext {
  return { workload: { keys: valueBytes.length }, factory: { valueBytes, preloadExpireAtNs: (key: number) => 1000 + key } } as unknown as TopologyContext;
}

describe('preloadByOwner', () => {
  it('gives every server, and its copies, its own keys in key order, skipping exactly those that would pass its maxmemory', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ owner: fc.nat({ max: 3 }), bytes: fc.integer({ min: 1, max: 400 }) }), { maxLength: 120 }),
      fc.integer({ min: 0, max: 6000 }),
      (keys, maxmemory) => {
        const servers = [0, 1, 2, 3].map(recordingServer);
        const copies = [recordingServer(), recordingServer(), recordingServer()];
        preloadByOwner(context(keys.map((k) => k.bytes)), { maxmemory, perKeyOverhead: OVERHEAD } as ServerParams,
          (key) => servers[keys[key]!.owner]!.server,
          (owner) => (owner === servers[0]!.server ? [copies[0]!.server, copies[1]!.server] : owner === servers[2]!.server ? [copies[2]!.server] : []));
        const limit = maxmemory || Infinity;
        servers.forEach((s, i) => {
          let used = 0;
          const expected: number[] = [];
          keys.forEach((k, key) => {
            if (k.owner !== i || used + k.bytes + OVERHEAD > limit) return;
            used += k.bytes + OVERHEAD;
            expected.push(key);
          });
          expect(s.stored).toEqual(expected);
        });
        expect(copies.map((c) => c.stored)).toEqual([servers[0]!.stored, servers[0]!.stored, servers[2]!.stored]);
      },
    ));
  });

  it('keeps every owner apart when there are more than 65,536 of them (its owner indexes outgrow 16 bits)', () => {
    const keys = 65_540;
    const servers = Array.from({ length: keys }, recordingServer);
    preloadByOwner(context(Array.from({ length: keys }, () => 10)), { maxmemory: 0, perKeyOverhead: OVERHEAD } as ServerParams,
      (key) => servers[keys - 1 - key]!.server);
    expect(servers.every((s, i) => s.stored.length === 1 && s.stored[0] === keys - 1 - i)).toBe(true);
  });
});
