// The keys the slot-migration experiments move: "{<tag>}:key:<k>", whose hash tag puts every one of
// them in slot 0, the first slot `redis-cli --cluster reshard` and the `reshard` operation take from
// primary-0; their values, random base64 (which LZF cannot compress, as most cached values); and
// the scenario of the simulated side of such a move.

import { randomBytes } from 'node:crypto';
import { keySlot } from '../models/cluster/key-slot.js';
import type { ClusterMember } from './real-cluster.js';

const FILL_BATCH = 5000;

/** A hash tag whose slot is 0. */
const SLOT_ZERO_TAG = tagOfSlotZero();

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

export interface SlotZeroMove {
  name: string;
  seed: number;
  durationS: number;
  keys: number;
  valueBytes: number;
  /** The client's GETs of the keys, evenly spaced, and its pool (one host). */
  readsPerSecond: number;
  poolSize: number;
  clientTimeout: string;
  /** When the `reshard` operation starts, its keys per MIGRATE, and its MIGRATE timeout (default: the operation's). */
  reshardAtS: number;
  pipeline: number;
  migrateTimeout?: string;
  /** The scenario's faults block, if any. */
  faults?: string;
}

/** The simulated side of a move of slot 0: a 3-primary cluster (no replicas, cluster-node-timeout 15 s) whose primary-0 holds the keys, a client reading them, and `reshard` moving the slot to primary-1. */
export function slotZeroMoveScenario(m: SlotZeroMove): string {
  const timeout = m.migrateTimeout === undefined ? '' : `, timeout: ${m.migrateTimeout}`;
  return `
name: validation-${m.name}
seed: ${m.seed}
duration: ${m.durationS}s
warmup: 1s
drain: 0s
workload:
  keys: ${m.keys}
  valueSize: ${m.valueBytes}B
  hashTag: { tag: ${SLOT_ZERO_TAG}, keys: 1 }
  popularity: uniform
  mix: { get: 1, set: 0 }
  arrival: { rate: ${m.readsPerSecond}/s, process: uniform }
  readThrough: false
  clients: { hosts: 1, poolSize: ${m.poolSize}, timeout: ${m.clientTimeout}, retries: 0 }
topologies:
  - { name: cluster, kind: cluster, primaries: 3, replicasPerPrimary: 0, nodeTimeout: 15s }
operations:
  - { at: ${m.reshardAtS}s, reshard: { from: cluster/primary-0, to: cluster/primary-1, slots: 1, pipeline: ${m.pipeline}${timeout} } }
${m.faults ?? ''}`;
}
