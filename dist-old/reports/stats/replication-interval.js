// Mean, standard deviation and 95 % confidence interval of a metric over independent replications
// (Student t with n − 1 degrees of freedom): batch means with one replication per batch. With one
// replication there is no spread and no interval.
import { deviation, mean } from 'd3-array';
import { batchMeans } from './batch-means.js';
export function replicationInterval(values) {
    if (values.length === 0)
        throw new RangeError('a replication interval needs at least one value');
    if (values.length === 1)
        return { n: 1, mean: values[0], sd: null, halfWidth: null };
    return { n: values.length, mean: mean(values), sd: deviation(values), halfWidth: batchMeans(values, values.length).halfWidth95 };
}
/** Half-width of the combined 95 % interval of two means, √(hw A² + hw B²); null when either side has no interval. */
export function combinedHalfWidth(a, b) {
    return a.halfWidth === null || b.halfWidth === null ? null : Math.hypot(a.halfWidth, b.halfWidth);
}
/** Whether two means differ beyond their combined 95 % interval (the rule of `cachetopo compare` and of every verdict); null without intervals. */
export function differsBeyondCi(a, b) {
    const combined = combinedHalfWidth(a, b);
    return combined === null ? null : Math.abs(b.mean - a.mean) > combined;
}
/** The note-worthy case: a confidence half-width over 10 % of the mean's magnitude. */
export function isWide(i) {
    return i.halfWidth !== null && i.halfWidth > 0.1 * Math.abs(i.mean);
}
//# sourceMappingURL=replication-interval.js.map