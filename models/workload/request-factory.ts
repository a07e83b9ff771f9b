// Draws what each request does (op, keys, TTLs) into the request table, from the caller's stream,
// so every topology of a scenario sees the same draws (common random numbers). Value sizes are a
// property of each key, drawn once for the whole keyspace, as is each key's preload expiry.
// Parameters: the workload's mix (shares), popularity, valueSize (bytes; a draw above Redis's
// proto-max-bulk-len, 512 MiB, is cut to it), ttl and preloadTtl (ns), keyBytes.

import { createDistribution } from '../../sim/dist/registry.js';
import type { Distribution } from '../../sim/dist/distribution.js';
import type { Rng } from '../../sim/random/rng.js';
import type { RequestTable } from '../request/request-table.js';
import { Op } from '../signals.js';
import { evalshaCommandBytes, keyCommandBytes, mgetCommandBytes, msetCommandBytes, msetPairBytes, multiBytes, setCommandBytes } from './wire-sizes.js';
import { keyPicker, type KeyPicker } from './popularity.js';
import { MAX_VALUE_BYTES, type WorkloadParams } from './workload-params.js';

export class RequestFactory {
  readonly valueBytes: Uint32Array;
  readonly stride: number;
  private readonly picker: KeyPicker;
  private readonly ttl: Distribution | null;
  private readonly cumulative: number[];
  private readonly ops: number[];
  private readonly setShareOfWrites: number;
  private readonly preloadTtlNs: Float64Array | null = null;
  /** Keys per entity with a tag per entity (multi-key requests stay within one), else 0. */
  private readonly keysPerEntity: number;

  /** Bytes of a key's name. */
  get keyBytes(): number {
    return this.w.keyBytes;
  }

  /** `preloadTtlRng` draws the preload expiries (when the workload has preloadTtl); `traceKeys` are a trace popularity's key ids. */
  constructor(private readonly w: WorkloadParams, sizeRng: Rng, extra: { preloadTtlRng?: Rng; traceKeys?: Int32Array | undefined } = {}) {
    this.valueBytes = new Uint32Array(w.keys);
    const size = createDistribution(w.valueSize);
    for (let k = 0; k < w.keys; k++) this.valueBytes[k] = Math.min(MAX_VALUE_BYTES, Math.max(0, Math.round(size.sample(sizeRng))));
    if (w.preloadTtl) {
      if (!extra.preloadTtlRng) throw new RangeError('preloadTtl needs a random stream');
      const ttl = createDistribution(w.preloadTtl);
      this.preloadTtlNs = new Float64Array(w.keys);
      for (let k = 0; k < w.keys; k++) this.preloadTtlNs[k] = Math.max(1, Math.round(ttl.sample(extra.preloadTtlRng)));
    }
    this.picker = keyPicker(w.popularity, w.keys, extra.traceKeys);
    this.keysPerEntity = w.hashTag?.kind === 'entity' ? w.hashTag.keysPerEntity : 0;
    this.ttl = w.ttl ? createDistribution(w.ttl) : null;
    const m = w.mix;
    const entries: [number, number][] = [
      [Op.get, m.get], [Op.set, m.set], [Op.del, m.del], [Op.mget, m.mget?.share ?? 0],
      [Op.pipeline, m.pipeline?.share ?? 0], [Op.keys, m.keys],
      [Op.mset, m.mset?.share ?? 0], [Op.multi, m.multi?.share ?? 0], [Op.eval, m.eval?.share ?? 0],
    ];
    const used = entries.filter(([, share]) => share > 0);
    this.ops = used.map(([op]) => op);
    let sum = 0;
    this.cumulative = used.map(([, share]) => (sum += share));
    this.stride = Math.max(1, m.mget?.keys ?? 1, m.pipeline?.commands ?? 1, m.mset?.keys ?? 1, m.multi?.keys ?? 1, m.eval?.keys ?? 1);
    this.setShareOfWrites = m.get + m.set > 0 ? m.set / (m.get + m.set) : 0;
  }

  /** Absolute expiry of `key` when preloaded at t = 0, ns (0: none). */
  preloadExpireAtNs(key: number): number {
    return this.preloadTtlNs ? this.preloadTtlNs[key]! : 0;
  }

