// `replay` throughput: a 10M-request Zipf(0.9) trace over 1M keys, built in memory, replayed through
// one policy at one capacity exactly as `cachetopo replay` does.
import { replay } from '../experiment/trace/replay.js';
import { Zipf } from '../sim/dist/zipf.js';
import { RngStreams } from '../sim/random/rng.js';
export function benchReplay(policy, capacity, requests) {
    const zipf = new Zipf(1_000_000, 0.9);
    const rng = new RngStreams(1).stream('replay-bench');
    const keys = Int32Array.from({ length: requests }, () => zipf.sample(rng));
    const started = performance.now();
    const [result] = replay({ keys, uniqueKeys: 1_000_000 }, [policy], [capacity]);
    const wallSeconds = (performance.now() - started) / 1000;
    return { policy, capacity, requests, hitRatio: result.hitRatio, requestsPerSecond: Math.round(requests / wallSeconds), wallSeconds };
}
//# sourceMappingURL=replay-bench.js.map