/** Pareto type I: P(X > x) = (scale / x)^shape for x ≥ scale. Mean is infinite for shape ≤ 1. */
export class Pareto {
    scale;
    shape;
    constructor(scale, shape) {
        this.scale = scale;
        this.shape = shape;
        if (!(scale > 0))
            throw new RangeError(`pareto needs scale > 0, got ${scale}`);
        if (!(shape > 0))
            throw new RangeError(`pareto needs shape > 0, got ${shape}`);
    }
    get mean() {
        return this.shape > 1 ? (this.shape * this.scale) / (this.shape - 1) : Infinity;
    }
    sample(rng) {
        return this.scale / Math.pow(1 - rng(), 1 / this.shape);
    }
}
//# sourceMappingURL=pareto.js.map