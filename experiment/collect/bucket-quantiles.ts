// Percentiles of a value per time bucket with O(buckets) memory: an HdrHistogram (latency-histogram.ts)
// is open only for the buckets still receiving values; when values reach a later bucket, the earlier
// ones are closed (their percentiles kept as numbers) and their histograms reused. Values must come
// in non-decreasing bucket order (completion times, or arrivals at a FIFO queue); a value for a
// closed bucket is a bug of the caller and throws.

import { newLatencyHistogram, type LatencyHistogram } from './latency-histogram.js';

export class BucketQuantiles {
  /** Percentile `percentiles[i]` of bucket b in `values[i][b]`, ns; NaN for a bucket without values. */
  readonly values: Float64Array[];
  private readonly open = new Map<number, LatencyHistogram>();
  private readonly spare: LatencyHistogram[] = [];
  private closedBelow = 0;
  /** The bucket recorded last and its histogram (values come in bucket order: most records hit it). */
  private lastBucket = -1;
  private lastHistogram: LatencyHistogram | null = null;

  constructor(buckets: number, private readonly percentiles: readonly number[], private readonly what: string) {
    this.values = percentiles.map(() => new Float64Array(buckets).fill(NaN));
  }

  record(bucket: number, valueNs: number): void {
    if (bucket !== this.lastBucket) {
      if (bucket < this.closedBelow) throw new RangeError(`${this.what}: value for bucket ${bucket} after bucket ${this.closedBelow - 1} was closed`);
      this.closeBefore(bucket);
      let h = this.open.get(bucket);
      if (!h) {
        h = this.spare.pop() ?? newLatencyHistogram();
        this.open.set(bucket, h);
      }
      this.lastBucket = bucket;
      this.lastHistogram = h;
    }
    this.lastHistogram!.recordValue(Math.max(1, valueNs));
  }

  /** Closes every bucket before `bucket` (all of them for Infinity). */
  closeBefore(bucket: number): void {
    if (bucket <= this.closedBelow) return;
    for (const [b, h] of this.open) {
      if (b >= bucket) continue;
      this.percentiles.forEach((p, i) => { this.values[i]![b] = h.getValueAtPercentile(p); });
      h.reset();
      this.spare.push(h);
      this.open.delete(b);
    }
    this.closedBelow = bucket;
    if (this.lastBucket < bucket) this.lastBucket = -1;
  }
}
