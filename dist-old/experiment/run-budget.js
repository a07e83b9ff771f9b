// The limits a command holds a scenario to before any work: events (--max-events, default 1e10,
// about three hours at this simulator's speed) and memory (--max-memory, default half of this
// machine's memory), checked against run-cost.ts's estimate. Beyond either, the scenario is bad
// input: one ScenarioError located at the field that drives the cost most. While running, a run
// that reaches --max-events anyway (the estimate is an estimate) stops with RunBudgetError.
import { totalmem } from 'node:os';
import { formatCount, heaviestTerm, scenarioCost } from './run-cost.js';
export const DEFAULT_MAX_EVENTS = 1e10;
/** Memory of the process before any run (Node.js, the code, the loaded scenario). */
const PROCESS_BYTES = 150e6;
export function defaultMaxMemoryBytes() {
    return Math.floor(totalmem() / 2);
}
export const defaultBudget = () => ({ maxEvents: DEFAULT_MAX_EVENTS, maxMemoryBytes: defaultMaxMemoryBytes(), concurrentRuns: 1 });
/** A run stopped at its event budget. */
export class RunBudgetError extends Error {
}
const bytesText = (b) => (b >= 1e9 ? `${(b / 1e9).toFixed(1)} GB` : `${Math.max(1, Math.round(b / 1e6))} MB`);
/** Throws a located ScenarioError when the work exceeds `budget`; returns the estimated events and peak memory. */
export function checkBudget(work, budget) {
    let events = 0;
    let peakRunBytes = 0;
    let heaviest = null;
    let largest = null;
    let mostEvents = -1;
    for (const point of work.points) {
        const cost = scenarioCost(point.scenario, work.replications);
        events += cost.events;
        if (cost.events > mostEvents) {
            mostEvents = cost.events;
            heaviest = { point, runs: cost.runs };
        }
        if (cost.peakRunBytes >= peakRunBytes) {
            peakRunBytes = cost.peakRunBytes;
            largest = { point, runs: cost.runs };
        }
    }
    const runsAtOnce = Math.max(1, Math.min(budget.concurrentRuns, work.points.length * work.replications * (work.points[0]?.scenario.topologies.length ?? 1)));
    const bytes = PROCESS_BYTES + peakRunBytes * runsAtOnce;
    if (events > budget.maxEvents && heaviest) {
        const { term } = heaviestTerm(heaviest.runs, (t) => t.events);
        const runs = work.points.length * work.replications * heaviest.point.scenario.topologies.length;
        throw heaviest.point.source.error(term.path, `${term.what}: about ${formatCount(events)} events in all (${runs} run(s)), more than --max-events ${formatCount(budget.maxEvents)}: shorten the run, lower the load, or raise --max-events`);
    }
    if (bytes > budget.maxMemoryBytes && largest) {
        const { term } = heaviestTerm(largest.runs, (t) => t.bytes);
        throw largest.point.source.error(term.path, `${term.what}: about ${bytesText(bytes)} of memory${runsAtOnce > 1 ? ` (${runsAtOnce} runs at once)` : ''}, more than --max-memory ${bytesText(budget.maxMemoryBytes)}: make it smaller, run fewer jobs at once, or raise --max-memory`);
    }
    return { events, bytes };
}
//# sourceMappingURL=run-budget.js.map