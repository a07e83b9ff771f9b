/**
 * Zipf over ranks 0..n-1: P(rank k) ∝ (k+1)^-exponent. Exponent 0 is uniform.
 * Draws by rejection-inversion (Hörmann & Derflinger 1996): O(1) expected, no table, so n can be
 * 10M keys at no memory cost. The expected number of uniforms per draw is close to 1.
 */
export class Zipf {
    n;
    exponent;
    hIntegralX1;
    hIntegralN;
    s;
    meanCache = NaN;
    constructor(n, exponent) {
        this.n = n;
        this.exponent = exponent;
        if (!(Number.isInteger(n) && n >= 1))
            throw new RangeError(`zipf needs n ≥ 1 elements, got ${n}`);
        if (!(exponent >= 0))
            throw new RangeError(`zipf needs exponent ≥ 0, got ${exponent}`);
        this.hIntegralX1 = this.hIntegral(1.5) - 1;
        this.hIntegralN = this.hIntegral(n + 0.5);
        this.s = 2 - this.hIntegralInverse(this.hIntegral(2.5) - this.h(2));
    }
    /** Mean rank (0-based); computed once on first use, O(n). */
    get mean() {
        if (Number.isNaN(this.meanCache)) {
            let weight = 0;
            let weighted = 0;
            for (let k = 1; k <= this.n; k++) {
                const p = Math.pow(k, -this.exponent);
                weight += p;
                weighted += p * (k - 1);
            }
            this.meanCache = weighted / weight;
        }
        return this.meanCache;
    }
    sample(rng) {
        if (this.exponent === 0)
            return Math.floor(rng() * this.n);
        for (;;) {
            const u = this.hIntegralN + rng() * (this.hIntegralX1 - this.hIntegralN);
            const x = this.hIntegralInverse(u);
            let k = Math.floor(x + 0.5);
            if (k < 1)
                k = 1;
            else if (k > this.n)
                k = this.n;
            if (k - x <= this.s || u >= this.hIntegral(k + 0.5) - this.h(k))
                return k - 1;
        }
    }
    h(x) {
        return Math.exp(-this.exponent * Math.log(x));
    }
    hIntegral(x) {
        const logX = Math.log(x);
        return expm1OverX((1 - this.exponent) * logX) * logX;
    }
    hIntegralInverse(x) {
        let t = x * (1 - this.exponent);
        if (t < -1)
            t = -1;
        return Math.exp(log1pOverX(t) * x);
    }
}
function log1pOverX(x) {
    return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x * (1 / 3 - 0.25 * x));
}
function expm1OverX(x) {
    return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x * 0.5 * (1 + (x / 3) * (1 + 0.25 * x));
}
//# sourceMappingURL=zipf.js.map