// `cachetopo calibrate --redis URL [--out FILE] [--connections N] [--repeats R]`: measures a live
// Redis (see experiment/measure-live-redis.ts) R times in a row, fits the server cost model and the
// client/network timing (models/server/service-calibration.ts) to each repetition, and writes the
// medians as a calibration file that `run`, `sweep` and `validate` apply with --calibration FILE,
// with the spread of every fitted value and the machine's load while it measured. It writes
// nothing, and exits 1 with one line, when the repetitions disagree by more than the tolerance or
// a cost the mechanism needs above zero comes out at zero (experiment/calibration-spread.ts).
// Exit 2 when the server is unreachable or unsafe to test.

import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { stringify } from 'yaml';
import { summarizeCalibrations, type CalibrationSummary } from '../../experiment/calibration-spread.js';
import { measureMachineLoad, type MachineLoad } from '../../experiment/machine-load.js';
import { CalibrationFailed, CalibrationInterrupted, CalibrationRefused, measureLiveRedis } from '../../experiment/measure-live-redis.js';
import { calibrationOverrides, fitCalibration, type ShapeCosts } from '../../models/server/service-calibration.js';
import { CommandFailed, UsageError } from '../exit-codes.js';
import { reasonOf } from '../../reports/run-folder.js';
import { shownRedisUrl } from '../../experiment/redis-url.js';
import { EXIT_INTERRUPTED } from './sweep.js';

export interface CalibrateArgs {
  redis: string;
  out?: string | undefined;
  connections: number;
  phaseMs: number;
  maxKeys: number;
  repeats: number;
}

const MAX_REPEATS = 20;
/** Milliseconds per measured request shape: below this a phase holds too few requests to fit anything. */
const MIN_PHASE_MS = 100;
const MAX_PHASE_MS = 600_000;

export async function calibrationText(args: CalibrateArgs, log: (line: string) => void = () => {}, signal?: AbortSignal): Promise<string> {
  if (!/^rediss?:\/\//.test(args.redis)) throw new UsageError(`--redis: expected a URL like redis://127.0.0.1:6379, got "${args.redis}"`);
  if (!(Number.isInteger(args.connections) && args.connections >= 1 && args.connections <= 1000)) throw new UsageError('--connections: expected 1 to 1000');
  if (!(Number.isInteger(args.repeats) && args.repeats >= 2 && args.repeats <= MAX_REPEATS)) {
    throw new UsageError(`--repeats: expected 2 to ${MAX_REPEATS} (the repetitions are compared with each other)`);
  }
  if (!(Number.isFinite(args.phaseMs) && args.phaseMs >= MIN_PHASE_MS && args.phaseMs <= MAX_PHASE_MS)) {
    throw new UsageError(`--phase: expected ${MIN_PHASE_MS} to ${MAX_PHASE_MS.toLocaleString('en-US')} milliseconds per measured request shape, got ${args.phaseMs}`);
  }
  if (!(Number.isInteger(args.maxKeys) && args.maxKeys >= 0)) throw new UsageError(`--max-keys: expected a whole number of keys, 0 or more, got ${args.maxKeys}`);
  if (args.out !== undefined) {
    const existing = statSync(args.out, { throwIfNoEntry: false });
    if (existing?.isDirectory()) throw new UsageError(`--out ${args.out}: is a folder, not a file`);
    try {
      accessSync(existing ? args.out : dirname(resolve(args.out)), constants.W_OK);
    } catch (error) {
      throw new UsageError(`--out ${args.out}: cannot write there: ${reasonOf(error)}`);
    }
  }
  const machine = await measureMachineLoad();
  let repetitions: ShapeCosts[];
  try {
    repetitions = await measureLiveRedis(args.redis, { connections: args.connections, phaseMs: args.phaseMs, maxKeys: args.maxKeys, repeats: args.repeats, ...(signal ? { signal } : {}) });
  } catch (error) {
    if (error instanceof CalibrationRefused) throw new UsageError(`calibrate: ${error.message}`);
    if (error instanceof CalibrationFailed) throw new CommandFailed(`calibrate: ${error.message}`, { cause: error.cause });
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

/** Ctrl-C stops the measurement at its next slice, and its keys are deleted from the server before the exit (130); a second Ctrl-C exits at once. */
export async function calibrateCommand(args: CalibrateArgs): Promise<number> {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  let text: string;
  try {
    text = await calibrationText(args, (line) => process.stderr.write(`${line}\n`), controller.signal);
  } catch (error) {
    if (!(error instanceof CalibrationInterrupted)) throw error;
    process.stderr.write(`calibrate: interrupted; nothing written${error.keysLeftOn !== null ? `; ${error.message}` : ', and its keys deleted from the server'}\n`);
    return EXIT_INTERRUPTED;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  if (args.out === undefined) process.stdout.write(text);
  else writeFileSync(args.out, text);
  return 0;
}

const percent = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : 'unbounded');

function machineText(m: MachineLoad): string {
  return `load average ${m.loadAverage1m.toFixed(2)} on ${m.cores} cores, idle event loop late by ${m.idleLoopDelayMeanMs.toFixed(2)} ms (mean), ${m.idleLoopDelayP99Ms.toFixed(2)} ms (p99)`;
}

function fileText(args: CalibrateArgs, repetitions: readonly ShapeCosts[], summary: CalibrationSummary, machine: MachineLoad): string {
  const measured = repetitions.map((shapes, r) => {
    const flat = Object.entries(shapes).flatMap(([k, v]): [string, number][] => (typeof v === 'number' ? [[k, v]] : Object.entries(v as Record<string, number>).map(([f, x]) => [`${k}.${f}`, x])));
    return `# repetition ${r + 1}:\n${flat.map(([k, v]) => `#   ${k}: ${Number(v.toPrecision(4))}`).join('\n')}`;
  }).join('\n');
  const spread = Object.fromEntries(summary.spreads.map((s) => [s.name, {
    medianNs: Math.round(s.medianNs), minNs: Math.round(s.minNs), maxNs: Math.round(s.maxNs), spread: Number.isFinite(s.spread) ? Number(s.spread.toFixed(4)) : null,
  }]));
  return `# cachetopo calibration of ${shownRedisUrl(args.redis)} with ${args.connections} connection(s), ${args.repeats} repetitions (the medians are set).
# Use: cachetopo run scenario.yaml --calibration <this file>. Method: models/server/service-calibration.ts; spread: experiment/calibration-spread.ts.
# Measured (server main-thread CPU per request, ns; the client's event loop on one connection and on several: wall time, busy time, server CPU per request, ns, and replies per turn):
${measured}
${stringify({ set: calibrationOverrides(summary.median), spread, machine })}`;
}
