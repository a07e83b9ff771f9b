// XFetch, probabilistic early expiration (Vattani, Chierichetti, Lowenstein, "Optimal Probabilistic
// Cache Stampede Prevention", VLDB 2015): a reader that finds a value refreshes it from the origin
// when now − δ·β·ln(u) ≥ expiry, u uniform in (0, 1], δ the time the value took to compute (stored
// with the value; here one per key for the run, measured by the client that last computed it, and
// the origin's mean latency for preloaded values). Keys without an expiry are never refreshed early.
// Abstracted: δ stored in the value itself (one δ per key for the run stands for it).
// Parameters: beta (dimensionless); the origin's latency mean (ns) as the first δ.

import type { Rng } from '../../sim/random/rng.js';

export class EarlyRefresh {
  private readonly deltaNs: Float64Array;

  constructor(keys: number, firstDeltaNs: number, private readonly beta: number, private readonly rng: Rng) {
    this.deltaNs = new Float64Array(keys).fill(firstDeltaNs);
  }

  /** True if a read of `key` (expiring at `expireAtNs`, 0: never) at `nowNs` should recompute it. */
  due(key: number, expireAtNs: number, nowNs: number): boolean {
    if (expireAtNs === 0 || this.beta === 0) return false;
    return nowNs - this.deltaNs[key]! * this.beta * Math.log(1 - this.rng()) >= expireAtNs;
  }

  /** `key`'s value was computed again, in `ns`. */
  recomputed(key: number, ns: number): void {
    this.deltaNs[key] = ns;
  }
}
