/** Exponential with the given mean (inversion: one uniform per draw). */
export class Exponential {
    mean;
    constructor(mean) {
        this.mean = mean;
        if (!(mean > 0))
            throw new RangeError(`exponential needs mean > 0, got ${mean}`);
    }
    sample(rng) {
        return -this.mean * Math.log(1 - rng());
    }
}
//# sourceMappingURL=exponential.js.map