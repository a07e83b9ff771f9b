// The engine's yardstick: the same M/M/1 as bench/mm1.ts (λ = 0.9, μ = 1.0, the same streams and
// draws) on a hand-written event loop with nothing general about it: a binary heap of event slots
// whose times and insertion sequence numbers live in typed arrays, a FIFO of waiting customers in a
// typed array, and one switch on the event kind instead of handler closures. What an engine built for
// models (any handler, cancellation, a queue per executor) may cost is read against this loop
// measured in the same process.
import { RngStreams } from '../sim/random/rng.js';
const UNIT_NS = 1000;
const ARRIVAL = 0;
const DEPARTURE = 1;
/** A binary min-heap of events keyed by (time, seq). */
class EventHeap {
    time = new Float64Array(16);
    seq = new Float64Array(16);
    kind = new Uint8Array(16);
    size = 0;
    next = 0;
    get length() {
        return this.size;
    }
    push(t, k) {
        if (this.size === this.time.length)
            this.grow();
        let i = this.size++;
        const s = this.next++;
        while (i > 0) {
            const p = (i - 1) >> 1;
            if (this.time[p] < t || (this.time[p] === t && this.seq[p] < s))
                break;
            this.time[i] = this.time[p];
            this.seq[i] = this.seq[p];
            this.kind[i] = this.kind[p];
            i = p;
        }
        this.time[i] = t;
        this.seq[i] = s;
        this.kind[i] = k;
    }
    /** Removes the earliest event; its time and kind are then `topTime` and `topKind`. */
    pop() {
        this.topTime = this.time[0];
        this.topKind = this.kind[0];
        const n = --this.size;
        const t = this.time[n];
        const s = this.seq[n];
        const k = this.kind[n];
        let i = 0;
        for (;;) {
            let c = 2 * i + 1;
            if (c >= n)
                break;
            if (c + 1 < n && (this.time[c + 1] < this.time[c] || (this.time[c + 1] === this.time[c] && this.seq[c + 1] < this.seq[c])))
                c++;
            if (t < this.time[c] || (t === this.time[c] && s < this.seq[c]))
                break;
            this.time[i] = this.time[c];
            this.seq[i] = this.seq[c];
            this.kind[i] = this.kind[c];
            i = c;
        }
        this.time[i] = t;
        this.seq[i] = s;
        this.kind[i] = k;
    }
    topTime = 0;
    topKind = 0;
    grow() {
        const time = new Float64Array(this.time.length * 2);
        const seq = new Float64Array(this.seq.length * 2);
        const kind = new Uint8Array(this.kind.length * 2);
        time.set(this.time);
        seq.set(this.seq);
        kind.set(this.kind);
        this.time = time;
        this.seq = seq;
        this.kind = kind;
    }
}
export function benchHeapEventLoop(customers = 1_000_000, lambda = 0.9, mu = 1.0, seed = 1) {
    const streams = new RngStreams(seed);
    const arrivalRng = streams.stream('mm1/arrivals');
    const serviceRng = streams.stream('mm1/service');
    const interarrivalNs = UNIT_NS / lambda;
    const serviceNs = UNIT_NS / mu;
    const heap = new EventHeap();
    const arrivedAt = new Float64Array(customers);
    const waiting = new Int32Array(customers);
    let head = 0;
    let tail = 0;
    let busy = false;
    let arrived = 0;
    let events = 0;
    let waitSum = 0;
    const started = performance.now();
    heap.push(Math.round(-Math.log(1 - arrivalRng()) * interarrivalNs), ARRIVAL);
    while (heap.length > 0) {
        heap.pop();
        const now = heap.topTime;
        events++;
        if (heap.topKind === ARRIVAL) {
            const c = arrived++;
            arrivedAt[c] = now;
            if (!busy) {
                busy = true;
                heap.push(now + Math.round(-Math.log(1 - serviceRng()) * serviceNs), DEPARTURE);
            }
            else
                waiting[tail++] = c;
            if (arrived < customers)
                heap.push(now + Math.round(-Math.log(1 - arrivalRng()) * interarrivalNs), ARRIVAL);
        }
        else if (head < tail) {
            const c = waiting[head++];
            waitSum += (now - arrivedAt[c]) / UNIT_NS;
            heap.push(now + Math.round(-Math.log(1 - serviceRng()) * serviceNs), DEPARTURE);
        }
        else
            busy = false;
    }
    const wallSeconds = (performance.now() - started) / 1000;
    return { customersPerSecond: Math.round(customers / wallSeconds), eventsPerSecond: Math.round(events / wallSeconds), meanWait: waitSum / customers };
}
//# sourceMappingURL=heap-event-loop.js.map