import { describe, expect, it } from 'vitest';
import { failBytes, headerBytes, heartbeatBytes, updateBytes, wantedGossip } from './bus-sizes.js';

describe('cluster bus message sizes (REDIS-MODEL §2)', () => {
  it('has a 2256-byte header at 16384 slots and 2256 + 6144 bytes at 65536', () => {
    expect(headerBytes(16384)).toBe(2256);
    expect(headerBytes(65536)).toBe(2256 - 2048 + 8192);
  });

  it.each([[6, 3, 2568], [30, 3, 2568], [100, 10, 3296], [300, 30, 5376], [1000, 100, 12656]])(
    'sends PING/PONG of 2256 + 104·g bytes: N = %i → g = %i → %i bytes', (n, g, bytes) => {
      expect(wantedGossip(n)).toBe(g);
      expect(heartbeatBytes(16384, g, false)).toBe(bytes);
    });

  it('adds 48 bytes of shard id on Redis 7.2+, and sizes FAIL at 2296 and UPDATE at 4352', () => {
    expect(heartbeatBytes(16384, 3, true)).toBe(2616);
    expect(failBytes(16384)).toBe(2296);
    expect(updateBytes(16384)).toBe(4352);
  });

  it('wants no more gossip entries than N − 2', () => {
    expect([2, 3, 4, 5].map(wantedGossip)).toEqual([0, 1, 2, 3]);
  });
});
