// How busy this machine is while `cachetopo calibrate` measures a server on it: its cores, the
// 1-minute load average (os.loadavg: runnable and waiting threads, Linux and macOS; 0 elsewhere),
// and the delay of this process's event loop while it has nothing to do (perf_hooks
// monitorEventLoopDelay over an idle window): a timer that fires late means other programs hold
// the cores, and the calibration's wall times then include their time.
// Node's histogram records each timer's whole interval (resolution + lateness); the lateness is
// what is kept.
// Parameters: the idle window (ms); the timer's resolution, RESOLUTION_MS (Node's default).
import { availableParallelism, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
const RESOLUTION_MS = 10;
export async function measureMachineLoad(windowMs = 500) {
    const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    delay.enable();
    await sleep(windowMs);
    delay.disable();
    return {
        cores: availableParallelism(),
        loadAverage1m: loadavg()[0],
        idleLoopDelayMeanMs: late(delay.count > 0 ? delay.mean : 0),
        idleLoopDelayP99Ms: late(delay.count > 0 ? delay.percentile(99) : 0),
    };
}
const late = (intervalNs) => Math.max(0, intervalNs / 1e6 - RESOLUTION_MS);
//# sourceMappingURL=machine-load.js.map