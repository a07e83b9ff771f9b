// Closed-loop users: each of `connections` users issues a request, waits for its response, thinks,
// and issues the next, until `untilNs`. Users are spread over the application hosts in turn; each
// draws from its own stream (workload/user/<i>), so its sequence of requests is the same in every
// topology. Users start after one think time each, so they do not all fire at t = 0. With no think
// time the next request is issued within the completion that ends the previous one (as an
// application's continuation runs when its reply resolves), not as a later event.
import { createDistribution } from '../../sim/dist/registry.js';
import { REQUEST_ISSUED } from '../signals.js';
export class ClosedLoop {
    engine;
    requests;
    factory;
    sinks;
    users;
    untilNs;
    issued;
    issuedRecord = { startNs: 0 };
    rngs = [];
    think;
    onWake = (user) => this.issue(user);
    constructor(engine, requests, factory, sinks, users, think, untilNs, streams, bus) {
        this.engine = engine;
        this.requests = requests;
        this.factory = factory;
        this.sinks = sinks;
        this.users = users;
        this.untilNs = untilNs;
        this.issued = bus.signal(REQUEST_ISSUED);
        this.think = createDistribution(think);
        for (let u = 0; u < users; u++)
            this.rngs.push(streams.stream(`workload/user/${u}`));
    }
    start() {
        for (let u = 0; u < this.users; u++)
            this.sleep(u);
    }
    /** The client reports request row `req` done: its user thinks, then goes on. */
    done(req) {
        const user = this.requests.owner[req];
        if (user >= 0)
            this.sleep(user);
    }
    sleep(user) {
        const thinkNs = this.think.sample(this.rngs[user]);
        if (this.engine.now + thinkNs >= this.untilNs)
            return;
        if (thinkNs === 0)
            this.issue(user);
        else
            this.engine.schedule(thinkNs, this.onWake, user);
    }
    issue(user) {
        const t = this.requests;
        const req = t.alloc();
        this.factory.draw(t, req, this.rngs[user]);
        t.startNs[req] = this.engine.now;
        if (this.issued.active) {
            this.issuedRecord.startNs = this.engine.now;
            this.issued.emit(this.issuedRecord);
        }
        t.owner[req] = user;
        this.sinks[user % this.sinks.length].submit(req);
    }
}
//# sourceMappingURL=closed-loop.js.map