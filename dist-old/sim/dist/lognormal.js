import { standardNormal } from './normal.js';
/** Lognormal given its median and the sd of its logarithm: exp(ln(median) + sigma·Z). */
export class Lognormal {
    median;
    sigma;
    mu;
    constructor(median, sigma) {
        this.median = median;
        this.sigma = sigma;
        if (!(median > 0))
            throw new RangeError(`lognormal needs median > 0, got ${median}`);
        if (!(sigma >= 0))
            throw new RangeError(`lognormal needs sigma ≥ 0, got ${sigma}`);
        this.mu = Math.log(median);
    }
    get mean() {
        return this.median * Math.exp((this.sigma * this.sigma) / 2);
    }
    sample(rng) {
        return Math.exp(this.mu + this.sigma * standardNormal(rng));
    }
}
//# sourceMappingURL=lognormal.js.map