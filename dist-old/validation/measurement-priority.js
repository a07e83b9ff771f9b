// A measurement of real Redis on this machine must not measure the other programs running on it.
// While an experiment runs, the measuring process and the Redis processes it starts get a higher
// scheduling priority (nice −10, where the user may raise it: root or CAP_SYS_NICE), so CPU-bound
// neighbours at the default priority take little of the CPU time the measurement depends on
// (Linux CFS shares CPU by weight: nice −10 weighs about 9× nice 0). Without the permission,
// nothing changes.
import { getPriority, setPriority } from 'node:os';
const MEASUREMENT_NICE = -10;
/** Raises the priority of process `pid` (default: this one); false when not permitted. */
export function raisePriority(pid = 0) {
    try {
        setPriority(pid, MEASUREMENT_NICE);
        return true;
    }
    catch {
        return false;
    }
}
/** Runs `body` with this process raised; puts its priority back after. */
export async function withRaisedPriority(body) {
    const before = getPriority(0);
    raisePriority();
    try {
        return await body();
    }
    finally {
        try {
            setPriority(0, before);
        }
        catch {
            // Lowering back is always permitted; nothing else to do.
        }
    }
}
//# sourceMappingURL=measurement-priority.js.map