import type { Rng } from '../random/rng.js';
import type { Distribution } from './distribution.js';
import { standardNormal } from './normal.js';

/** Lognormal given its median and the sd of its logarithm: exp(ln(median) + sigma·Z). */
export class Lognormal implements Distribution {
  private readonly mu: number;

  constructor(readonly median: number, readonly sigma: number) {
    if (!(median > 0)) throw new RangeError(`lognormal needs median > 0, got ${median}`);
    if (!(sigma >= 0)) throw new RangeError(`lognormal needs sigma ≥ 0, got ${sigma}`);
    this.mu = Math.log(median);
  }

  get mean(): number {
    return this.median * Math.exp((this.sigma * this.sigma) / 2);
  }

  sample(rng: Rng): number {
    return Math.exp(this.mu + this.sigma * standardNormal(rng));
  }
}
