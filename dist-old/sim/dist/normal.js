/** Standard normal by Box–Muller; always two uniforms per draw, so stream use is fixed. */
export function standardNormal(rng) {
    const u = 1 - rng();
    const v = rng();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
/**
 * Normal(mean, sd) truncated below at `min` by redrawing (quantities like durations and sizes cannot
 * be negative). The reported mean is the untruncated one: keep mean several sd above min.
 */
export class Normal {
    mean;
    sd;
    min;
    constructor(mean, sd, min = 0) {
        this.mean = mean;
        this.sd = sd;
        this.min = min;
        if (!(sd >= 0))
            throw new RangeError(`normal needs sd ≥ 0, got ${sd}`);
        if (!(mean >= min))
            throw new RangeError(`normal needs mean ≥ ${min}, got ${mean}`);
    }
    sample(rng) {
        for (;;) {
            const x = this.mean + this.sd * standardNormal(rng);
            if (x >= this.min)
                return x;
        }
    }
}
//# sourceMappingURL=normal.js.map