import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEY_HASHES, type KeyHashName } from './key-hash.js';
import { shardMap, type Hashing } from './shard-map.js';

const KEYS = 100_000;
const MURMUR_MODULO = 75_099;
const MURMUR_KETAMA = 24_725;
const NAMES = ['shard-0', 'shard-1', 'shard-2', 'spare-0', 'shard-4', 'shard-5', 'shard-6', 'shard-7'];

/** FNV-1a 64 of "key:<k>" with BigInt, truncated to 32 bits (what twemproxy's fnv1a_64 returns). */
function referenceFnv(key: number): number {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(`key:${key}`)) h = ((h ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return Number(h & 0xffffffffn);
}

/** MurmurHash2 as twemproxy's hash_murmur, in BigInt arithmetic mod 2^32. */
function referenceMurmur(key: number): number {
  const data = Buffer.from(`key:${key}`);
  const mask = 0xffffffffn;
  const m = 0x5bd1e995n;
  const len = BigInt(data.length);
  let h = ((0xdeadbeefn * len) & mask) ^ len;
  let i = 0;
  for (; data.length - i >= 4; i += 4) {
    let k = BigInt(data.readUInt32LE(i));
    k = (k * m) & mask;
    k ^= k >> 24n;
    k = (k * m) & mask;
    h = ((h * m) & mask) ^ k;
  }
  const rest = data.subarray(i);
  if (rest.length > 0) {
    for (let j = rest.length - 1; j >= 0; j--) h ^= BigInt(rest[j]!) << BigInt(8 * j);
    h = (h * m) & mask;
  }
  h ^= h >> 13n;
  h = (h * m) & mask;
  h ^= h >> 15n;
  return Number(h);
}

const REFERENCE: Record<KeyHashName, (key: number) => number> = { fnv1a_64: referenceFnv, murmur: referenceMurmur };
const map = (hashing: Hashing, servers: number[], keyHash: KeyHashName = 'fnv1a_64') => shardMap({ hashing, keyHash, pointsPerServer: 160 }, servers, NAMES);

/** libketama written plainly: every point an object, the first point ≥ hash by linear scan. */
function referenceKetama(servers: number[], referenceHash: (key: number) => number): (key: number) => number {
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

describe('key hashes', () => {
  it.each(['fnv1a_64', 'murmur'] as const)('%s over "key:<k>" equals an independent BigInt implementation of twemproxy\'s', (name) => {
    for (const k of [0, 1, 9, 10, 99, 100, 12345, 999_999, 10_000_000, 499_999_999]) expect(KEY_HASHES[name](k)).toBe(REFERENCE[name](k));
    fc.assert(fc.property(fc.integer({ min: 0, max: 500_000_000 }), (k) => KEY_HASHES[name](k) === REFERENCE[name](k)));
  });

  it('fnv1a_64 with modulo over 3 servers is skewed on sequential key names; murmur is not', () => {
    const shares = (keyHash: KeyHashName) => {
      const m = map('modulo', [0, 1, 2], keyHash);
      const n = [0, 0, 0];
      for (let k = 0; k < KEYS; k++) n[m.serverOf(k)]!++;
      return n;
    };
    expect(shares('fnv1a_64')).toEqual([31_530, 43_600, 24_870]);
    for (const n of shares('murmur')) expect(Math.abs(n / KEYS - 1 / 3)).toBeLessThan(0.01);
  });
});

describe('going from 3 to 4 servers over 100,000 keys', () => {
  it.each([['fnv1a_64', 74_999], ['murmur', MURMUR_MODULO]] as const)('modulo with %s remaps %i keys (≈ 3/4), the count an independent computation gives', (keyHash, expected) => {
    const count = moved((k) => map('modulo', [0, 1, 2], keyHash).serverOf(k), (k) => map('modulo', [0, 1, 2, 3], keyHash).serverOf(k));
    const ref = REFERENCE[keyHash];
    expect(count).toBe(moved((k) => ref(k) % 3, (k) => ref(k) % 4));
    expect(count).toBe(expected);
    expect(Math.abs(count / KEYS - 3 / 4)).toBeLessThan(0.02);
  });

  it.each([['fnv1a_64', 24_568], ['murmur', MURMUR_KETAMA]] as const)('a ketama ring with %s remaps %i keys (≈ 1/4), all to the new server, the count an independent libketama gives', (keyHash, expected) => {
    const before = map('ketama', [0, 1, 2], keyHash);
    const after = map('ketama', [0, 1, 2, 3], keyHash);
    const count = moved((k) => before.serverOf(k), (k) => after.serverOf(k));
    const ref = REFERENCE[keyHash];
    expect(count).toBe(moved(referenceKetama([0, 1, 2], ref), referenceKetama([0, 1, 2, 3], ref)));
    expect(count).toBe(expected);
    expect(Math.abs(count / KEYS - 1 / 4)).toBeLessThan(0.02);
    for (let k = 0; k < KEYS; k++) if (before.serverOf(k) !== after.serverOf(k)) expect(after.serverOf(k)).toBe(3);
  });
});

describe('shard map properties', () => {
  const servers = fc.uniqueArray(fc.integer({ min: 0, max: NAMES.length - 1 }), { minLength: 1, maxLength: NAMES.length });
  const keys = fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 200 });

  it('maps every key to a server in the list', () => {
    const hashes = fc.constantFrom('fnv1a_64' as const, 'murmur' as const);
    fc.assert(fc.property(fc.constantFrom('modulo' as const, 'ketama' as const), hashes, servers, keys, (hashing, keyHash, list, ks) => {
      const m = map(hashing, list, keyHash);
      return ks.every((k) => list.includes(m.serverOf(k)));
    }));
  });

  it('ketama: removing a server moves only that server\'s keys', () => {
    fc.assert(fc.property(servers.filter((l) => l.length >= 2), fc.nat(), keys, (list, pick, ks) => {
      const gone = list[pick % list.length]!;
      const before = map('ketama', list);
      const after = map('ketama', list.filter((s) => s !== gone));
      return ks.every((k) => before.serverOf(k) === gone || before.serverOf(k) === after.serverOf(k));
    }), { numRuns: 50 });
  });

  it('ketama: the order of the server list does not matter', () => {
    fc.assert(fc.property(servers, keys, (list, ks) => {
      const a = map('ketama', list);
      const b = map('ketama', [...list].reverse());
      return ks.every((k) => a.serverOf(k) === b.serverOf(k));
    }), { numRuns: 50 });
  });
});
