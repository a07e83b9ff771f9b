import type { Rng } from '../random/rng.js';
import type { Distribution } from './distribution.js';

/** Continuous uniform on [min, max). */
export class Uniform implements Distribution {
  constructor(readonly min: number, readonly max: number) {
    if (!(max >= min)) throw new RangeError(`uniform needs max ≥ min, got [${min}, ${max}]`);
  }

  get mean(): number {
    return (this.min + this.max) / 2;
  }

  sample(rng: Rng): number {
    return this.min + (this.max - this.min) * rng();
  }
}
