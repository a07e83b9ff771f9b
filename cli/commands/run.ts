// `cachetopo run <scenario>`: runs every topology × replication of a scenario, on --jobs worker
// threads (default: the cores) or through --queue on `cachetopo worker` processes, and writes the reports. Everything that can be refused is refused
// before the first event: the flags, the scenario, its cost (--max-events, --max-memory; with the
// runs held in memory at once) and the output folder. Progress on stderr: a bar on a terminal,
// otherwise a plain line every 10 s.

import { availableParallelism } from 'node:os';
import type { Argv } from 'yargs';
import { calibrationSets } from '../../experiment/calibration-file.js';
import { checkSlosMeasurable, loadScenario, type SetInput } from '../../experiment/load-scenario.js';
import { checkBudget, DEFAULT_MAX_EVENTS, defaultMaxMemoryBytes, type Budget } from '../../experiment/run-budget.js';
import { runScenarioOnThreads } from '../../experiment/run-on-threads.js';
import { loadSweepPoints } from '../../experiment/sweep/sweep-plan.js';
import { summarize } from '../../reports/summarize.js';
import { reportMarkdown } from '../../reports/report-md.js';
import { prepareOutputFolder } from '../../reports/run-folder.js';
import { FORMATS, plannedOutputNames, writeOutputs, type Format } from '../../reports/write-outputs.js';
import { parseSizeBytes, UnitError } from '../../sim/time/units.js';
import { UsageError } from '../exit-codes.js';
import { progressLine } from '../progress.js';
import { checkQueue, queueConnection, queueExecutorFor } from './queue-option.js';
import { scenarioHash } from '../../experiment/scenario-hash.js';

export interface CommonRunArgs {
  scenario: string;
  seed?: string | undefined;
  set: string[];
  calibration?: string | undefined;
  maxEvents?: string | undefined;
  maxMemory?: string | undefined;
}

export function withScenarioArgs<T>(y: Argv<T>) {
  return y
    .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
    .option('seed', { type: 'string', describe: 'root seed, a whole number from 0 to 4294967295 (overrides the scenario\'s)' })
    .option('set', { type: 'string', array: true, requiresArg: true, default: [] as string[], describe: 'override a field: path=value (repeatable)' })
    .option('calibration', { type: 'string', describe: 'apply a calibration file written by `cachetopo calibrate` (before --set)' })
    .option('max-events', { type: 'string', describe: `refuse a scenario estimated to need more events than this, and stop a run that reaches it (default ${DEFAULT_MAX_EVENTS.toExponential().replace('e+', 'e')})` })
    .option('max-memory', { type: 'string', describe: 'refuse a scenario estimated to need more memory than this, e.g. 8GB (default: half of this machine\'s memory)' });
}

const MAX_SEED = 2 ** 32 - 1;

/** The overrides of the calibration file, --set and --seed, in that order, each named by the flag that gave it. */
export function seedSets(args: CommonRunArgs): SetInput[] {
  const sets: SetInput[] = [
    ...calibrationSets(args.calibration, args.scenario).map((text) => ({ text, flag: `--calibration ${args.calibration} (${text})` })),
    ...args.set,
  ];
  if (args.seed === undefined) return sets;
  const seed = /^\d+$/.test(args.seed.trim()) ? Number(args.seed) : NaN;
  if (!(Number.isSafeInteger(seed) && seed <= MAX_SEED)) throw new UsageError(`--seed: expected a whole number from 0 to ${MAX_SEED}, got "${args.seed}"`);
  return [...sets, { text: `seed=${seed}`, flag: `--seed ${seed}` }];
}

/** The limits of --max-events and --max-memory; `concurrentRuns` runs are in memory at once. */
export function budgetOf(args: CommonRunArgs, concurrentRuns = 1): Budget {
  let maxEvents = DEFAULT_MAX_EVENTS;
  if (args.maxEvents !== undefined) {
    maxEvents = Number(args.maxEvents.replaceAll('_', ''));
    if (!(Number.isFinite(maxEvents) && maxEvents >= 1)) throw new UsageError(`--max-events: expected a number ≥ 1 like 1e9, got "${args.maxEvents}"`);
  }
  let maxMemoryBytes = defaultMaxMemoryBytes();
  if (args.maxMemory !== undefined) {
    try {
      maxMemoryBytes = parseSizeBytes(args.maxMemory);
    } catch (error) {
      if (!(error instanceof UnitError)) throw error;
      throw new UsageError(`--max-memory: ${error.message}, got "${args.maxMemory}"`);
    }
    if (maxMemoryBytes <= 0) throw new UsageError(`--max-memory: expected a size > 0, got "${args.maxMemory}"`);
  }
  return { maxEvents, maxMemoryBytes, concurrentRuns };
}

