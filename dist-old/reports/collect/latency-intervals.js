// Latency of the successful requests measured (started inside the window), per op and per
// time-series bucket of the time they finished, as encoded HdrHistograms: the intervals of an
// HdrHistogram log (.hlog); their sum is the op's latency histogram of the run (`total`), so each
// request is recorded once. Requests finish in time order, so one histogram per op is open at a time
// and is encoded (and added to the total) when its bucket is over; a late record for a bucket already
// encoded opens a fresh histogram that is merged with the earlier one when it closes.
import { OPS } from '../../models/signals.js';
import { decodeHistogram, encodeHistogram, newLatencyHistogram } from './latency-histogram.js';
export class LatencyIntervals {
    bucketNs;
    buckets;
    open = OPS.map(() => null);
    openBucket = OPS.map(() => -1);
    encoded;
    totals = OPS.map(() => newLatencyHistogram());
    constructor(bucketNs, buckets) {
        this.bucketNs = bucketNs;
        this.buckets = buckets;
        this.encoded = OPS.map(() => new Array(buckets).fill(null));
    }
    /** A successful request of `op` that finished at `endNs` after `valueNs`. */
    record(op, endNs, valueNs) {
        const bucket = Math.min(this.buckets - 1, Math.floor(endNs / this.bucketNs));
        if (bucket !== this.openBucket[op]) {
            this.close(op);
            this.open[op] = newLatencyHistogram();
            this.openBucket[op] = bucket;
        }
        this.open[op].recordValue(valueNs);
    }
    close(op) {
        const h = this.open[op];
        if (h) {
            this.totals[op].add(h);
            const bucket = this.openBucket[op];
            const earlier = this.encoded[op][bucket];
            if (earlier) {
                const merged = decodeHistogram(earlier);
                merged.add(h);
                this.encoded[op][bucket] = encodeHistogram(merged);
            }
            else
                this.encoded[op][bucket] = encodeHistogram(h);
        }
        this.open[op] = null;
        this.openBucket[op] = -1;
    }
    /** Every interval closed; the histogram of all of `op`'s requests. */
    total(op) {
        this.close(op);
        return this.totals[op];
    }
    result() {
        const out = {};
        OPS.forEach((name, op) => {
            this.close(op);
            if (this.encoded[op].some((e) => e !== null))
                out[name] = [...this.encoded[op]];
        });
        return out;
    }
}
//# sourceMappingURL=latency-intervals.js.map