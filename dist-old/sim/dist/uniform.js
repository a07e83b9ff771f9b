/** Continuous uniform on [min, max). */
export class Uniform {
    min;
    max;
    constructor(min, max) {
        this.min = min;
        this.max = max;
        if (!(max >= min))
            throw new RangeError(`uniform needs max ≥ min, got [${min}, ${max}]`);
    }
    get mean() {
        return (this.min + this.max) / 2;
    }
    sample(rng) {
        return this.min + (this.max - this.min) * rng();
    }
}
//# sourceMappingURL=uniform.js.map