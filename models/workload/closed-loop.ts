// Closed-loop users: each of `connections` users issues a request, waits for its response, thinks,
// and issues the next, until `untilNs`. Users are spread over the application hosts in turn; each
// draws from its own stream (workload/user/<i>), so its sequence of requests is the same in every
// topology. Users start after one think time each, so they do not all fire at t = 0. With no think
// time the next request is issued within the completion that ends the previous one (as an
// application's continuation runs when its reply resolves), not as a later event.

import type { Distribution } from '../../sim/dist/distribution.js';
import { createDistribution, type DistributionSpec } from '../../sim/dist/registry.js';
import type { Engine, EventHandler } from '../../sim/engine/engine.js';
import type { Rng, RngStreams } from '../../sim/random/rng.js';
import type { Signal, SignalBus } from '../../sim/signal/signal.js';
import type { RequestTable } from '../request/request-table.js';
import { REQUEST_ISSUED, type RequestIssued } from '../signals.js';
import type { RequestSink } from './open-loop.js';
import type { RequestFactory } from './request-factory.js';

export class ClosedLoop {
  private readonly issued: Signal<RequestIssued>;
  private readonly issuedRecord: RequestIssued = { startNs: 0, op: 0 };
  private readonly rngs: Rng[] = [];
  private readonly think: Distribution;
  private readonly onWake: EventHandler = (user) => this.issue(user);

  constructor(
    private readonly engine: Engine, private readonly requests: RequestTable, private readonly factory: RequestFactory,
    private readonly sinks: RequestSink[], private readonly users: number, think: DistributionSpec,
    private readonly untilNs: number, streams: RngStreams, bus: SignalBus,
  ) {
    this.issued = bus.signal<RequestIssued>(REQUEST_ISSUED);
    this.think = createDistribution(think);
    for (let u = 0; u < users; u++) this.rngs.push(streams.stream(`workload/user/${u}`));
  }

  start(): void {
    for (let u = 0; u < this.users; u++) this.sleep(u);
  }

  /** The client reports request row `req` done: its user thinks, then goes on. */
  done(req: number): void {
    const user = this.requests.owner[req]!;
    if (user >= 0) this.sleep(user);
  }

  private sleep(user: number): void {
    const thinkNs = this.think.sample(this.rngs[user]!);
    if (this.engine.now + thinkNs >= this.untilNs) return;
    if (thinkNs === 0) this.issue(user);
    else this.engine.schedule(thinkNs, this.onWake, user);
  }

  private issue(user: number): void {
    const t = this.requests;
    const req = t.alloc();
    this.factory.draw(t, req, this.rngs[user]!);
    t.startNs[req] = this.engine.now;
    if (this.issued.active) {
      this.issuedRecord.startNs = this.engine.now;
      this.issuedRecord.op = t.op[req]!;
      this.issued.emit(this.issuedRecord);
    }
    t.owner[req] = user;
    this.sinks[user % this.sinks.length]!.submit(req);
  }
}
