import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyHash } from './key-hash.js';
import { shardMap } from './shard-map.js';

const KEYS = 100_000;
const NAMES = ['shard-0', 'shard-1', 'shard-2', 'spare-0', 'shard-4', 'shard-5', 'shard-6', 'shard-7'];

/** FNV-1a 64 of "key:<k>" with BigInt, truncated to 32 bits (what twemproxy's fnv1a_64 returns). */
function referenceHash(key: number): number {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(`key:${key}`)) h = ((h ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return Number(h & 0xffffffffn);
}

/** libketama written plainly: every point an object, the first point ≥ hash by linear scan. */
function referenceKetama(servers: number[]): (key: number) => number {
  const points: { value: number; server: number }[] = [];
  for (const s of servers) {
    for (let i = 0; i < 40; i++) {
      const d = createHash('md5').update(`${NAMES[s]}-${i}`).digest();
      for (let w = 0; w < 4; w++) points.push({ value: d[w * 4]! + d[w * 4 + 1]! * 256 + d[w * 4 + 2]! * 65536 + d[w * 4 + 3]! * 16777216, server: s });
    }
  }
  points.sort((a, b) => a.value - b.value);
  return (key) => {
    const hash = referenceHash(key);
    return (points.find((p) => p.value >= hash) ?? points[0]!).server;
  };
}

function moved(a: (k: number) => number, b: (k: number) => number): number {
  let n = 0;
  for (let k = 0; k < KEYS; k++) if (a(k) !== b(k)) n++;
  return n;
}

describe('key hash', () => {
  it('is twemproxy\'s fnv1a_64: the low 32 bits of FNV-1a 64 over "key:<k>"', () => {
    for (const k of [0, 1, 9, 10, 99, 100, 12345, 999_999, 10_000_000, 499_999_999]) expect(keyHash(k)).toBe(referenceHash(k));
    fc.assert(fc.property(fc.integer({ min: 0, max: 500_000_000 }), (k) => keyHash(k) === referenceHash(k)));
  });
});

describe('going from 3 to 4 servers over 100,000 keys', () => {
  it('modulo remaps 74,999 keys (75.0 %), the count an independent computation gives', () => {
    const before = shardMap('modulo', [0, 1, 2], NAMES, 160);
    const after = shardMap('modulo', [0, 1, 2, 3], NAMES, 160);
    const count = moved((k) => before.serverOf(k), (k) => after.serverOf(k));
    expect(count).toBe(moved((k) => referenceHash(k) % 3, (k) => referenceHash(k) % 4));
    expect(count).toBe(74_999);
    expect(Math.abs(count / KEYS - 3 / 4)).toBeLessThan(0.02);
  });

  it('a ketama ring remaps 24,568 keys (24.6 %), all to the new server, the count an independent libketama gives', () => {
    const before = shardMap('ketama', [0, 1, 2], NAMES, 160);
    const after = shardMap('ketama', [0, 1, 2, 3], NAMES, 160);
    const count = moved((k) => before.serverOf(k), (k) => after.serverOf(k));
    expect(count).toBe(moved(referenceKetama([0, 1, 2]), referenceKetama([0, 1, 2, 3])));
    expect(count).toBe(24_568);
    expect(Math.abs(count / KEYS - 1 / 4)).toBeLessThan(0.02);
    for (let k = 0; k < KEYS; k++) if (before.serverOf(k) !== after.serverOf(k)) expect(after.serverOf(k)).toBe(3);
  });
});

describe('shard map properties', () => {
  const servers = fc.uniqueArray(fc.integer({ min: 0, max: NAMES.length - 1 }), { minLength: 1, maxLength: NAMES.length });
  const keys = fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 200 });

  it('maps every key to a server in the list', () => {
    fc.assert(fc.property(fc.constantFrom('modulo' as const, 'ketama' as const), servers, keys, (hashing, list, ks) => {
      const map = shardMap(hashing, list, NAMES, 160);
      return ks.every((k) => list.includes(map.serverOf(k)));
    }));
  });

  it('ketama: removing a server moves only that server\'s keys', () => {
    fc.assert(fc.property(servers.filter((l) => l.length >= 2), fc.nat(), keys, (list, pick, ks) => {
      const gone = list[pick % list.length]!;
      const before = shardMap('ketama', list, NAMES, 160);
      const after = shardMap('ketama', list.filter((s) => s !== gone), NAMES, 160);
      return ks.every((k) => before.serverOf(k) === gone || before.serverOf(k) === after.serverOf(k));
    }), { numRuns: 50 });
  });

  it('ketama: the order of the server list does not matter', () => {
    fc.assert(fc.property(servers, keys, (list, ks) => {
      const a = shardMap('ketama', list, NAMES, 160);
      const b = shardMap('ketama', [...list].reverse(), NAMES, 160);
      return ks.every((k) => a.serverOf(k) === b.serverOf(k));
    }), { numRuns: 50 });
  });
});
