// The yardstick: M/M/1 waits by Lindley's recursion in a plain loop over the same generator, no
// engine at all. The engine's M/M/1 rate is read against this number measured in the same run.
import { RngStreams } from '../sim/random/rng.js';
export function benchReferenceLoop(customers = 1_000_000, lambda = 0.9, mu = 1.0, seed = 1) {
    const streams = new RngStreams(seed);
    const arrivalRng = streams.stream('mm1/arrivals');
    const serviceRng = streams.stream('mm1/service');
    const waits = new Float64Array(customers);
    const started = performance.now();
    let wait = 0;
    for (let i = 1; i < customers; i++) {
        const s = -Math.log(1 - serviceRng()) / mu;
        const a = -Math.log(1 - arrivalRng()) / lambda;
        wait = Math.max(0, wait + s - a);
        waits[i] = wait;
    }
    const wallSeconds = (performance.now() - started) / 1000;
    let sum = 0;
    for (let i = 0; i < customers; i++)
        sum += waits[i];
    return { customersPerSecond: Math.round(customers / wallSeconds), meanWait: sum / customers };
}
//# sourceMappingURL=reference-loop.js.map