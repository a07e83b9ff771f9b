// M/M/1 through the engine's public API, the same pieces models use (Engine, FifoExecutor,
// Exponential, RngStreams), with no special path: λ = 0.9, μ = 1.0 (times in units of 1/μ = 1000 ns).
// Mean wait in queue by batch means (20 batches after discarding the first 5 %); theory Wq = 9.
import { Exponential } from '../sim/dist/exponential.js';
import { Engine } from '../sim/engine/engine.js';
import { RngStreams } from '../sim/random/rng.js';
import { FifoExecutor } from '../models/host/fifo-executor.js';
import { batchMeans } from '../reports/stats/batch-means.js';
const UNIT_NS = 1000;
export function benchMm1(customers = 1_000_000, lambda = 0.9, mu = 1.0, seed = 1) {
    const engine = new Engine();
    const streams = new RngStreams(seed);
    const arrivalRng = streams.stream('mm1/arrivals');
    const serviceRng = streams.stream('mm1/service');
    const interarrival = new Exponential(UNIT_NS / lambda);
    const service = new Exponential(UNIT_NS / mu);
    const arrivedAt = new Float64Array(customers);
    const waits = new Float64Array(customers);
    let arrived = 0;
    const executor = new FifoExecutor(engine, {
        begin: (c) => {
            waits[c] = (engine.now - arrivedAt[c]) / UNIT_NS;
            return service.sample(serviceRng);
        },
        finish: () => { },
    });
    const arrive = () => {
        const c = arrived++;
        arrivedAt[c] = engine.now;
        executor.submit(c);
        if (arrived < customers)
            engine.schedule(interarrival.sample(arrivalRng), arrive);
    };
    const started = performance.now();
    engine.schedule(interarrival.sample(arrivalRng), arrive);
    engine.run();
    const wallSeconds = (performance.now() - started) / 1000;
    const { mean, halfWidth95 } = batchMeans(waits.subarray(Math.floor(customers * 0.05)), 20);
    return {
        customers,
        customersPerSecond: Math.round(customers / wallSeconds),
        eventsPerSecond: Math.round(engine.eventCount / wallSeconds),
        meanWait: mean,
        meanWaitHalfWidth95: halfWidth95,
        theoryMeanWait: lambda / (mu * (mu - lambda)),
        wallSeconds,
    };
}
//# sourceMappingURL=mm1.js.map