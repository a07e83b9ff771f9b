// How much of the machine other programs took while a point was measured: the CPU time all CPUs
// spent busy (/proc/stat), less what this process and the Redis processes of the experiment spent
// (/proc/<pid>/stat), over the wall time. A latency of tens of microseconds measured while other
// programs keep the cores busy measures them as much as Redis, so a point measured beside more than
// BUSY_CORES of other work is reported without a verdict. Linux only; elsewhere nothing is measured.

import { readFileSync } from 'node:fs';

/** Cores of other work above which a latency point is not judged. */
export const BUSY_CORES = 0.25;
const TICKS_PER_S = 100;

function busyTicks(): number | null {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = cpu;
    return user! + nice! + system! + irq! + softirq! + (steal ?? 0);
  } catch {
    return null;
  }
}

function processTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** CPU time process `pid` has used so far (user + system, /proc/<pid>/stat), ns. */
export function processCpuNs(pid: number): number {
  return (processTicks(pid) / TICKS_PER_S) * 1e9;
}

/** Runs `body`, and measures the cores other programs used meanwhile (null where /proc cannot tell). */
export async function withBackgroundLoad<T>(pids: readonly number[], body: () => Promise<T>): Promise<{ result: T; otherCores: number | null }> {
  const all = [process.pid, ...pids];
  const busy0 = busyTicks();
  const own0 = busy0 === null ? 0 : all.reduce((a, pid) => a + processTicks(pid), 0);
  const started = performance.now();
  const result = await body();
  const wallS = (performance.now() - started) / 1000;
  const busy1 = busyTicks();
  if (busy0 === null || busy1 === null) return { result, otherCores: null };
  const own1 = all.reduce((a, pid) => a + processTicks(pid), 0);
  return { result, otherCores: Math.max(0, (busy1 - busy0 - (own1 - own0)) / TICKS_PER_S / wallS) };
}

/** A row's `unjudged` field when other programs used up to `busiestCores` while it was measured (none at or below BUSY_CORES). */
export function unjudgedUnderLoad(busiestCores: number): { unjudged?: string } {
  return busiestCores > BUSY_CORES
    ? { unjudged: `other programs used up to ${busiestCores.toFixed(2)} cores while it was calibrated and measured (the bound holds for a machine with at most ${BUSY_CORES})` } : {};
}
