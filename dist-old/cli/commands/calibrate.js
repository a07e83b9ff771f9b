// `cachetopo calibrate --redis URL [--out FILE] [--connections N] [--repeats R]`: measures a live
// Redis (see experiment/measure-live-redis.ts) R times in a row, fits the server cost model and the
// client/network timing (models/server/service-calibration.ts) to each repetition, and writes the
// medians as a calibration file that `run`, `sweep` and `validate` apply with --calibration FILE,
// with the spread of every fitted value and the machine's load while it measured. It writes
// nothing, and exits 1 with one line, when the repetitions disagree by more than the tolerance or
// a cost the mechanism needs above zero comes out at zero (experiment/calibration-spread.ts).
// Exit 2 when the server is unreachable or unsafe to test.
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { summarizeCalibrations } from '../../experiment/calibration-spread.js';
import { measureMachineLoad } from '../../experiment/machine-load.js';
import { CalibrationRefused, measureLiveRedis } from '../../experiment/measure-live-redis.js';
import { calibrationOverrides, fitCalibration } from '../../models/server/service-calibration.js';
import { CommandFailed, UsageError } from '../exit-codes.js';
const MAX_REPEATS = 20;
export async function calibrationText(args, log = () => { }) {
    if (!/^rediss?:\/\//.test(args.redis))
        throw new UsageError(`--redis: expected a URL like redis://127.0.0.1:6379, got "${args.redis}"`);
    if (!(Number.isInteger(args.connections) && args.connections >= 1 && args.connections <= 1000))
        throw new UsageError('--connections: expected 1 to 1000');
    if (!(Number.isInteger(args.repeats) && args.repeats >= 2 && args.repeats <= MAX_REPEATS)) {
        throw new UsageError(`--repeats: expected 2 to ${MAX_REPEATS} (the repetitions are compared with each other)`);
    }
    const machine = await measureMachineLoad();
    let repetitions;
    try {
        repetitions = await measureLiveRedis(args.redis, { connections: args.connections, phaseMs: args.phaseMs, maxKeys: args.maxKeys, repeats: args.repeats });
    }
    catch (error) {
        if (error instanceof CalibrationRefused)
            throw new UsageError(`calibrate: ${error.message}`);
        throw error;
    }
    const summary = summarizeCalibrations(repetitions.map(fitCalibration));
    log(`calibrate: ${args.repeats} repetitions; spread ${summary.spreads.map((s) => `${s.name} ${percent(s.spread)}`).join(', ')}; ${machineText(machine)}`);
    if (summary.problems.length > 0) {
        const more = summary.problems.length > 1 ? ` (and ${summary.problems.length - 1} more)` : '';
        throw new CommandFailed(`calibrate wrote nothing: ${summary.problems[0]}${more}; ${machineText(machine)}: measure on a quieter machine`);
    }
    return fileText(args, repetitions, summary, machine);
}
export async function calibrateCommand(args) {
    const text = await calibrationText(args, (line) => process.stderr.write(`${line}\n`));
    if (args.out === undefined)
        process.stdout.write(text);
    else
        writeFileSync(args.out, text);
    return 0;
}
const percent = (x) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : 'unbounded');
function machineText(m) {
    return `load average ${m.loadAverage1m.toFixed(2)} on ${m.cores} cores, idle event loop late by ${m.idleLoopDelayMeanMs.toFixed(2)} ms (mean), ${m.idleLoopDelayP99Ms.toFixed(2)} ms (p99)`;
}
function fileText(args, repetitions, summary, machine) {
    const measured = repetitions.map((shapes, r) => {
        const flat = Object.entries(shapes).flatMap(([k, v]) => (typeof v === 'number' ? [[k, v]] : Object.entries(v).map(([f, x]) => [`${k}.${f}`, x])));
        return `# repetition ${r + 1}:\n${flat.map(([k, v]) => `#   ${k}: ${Number(v.toPrecision(4))}`).join('\n')}`;
    }).join('\n');
    const spread = Object.fromEntries(summary.spreads.map((s) => [s.name, {
            medianNs: Math.round(s.medianNs), minNs: Math.round(s.minNs), maxNs: Math.round(s.maxNs), spread: Number.isFinite(s.spread) ? Number(s.spread.toFixed(4)) : null,
        }]));
    return `# cachetopo calibration of ${args.redis} with ${args.connections} connection(s), ${args.repeats} repetitions (the medians are set).
# Use: cachetopo run scenario.yaml --calibration <this file>. Method: models/server/service-calibration.ts; spread: experiment/calibration-spread.ts.
# Measured (server main-thread CPU per request, ns; the client's event loop on one connection and on several: wall time, busy time, server CPU per request, ns, and replies per turn):
${measured}
${stringify({ set: calibrationOverrides(summary.median), spread, machine })}`;
}
//# sourceMappingURL=calibrate.js.map