  /** Fills row `req` with a freshly drawn request. */
  draw(t: RequestTable, req: number, rng: Rng): void {
    const u = rng() * this.cumulative[this.cumulative.length - 1]!;
    let i = 0;
    while (i < this.cumulative.length - 1 && u >= this.cumulative[i]!) i++;
    const op = this.ops[i]!;
    const base = req * t.stride;
    t.op[req] = op;
    if (op === Op.mget) {
      const k = this.w.mix.mget!.keys;
      const first = this.picker.pick(rng);
      for (let j = 0; j < k; j++) this.command(t, base + j, Op.get, this.keyOf(first, j, rng), rng);
      t.commandCount[req] = k;
      t.requestBytes[req] = this.mgetBytes(k);
      return;
    }
    if (op === Op.pipeline) {
      const { commands: d, op: pipelineOp } = this.w.mix.pipeline!;
      let first = -1;
      let bytes = 0;
      for (let j = 0; j < d; j++) {
        const cmd = pipelineOp === 'get' ? Op.get : pipelineOp === 'set' ? Op.set : rng() < this.setShareOfWrites ? Op.set : Op.get;
        const key = j === 0 ? (first = this.picker.pick(rng)) : this.keyOf(first, j, rng);
        bytes += this.command(t, base + j, cmd, key, rng);
      }
      t.commandCount[req] = d;
      t.requestBytes[req] = bytes;
      return;
    }
    if (op === Op.mset || op === Op.multi) {
      const k = op === Op.mset ? this.w.mix.mset!.keys : this.w.mix.multi!.keys;
      const first = this.picker.pick(rng);
      let bytes = 0;
      for (let j = 0; j < k; j++) {
        const key = this.keyOf(first, j, rng);
        const setBytes = this.command(t, base + j, Op.set, key, rng);
        if (op === Op.mset) t.cmdTtlNs[base + j] = 0;
        bytes += op === Op.mset ? msetPairBytes(this.w.keyBytes, this.valueBytes[key]!) : setBytes;
      }
      t.commandCount[req] = k;
      t.requestBytes[req] = op === Op.mset ? msetCommandBytes(k, bytes) : multiBytes(bytes);
      return;
    }
    if (op === Op.eval) {
      const e = this.w.mix.eval!;
      const first = this.picker.pick(rng);
      for (let j = 0; j < e.keys; j++) this.command(t, base + j, Op.eval, this.keyOf(first, j, rng), rng);
      t.commandCount[req] = e.keys;
      t.scriptNs[req] = e.cpu;
      t.requestBytes[req] = evalshaCommandBytes(e.keys, this.w.keyBytes);
      return;
    }
    t.commandCount[req] = 1;
    t.requestBytes[req] = this.command(t, base, op, op === Op.keys ? 0 : this.picker.pick(rng), rng);
  }

  /**
   * The j-th key of a multi-key request whose first key is `first`: with a tag per entity, the
   * entity's keys from `first` on, wrapping within the entity (j beyond its size repeats keys);
   * otherwise `first`, then keys drawn by popularity.
   */
  private keyOf(first: number, j: number, rng: Rng): number {
    if (j === 0) return first;
    if (this.keysPerEntity === 0) return this.picker.pick(rng);
    const start = first - (first % this.keysPerEntity);
    const size = Math.min(this.keysPerEntity, this.w.keys - start);
    return start + ((first - start + j) % size);
  }

  /** Writes one command at position `at` (drawing a TTL for a SET); returns its size on the wire. */
  command(t: RequestTable, at: number, op: number, key: number, rng: Rng): number {
    t.cmdOp[at] = op;
    t.cmdKey[at] = key;
    t.cmdHit[at] = 0;
    if (op === Op.set) {
      t.cmdValueBytes[at] = this.valueBytes[key]!;
      t.cmdTtlNs[at] = this.ttl ? Math.max(1, Math.round(this.ttl.sample(rng))) : 0;
    }
    return this.commandBytes(op, key);
  }

  /** Size on the wire of one command (RESP). */
  commandBytes(op: number, key: number): number {
    if (op === Op.set) return setCommandBytes(this.w.keyBytes, this.valueBytes[key]!);
    return keyCommandBytes(op === Op.keys ? 4 : 3, op === Op.keys ? 1 : this.w.keyBytes);
  }

  /** Size on the wire of an MGET of `keys` keys. */
  mgetBytes(keys: number): number {
    return mgetCommandBytes(keys, this.w.keyBytes);
  }
}
