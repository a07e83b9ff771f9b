// Latency of the successful workload requests measured (started inside the window [fromNs, toNs)),
// per op and per time-series bucket of the time they finished, as encoded HdrHistograms: the
// intervals of an HdrHistogram log (.hlog), which add up to the run's latency histogram of each op. Requests finish
// in time order, so one histogram per op is open at a time and is encoded when its bucket is over;
// a late record for a bucket already encoded is added to it (decoded, added, encoded again).

import type { SignalBus } from '../../sim/signal/signal.js';
import { Op, OPS, REQUEST_DONE, type RequestDone } from '../../models/signals.js';
import { decodeHistogram, encodeHistogram, newLatencyHistogram, type LatencyHistogram } from './latency-histogram.js';

/** By op name: one encoded histogram per bucket, null where no request of the op finished. */
export type LatencyIntervalsByOp = Record<string, (string | null)[]>;

export class LatencyIntervals {
  private readonly open: (LatencyHistogram | null)[] = OPS.map(() => null);
  private readonly openBucket: number[] = OPS.map(() => -1);
  private readonly encoded: (string | null)[][];

  constructor(bus: SignalBus, bucketNs: number, buckets: number, window: { fromNs: number; toNs: number }) {
    this.encoded = OPS.map(() => new Array<string | null>(buckets).fill(null));
    bus.signal<RequestDone>(REQUEST_DONE).subscribe((r) => {
      if (r.op !== Op.populate && r.outcome === 0 && r.startNs >= window.fromNs && r.startNs < window.toNs) this.record(r.op, Math.min(buckets - 1, Math.floor(r.endNs / bucketNs)), Math.max(1, r.endNs - r.startNs));
    });
  }

  private record(op: number, bucket: number, valueNs: number): void {
    if (bucket !== this.openBucket[op]) {
      this.close(op);
      const earlier = this.encoded[op]![bucket];
      this.open[op] = earlier ? decodeHistogram(earlier) : newLatencyHistogram();
      this.openBucket[op] = bucket;
    }
    this.open[op]!.recordValue(valueNs);
  }

  private close(op: number): void {
    const h = this.open[op];
    if (h) this.encoded[op]![this.openBucket[op]!] = encodeHistogram(h);
    this.open[op] = null;
    this.openBucket[op] = -1;
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
