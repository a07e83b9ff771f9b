import type { Rng } from '../random/rng.js';
import type { Distribution } from './distribution.js';

/** Standard normal by Box–Muller; always two uniforms per draw, so stream use is fixed. */
export function standardNormal(rng: Rng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Normal(mean, sd) truncated below at `min` by redrawing (quantities like durations and sizes cannot
 * be negative). The reported mean is the untruncated one: keep mean several sd above min.
 */
export class Normal implements Distribution {
  constructor(readonly mean: number, readonly sd: number, readonly min = 0) {
    if (!(sd >= 0)) throw new RangeError(`normal needs sd ≥ 0, got ${sd}`);
    if (!(mean >= min)) throw new RangeError(`normal needs mean ≥ ${min}, got ${mean}`);
  }

  sample(rng: Rng): number {
    for (;;) {
      const x = this.mean + this.sd * standardNormal(rng);
      if (x >= this.min) return x;
    }
  }
}
