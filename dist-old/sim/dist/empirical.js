/**
 * A discrete table of values with weights, drawn in O(1) by Vose's alias method
 * (one uniform per draw: its integer part picks the column, its fraction the side).
 */
export class Empirical {
    mean;
    values;
    probability;
    alias;
    constructor(values, weights) {
        const n = values.length;
        if (n === 0 || weights.length !== n)
            throw new RangeError('empirical needs as many weights as values, at least one');
        const total = weights.reduce((a, w) => a + w, 0);
        if (!(total > 0) || weights.some((w) => !(w >= 0 && w < Infinity)))
            throw new RangeError('empirical weights must be finite, ≥ 0, with a positive sum');
        this.values = Float64Array.from(values);
        this.mean = values.reduce((a, v, i) => a + v * weights[i], 0) / total;
        this.probability = new Float64Array(n);
        this.alias = new Int32Array(n);
        const scaled = weights.map((w) => (w * n) / total);
        const small = [];
        const large = [];
        scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
        while (small.length > 0 && large.length > 0) {
            const s = small.pop();
            const l = large[large.length - 1];
            this.probability[s] = scaled[s];
            this.alias[s] = l;
            scaled[l] = scaled[l] + scaled[s] - 1;
            if (scaled[l] < 1)
                small.push(large.pop());
        }
        for (const i of [...small, ...large])
            this.probability[i] = 1;
    }
    sample(rng) {
        const x = rng() * this.values.length;
        const column = Math.floor(x);
        return this.values[x - column < this.probability[column] ? column : this.alias[column]];
    }
}
//# sourceMappingURL=empirical.js.map