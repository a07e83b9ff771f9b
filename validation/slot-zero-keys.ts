// The keys the slot-migration experiments move: "{<tag>}:key:<k>", whose hash tag puts every one of
// them in slot 0, the first slot `redis-cli --cluster reshard` and the `reshard` operation take from
// primary-0; and their values, random base64 (which LZF cannot compress, as most cached values).

import { randomBytes } from 'node:crypto';
import { keySlot } from '../models/cluster/key-slot.js';
import type { ClusterMember } from './real-cluster.js';

const FILL_BATCH = 5000;

/** A hash tag whose slot is 0. */
export const SLOT_ZERO_TAG = tagOfSlotZero();

function tagOfSlotZero(): string {
  for (let i = 0; ; i++) if (keySlot(`{m${i}}:key:0`) === 0) return `m${i}`;
}

export const slotZeroKey = (k: number) => `{${SLOT_ZERO_TAG}}:key:${k}`;

/** Writes keys 0 … `keys` − 1 of slot 0 with values of `valueBytes` on `owner`. */
export async function fillSlotZero(owner: ClusterMember, keys: number, valueBytes: number): Promise<void> {
  for (let from = 0; from < keys; from += FILL_BATCH) {
    const pipeline = owner.client.pipeline();
    for (let k = from; k < Math.min(keys, from + FILL_BATCH); k++) pipeline.set(slotZeroKey(k), randomBytes(valueBytes).toString('base64').slice(0, valueBytes));
    await pipeline.exec();
  }
}
