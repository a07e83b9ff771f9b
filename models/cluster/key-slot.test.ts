import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crc16 } from './crc16.js';
import { keySlot } from './key-slot.js';

describe('crc16', () => {
  it('is CRC-16/XMODEM: "123456789" checks to 0x31C3', () => {
    expect(crc16(new TextEncoder().encode('123456789'))).toBe(0x31c3);
  });
});

describe('keySlot', () => {
  // Vectors of REDIS-MODEL §6 (Redis docs and source, verified live with CLUSTER KEYSLOT).
  it.each([
    ['123456789', 12739], ['foo', 12182], ['hello', 866], ['somekey', 11058], ['foo{hash_tag}', 2515],
    ['bar{hash_tag}', 2515], ['06S', 0], ['Qi', 1], ['{user1000}.following', 3443], ['{user1000}.followers', 3443],
    ['foo{}{bar}', 8363], ['foo{{bar}}zap', 4015], ['foo{bar}{zap}', 5061], ['{}', 15257], ['}{foo', 3840], ['', 0],
  ])('puts %j in slot %i', (key, slot) => {
    expect(keySlot(key)).toBe(slot);
  });

  it('agrees with CLUSTER KEYSLOT of a real redis-server on every key of the committed fixture', () => {
    const lines = readFileSync('test/fixtures/keyslot/keyslot-fixture.tsv', 'utf8').split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'));
    expect(lines.length).toBeGreaterThanOrEqual(1000);
    const mismatches = lines.filter((line) => {
      const [hex, slot] = line.split('\t');
      return keySlot(Buffer.from(hex!, 'hex')) !== Number(slot);
    });
    expect(mismatches).toEqual([]);
  });

  it('hashes with mod for a slot count that is not a power of two, and masks otherwise', () => {
    expect(keySlot('foo', 65536)).toBe(crc16(new TextEncoder().encode('foo')));
    expect(keySlot('foo', 1000)).toBe(crc16(new TextEncoder().encode('foo')) % 1000);
  });
});

describe('slotsOfKeys', () => {
  it('gives workload key k the slot of the name "key:<k>"', async () => {
    const { slotsOfKeys } = await import('./key-slots.js');
    const slots = slotsOfKeys(2000, 16384);
    for (const k of [0, 7, 99, 1234, 1999]) expect(slots[k]).toBe(keySlot(`key:${k}`));
  });
});

describe('slotsOfKeys with a workload hash tag', () => {
  it('gives the first round(keys·N) keys the slot of their tag ("{user1000}:key:<k>" → slot of "user1000") and the others the slot of "key:<k>"', async () => {
    const { slotsOfKeys } = await import('./key-slots.js');
    const slots = slotsOfKeys(2000, 16384, { kind: 'shared', tag: 'user1000', keys: 0.25 });
    expect(keySlot('user1000')).toBe(3443);
    for (const k of [0, 1, 250, 499]) expect(slots[k]).toBe(3443);
    for (const k of [500, 501, 1999]) expect(slots[k]).toBe(keySlot(`key:${k}`));
    expect(slots.filter((s) => s === 3443).length).toBe(500 + [...Array(1500).keys()].filter((i) => keySlot(`key:${i + 500}`) === 3443).length);
  });
});

describe('slotsOfKeys with a tag per entity', () => {
  it('gives the keys of entity e (ids e·E … e·E + E − 1) the slot of "entity:<e>", the last entity possibly short', async () => {
    const { slotsOfKeys } = await import('./key-slots.js');
    const slots = slotsOfKeys(10, 16384, { kind: 'entity', keysPerEntity: 4 });
    expect([...slots]).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2].map((e) => keySlot(`{entity:${e}}:key:x`)));
  });
});
