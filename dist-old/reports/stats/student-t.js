// Two-sided 95 % Student t critical value, from @stdlib's t quantile.
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
export function tCritical95(degreesOfFreedom) {
    return tQuantile(0.975, degreesOfFreedom);
}
//# sourceMappingURL=student-t.js.map