// Open-loop arrivals: requests arrive at `rate` (Poisson or evenly spaced) whatever the system
// does, and are handed to the application hosts in turn. Arrivals stop at `untilNs`.
// Streams: workload/arrivals (gaps), workload/requests (what each request does).
import { REQUEST_ISSUED } from '../signals.js';
export class OpenLoop {
    engine;
    requests;
    factory;
    sinks;
    poisson;
    untilNs;
    issued;
    issuedRecord = { startNs: 0 };
    gapRng;
    drawRng;
    next = 0;
    meanGapNs;
    onArrival = () => this.arrive();
    constructor(engine, requests, factory, sinks, ratePerS, poisson, untilNs, streams, bus) {
        this.engine = engine;
        this.requests = requests;
        this.factory = factory;
        this.sinks = sinks;
        this.poisson = poisson;
        this.untilNs = untilNs;
        this.issued = bus.signal(REQUEST_ISSUED);
        this.meanGapNs = 1e9 / ratePerS;
        this.gapRng = streams.stream('workload/arrivals');
        this.drawRng = streams.stream('workload/requests');
    }
    start() {
        this.scheduleNext();
    }
    scheduleNext() {
        const gap = this.poisson ? -this.meanGapNs * Math.log(1 - this.gapRng()) : this.meanGapNs;
        if (this.engine.now + gap < this.untilNs)
            this.engine.schedule(gap, this.onArrival);
    }
    arrive() {
        const t = this.requests;
        const req = t.alloc();
        this.factory.draw(t, req, this.drawRng);
        t.startNs[req] = this.engine.now;
        if (this.issued.active) {
            this.issuedRecord.startNs = this.engine.now;
            this.issued.emit(this.issuedRecord);
        }
        t.owner[req] = -1;
        const sink = this.sinks[this.next];
        this.next = (this.next + 1) % this.sinks.length;
        sink.submit(req);
        this.scheduleNext();
    }
}
//# sourceMappingURL=open-loop.js.map