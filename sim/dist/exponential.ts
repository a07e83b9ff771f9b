import type { Rng } from '../random/rng.js';
import type { Distribution } from './distribution.js';

/** Exponential with the given mean (inversion: one uniform per draw). */
export class Exponential implements Distribution {
  constructor(readonly mean: number) {
    if (!(mean > 0)) throw new RangeError(`exponential needs mean > 0, got ${mean}`);
  }

  sample(rng: Rng): number {
    return -this.mean * Math.log(1 - rng());
  }
}
