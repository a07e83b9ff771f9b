// Open-loop arrivals: requests arrive at `rate` (Poisson or evenly spaced) whatever the system
// does, and are handed to the application hosts in turn. Arrivals stop at `untilNs`.
// Streams: workload/arrivals (gaps), workload/requests (what each request does).

import type { Engine, EventHandler } from '../../sim/engine/engine.js';
import type { Rng, RngStreams } from '../../sim/random/rng.js';
import type { Signal, SignalBus } from '../../sim/signal/signal.js';
import type { RequestTable } from '../request/request-table.js';
import { REQUEST_ISSUED, type RequestIssued } from '../signals.js';
import type { RequestFactory } from './request-factory.js';

export interface RequestSink {
  submit(req: number): void;
}

export class OpenLoop {
  private readonly issued: Signal<RequestIssued>;
  private readonly issuedRecord: RequestIssued = { startNs: 0, op: 0 };
  private readonly gapRng: Rng;
  private readonly drawRng: Rng;
  private next = 0;
  private readonly meanGapNs: number;
  private readonly onArrival: EventHandler = () => this.arrive();

  constructor(
    private readonly engine: Engine, private readonly requests: RequestTable, private readonly factory: RequestFactory,
    private readonly sinks: RequestSink[], ratePerS: number, private readonly poisson: boolean,
    private readonly untilNs: number, streams: RngStreams, bus: SignalBus,
  ) {
    this.issued = bus.signal<RequestIssued>(REQUEST_ISSUED);
    this.meanGapNs = 1e9 / ratePerS;
    this.gapRng = streams.stream('workload/arrivals');
    this.drawRng = streams.stream('workload/requests');
  }

  start(): void {
    this.scheduleNext();
  }

  private scheduleNext(): void {
    const gap = this.poisson ? -this.meanGapNs * Math.log(1 - this.gapRng()) : this.meanGapNs;
    if (this.engine.now + gap < this.untilNs) this.engine.schedule(gap, this.onArrival);
  }

  private arrive(): void {
    const t = this.requests;
    const req = t.alloc();
    this.factory.draw(t, req, this.drawRng);
    t.startNs[req] = this.engine.now;
    if (this.issued.active) {
      this.issuedRecord.startNs = this.engine.now;
      this.issuedRecord.op = t.op[req]!;
      this.issued.emit(this.issuedRecord);
    }
    t.owner[req] = -1;
    const sink = this.sinks[this.next]!;
    this.next = (this.next + 1) % this.sinks.length;
    sink.submit(req);
    this.scheduleNext();
  }
}
