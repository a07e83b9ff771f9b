// Latency of the successful requests measured (started inside the window), per op and per
// time-series bucket of the time they finished, as encoded HdrHistograms: the intervals of an
// HdrHistogram log (.hlog); their sum is the op's latency histogram of the run (`total`), so each
// request is recorded once. Requests finish in time order, so one histogram per op is open at a time
// and is encoded (and added to the total) when its bucket is over; a late record for a bucket already
// encoded opens a fresh histogram that is merged with the earlier one when it closes.

import { OPS } from '../../models/signals.js';
import { decodeHistogram, encodeHistogram, newLatencyHistogram, type LatencyHistogram } from './latency-histogram.js';

/** By op name: one encoded histogram per bucket, null where no request of the op finished. */
export type LatencyIntervalsByOp = Record<string, (string | null)[]>;

export class LatencyIntervals {
  private readonly open: (LatencyHistogram | null)[] = OPS.map(() => null);
  private readonly openBucket: number[] = OPS.map(() => -1);
  private readonly encoded: (string | null)[][];
  private readonly totals: LatencyHistogram[] = OPS.map(() => newLatencyHistogram());

  constructor(private readonly bucketNs: number, private readonly buckets: number) {
    this.encoded = OPS.map(() => new Array<string | null>(buckets).fill(null));
  }

  /** A successful request of `op` that finished at `endNs` after `valueNs`. */
  record(op: number, endNs: number, valueNs: number): void {
    const bucket = Math.min(this.buckets - 1, Math.floor(endNs / this.bucketNs));
    if (bucket !== this.openBucket[op]) {
      this.close(op);
      this.open[op] = newLatencyHistogram();
      this.openBucket[op] = bucket;
    }
    this.open[op]!.recordValue(valueNs);
  }

  private close(op: number): void {
    const h = this.open[op];
    if (h) {
      this.totals[op]!.add(h);
      const bucket = this.openBucket[op]!;
      const earlier = this.encoded[op]![bucket];
      if (earlier) {
        const merged = decodeHistogram(earlier);
        merged.add(h);
        this.encoded[op]![bucket] = encodeHistogram(merged);
      } else this.encoded[op]![bucket] = encodeHistogram(h);
    }
    this.open[op] = null;
    this.openBucket[op] = -1;
  }

  /** Every interval closed; the histogram of all of `op`'s requests. */
  total(op: number): LatencyHistogram {
    this.close(op);
    return this.totals[op]!;
  }

  result(): LatencyIntervalsByOp {
    const out: LatencyIntervalsByOp = {};
    OPS.forEach((name, op) => {
      this.close(op);
      if (this.encoded[op]!.some((e) => e !== null)) out[name] = [...this.encoded[op]!];
    });
    return out;
  }
}