/** Indexes of the topologies named by --only (all when absent). */
export function onlyTopologies(only: string | undefined, names: readonly string[]): number[] {
  if (only === undefined) return names.map((_, i) => i);
  const wanted = only.split(',').map((n) => n.trim()).filter((n) => n !== '');
  const unknown = wanted.filter((n) => !names.includes(n));
  if (wanted.length === 0 || unknown.length > 0) throw new UsageError(`--only: unknown topology "${unknown.join(', ')}" (the scenario has: ${names.join(', ')})`);
  return names.map((n, i) => (wanted.includes(n) ? i : -1)).filter((i) => i >= 0);
}

/** Checks --jobs: a whole number of worker threads ≥ 1 (default: the cores). */
export function jobsOf(jobs: number | undefined): number {
  const n = jobs ?? availableParallelism();
  if (!(Number.isInteger(n) && n >= 1 && n <= 1024)) throw new UsageError(`--jobs: expected a whole number from 1 to 1024, got ${jobs}`);
  return n;
}

export function parseFormats(text: string): Format[] {
  const formats = text.split(',').map((f) => f.trim()).filter((f) => f !== '');
  const bad = formats.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (bad.length > 0 || formats.length === 0) throw new UsageError(`--format: unknown format "${bad.join(', ')}" (known: ${FORMATS.join(', ')})`);
  return formats as Format[];
}

export async function runCommand(args: CommonRunArgs & {
  out?: string | undefined; format: string; quiet: boolean; json: boolean; jobs?: number | undefined; only?: string | undefined; queue?: string | undefined;
}): Promise<number> {
  const formats = parseFormats(args.format);
  const jobs = jobsOf(args.jobs);
  const connection = queueConnection(args.queue);
  const sets = seedSets(args);
  const loaded = loadScenario(args.scenario, sets);
  const { scenario } = loaded;
  checkSlosMeasurable(loaded);
  loadSweepPoints(loaded, sets);
  const topologies = onlyTopologies(args.only, scenario.topologies.map((t) => t.name));
  const budget = budgetOf(args, Math.min(jobs, scenario.topologies.length * scenario.replications));
  checkBudget({ points: [loaded], replications: scenario.replications }, budget);
  const out = args.out ?? `out/${scenario.name}`;
  const created = prepareOutputFolder(out, args.out === undefined ? 'the output folder' : '--out', 'run', plannedOutputNames(scenario, formats));
  if (connection) await checkQueue(connection, args.queue!, created ? out : null);
  const progress = progressLine(scenario.name, !args.quiet, 10);
  const started = performance.now();
  const { results, events } = await runScenarioOnThreads({
    file: args.scenario, sets, scenario, threads: jobs, maxEvents: budget.maxEvents, topologies, onProgress: (p) => progress.update(p.fraction, p.events),
    ...(connection ? { execute: queueExecutorFor(connection, `run-${scenarioHash({ file: args.scenario, sets })}`, out, progress) } : {}),
  });
  progress.done();
  const wallSeconds = (performance.now() - started) / 1000;
  const written = writeOutputs(out, results, formats, {
    wallSeconds, events, eventsPerSecond: events / wallSeconds, peakRssBytes: process.resourceUsage().maxRSS * 1024,
  });
  if (args.json) process.stdout.write(`${JSON.stringify(summarize(results), null, 1)}\n`);
  else if (!args.quiet) {
    process.stdout.write(reportMarkdown(results, summarize(results)));
    process.stdout.write(`\nwrote ${written.join(', ')} (${events.toLocaleString('en-US')} events in ${wallSeconds.toFixed(1)} s)\n`);
  }
  return 0;
}
