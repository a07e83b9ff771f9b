// The hash slot of every workload key. Workload key k is named "key:<k>" (ASCII), so its slot is
// keySlot("key:<k>"); computed once per run into a Uint16Array (10M keys: 20 MB). With a workload
// hashTag, the first round(keys·N) keys are named "{<tag>}:key:<k>" instead and their slot is what
// keySlot (Redis's rule: only the bytes between the braces are hashed) makes of that name. With a
// tag per entity of E keys, key k is named "{entity:<floor(k/E)>}:key:<k>": an entity's keys share a slot.

import type { HashTagParams } from '../workload/workload-params.js';
import { crc16 } from './crc16.js';
import { keySlot } from './key-slot.js';

export function slotsOfKeys(keyCount: number, slots: number, hashTag?: HashTagParams): Uint16Array {
  const out = new Uint16Array(keyCount);
  if (hashTag?.kind === 'entity') {
    const per = hashTag.keysPerEntity;
    for (let e = 0; e * per < keyCount; e++) out.fill(keySlot(`{entity:${e}}`, slots), e * per, Math.min(keyCount, (e + 1) * per));
    return out;
  }
  const tagged = hashTag ? Math.min(keyCount, Math.round(hashTag.keys * keyCount)) : 0;
  for (let k = 0; k < tagged; k++) out[k] = keySlot(`{${hashTag!.tag}}:key:${k}`, slots);
  const name = new Uint8Array(24);
  name.set([0x6b, 0x65, 0x79, 0x3a]);
  const pow2 = (slots & (slots - 1)) === 0;
  for (let k = tagged; k < keyCount; k++) {
    let len = 4;
    const digits = String(k);
    for (let i = 0; i < digits.length; i++) name[len++] = digits.charCodeAt(i);
    const crc = crc16(name, 0, len);
    out[k] = pow2 ? crc & (slots - 1) : crc % slots;
  }
  return out;
}

/** Workload keys grouped by slot (CSR form): the keys of slot s are keys[start[s] .. start[s + 1]). */
export interface KeysBySlot {
  start: Int32Array;
  keys: Int32Array;
}

export function keysBySlot(slotOfKey: Uint16Array, slots: number): KeysBySlot {
  const start = new Int32Array(slots + 1);
  for (let k = 0; k < slotOfKey.length; k++) start[slotOfKey[k]! + 1]!++;
  for (let s = 0; s < slots; s++) start[s + 1]! += start[s]!;
  const fill = start.slice(0, slots);
  const keys = new Int32Array(slotOfKey.length);
  for (let k = 0; k < slotOfKey.length; k++) keys[fill[slotOfKey[k]!]!++] = k;
  return { start, keys };
}
