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
  const server = { keyspace: { usedBytes: 0 }, preload(key: number, bytes: number) { stored.push(key); server.keyspace.usedBytes += bytes + OVERHEAD; } };
  return { server: server as unknown as RedisServer, stored };
}

function context(valueBytes: readonly number[]): TopologyContext {
  return { workload: { keys: valueBytes.length }, factory: { valueBytes, preloadExpireAtNs: () => 0 } } as unknown as TopologyContext;
}

describe('preloadByOwner', () => {
  it('gives every server, and its copies, its own keys in key order, skipping exactly those that would pass its maxmemory', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ owner: fc.nat({ max: 3 }), bytes: fc.integer({ min: 1, max: 400 }) }), { maxLength: 120 }),
      fc.integer({ min: 0, max: 6000 }),
      (keys, maxmemory) => {
        const servers = [0, 1, 2, 3].map(recordingServer);
        const copy = recordingServer();
        preloadByOwner(context(keys.map((k) => k.bytes)), { maxmemory, perKeyOverhead: OVERHEAD } as ServerParams,
          (key) => servers[keys[key]!.owner]!.server, (owner) => (owner === servers[0]!.server ? [copy.server] : []));
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
        expect(copy.stored).toEqual(servers[0]!.stored);
      },
    ));
  });
});
