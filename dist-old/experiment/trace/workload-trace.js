// A workload driven by a trace (popularity: { trace }): the loader reads the trace once, when the
// scenario is loaded (its path relative to the scenario file), checks `workload.keys` against its
// distinct keys (derived from them when the file does not give keys), and keeps its key ids with
// the resolved scenario for every run of it. Problems become ScenarioErrors naming file, line and field.
import { dirname, relative, resolve } from 'node:path';
import { MAX_KEYS } from '../../models/workload/workload-params.js';
import { readTrace, TraceError } from './read-trace.js';
/** The traces read for loaded scenarios, by their resolved popularity (dropped with the scenario). */
const traces = new WeakMap();
function problem(source, path, message) {
    return source.source.error(path, message);
}
/** Reads the trace of `scenario`'s workload, if it has one; sets `workload.keys` to its distinct keys when `data` gives none. */
export function readWorkloadTrace(scenario, source) {
    const w = scenario.workload;
    const p = w.popularity;
    if (p.kind !== 'trace')
        return;
    let trace;
    try {
        trace = readTrace(relative(process.cwd(), resolve(dirname(source.source.file), p.file)), p.format, p.column);
    }
    catch (error) {
        if (!(error instanceof TraceError))
            throw error;
        throw problem(source, ['workload', 'popularity', 'trace', 'file'], error.message);
    }
    if (trace.keys.length === 0)
        throw problem(source, ['workload', 'popularity', 'trace', 'file'], `the trace ${p.file} has no requests`);
    if (trace.uniqueKeys > MAX_KEYS) {
        throw problem(source, ['workload', 'popularity', 'trace', 'file'], `the trace has ${trace.uniqueKeys.toLocaleString('en-US')} distinct keys, more than ${MAX_KEYS.toLocaleString('en-US')}`);
    }
    const given = source.data?.workload?.keys !== undefined;
    if (!given)
        w.keys = trace.uniqueKeys;
    else if (w.keys < trace.uniqueKeys) {
        throw problem(source, ['workload', 'keys'], `expected at least the trace's ${trace.uniqueKeys.toLocaleString('en-US')} distinct keys (or no keys: they are then derived), got ${w.keys}`);
    }
    traces.set(p, trace);
}
/** The key ids a run replays, or undefined when the workload has no trace. */
export function workloadTraceKeys(scenario) {
    const p = scenario.workload.popularity;
    if (p.kind !== 'trace')
        return undefined;
    const trace = traces.get(p);
    if (!trace)
        throw new Error(`the trace ${p.file} was not read: load the scenario with loadScenario or parseScenario`);
    return trace.keys;
}
//# sourceMappingURL=workload-trace.js.map