// The batch-means method for the mean of a correlated output series: split it into k equal
// batches, treat the batch averages as independent, and give the mean, its standard error and a
// 95 % confidence half-width (Student t with k − 1 degrees of freedom). A NaN in the series makes
// every statistic NaN rather than being skipped.
import { tCritical95 } from './student-t.js';
export function batchMeans(series, batches) {
    const size = Math.floor(series.length / batches);
    if (!Number.isInteger(batches) || batches < 2 || size < 1)
        throw new RangeError(`batch means needs a whole number ≥ 2 of batches, each of ≥ 1 value, got ${series.length} values in ${batches}`);
    const averages = Array.from({ length: batches }, (_, b) => {
        let s = 0;
        for (let i = b * size; i < (b + 1) * size; i++)
            s += series[i];
        return s / size;
    });
    const grandMean = averages.reduce((a, x) => a + x, 0) / batches;
    const variance = averages.reduce((a, x) => a + (x - grandMean) ** 2, 0) / (batches - 1);
    const standardError = Math.sqrt(variance / batches);
    return { mean: grandMean, standardError, halfWidth95: tCritical95(batches - 1) * standardError, batches };
}
//# sourceMappingURL=batch-means.js.map