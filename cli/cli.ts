// cachetopo's command line: parses arguments (yargs), calls the library, prints, and returns the
// exit code (main.ts sets it). A function, so that a test or a fuzzer can drive it in-process.

import yargs from 'yargs';
import { BENCH_ENTRY_NAMES } from '../bench/run-bench.js';
import { CALIBRATION_REPEATS } from '../experiment/calibration-spread.js';
import { benchCommand } from './commands/bench.js';
import { capacityCommand } from './commands/capacity.js';
import { compareCommand } from './commands/compare.js';
import { calibrateCommand } from './commands/calibrate.js';
import { keyslotCommand } from './commands/keyslot.js';
import { listCommand } from './commands/list.js';
import { replayCommand } from './commands/replay.js';
import { runCommand, withScenarioArgs } from './commands/run.js';
import { schemaCommand } from './commands/schema.js';
import { sweepCommand } from './commands/sweep.js';
import { validateCommand } from './commands/validate.js';
import { DEFAULT_LOCK_DURATION, workerCommand } from './commands/worker.js';
import { EXIT_OK, reportError, UsageError } from './exit-codes.js';
import { refuseRepeatedFlags } from './repeated-flags.js';

/** Runs the command line `args` (without node and the script) and resolves to the exit code. */
export async function runCli(args: readonly string[]): Promise<number> {
  let code = EXIT_OK;
  const debug = args.includes('--debug');
  const attempt = (action: () => number): void => {
    try {
      code = action();
    } catch (error) {
      code = reportError(error, debug);
    }
  };
  const attemptAsync = async (action: () => Promise<number>): Promise<void> => {
    try {
      code = await action();
    } catch (error) {
      code = reportError(error, debug);
    }
  };
  const budgetArgs = (a: { maxEvents?: string | undefined; maxMemory?: string | undefined }) => ({ maxEvents: a.maxEvents, maxMemory: a.maxMemory });
  try {
    await yargs([...args])
    .parserConfiguration({ 'parse-positional-numbers': false })
    .scriptName('cachetopo')
    .usage('$0 <command> [options]\n\nA discrete-event simulator of cache topologies.')
    .command('run <scenario>', 'run every topology of a scenario and write reports', (y) => withScenarioArgs(y)
      .option('out', { type: 'string', describe: 'output folder (default out/<scenario name>)' })
      .option('format', { type: 'string', default: 'md,csv,json,svg,hgrm', describe: 'outputs to write: md, csv, json, svg (plots, linked from report.md), hgrm (HdrHistogram percentile files)' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress, no report on stdout' })
      .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON on stdout' })
      .option('jobs', { type: 'number', describe: 'worker threads, each running one topology × replication at a time (default: the number of cores; 1: this thread)' })
      .option('only', { type: 'string', describe: 'run only these topologies: name[,name]' })
      .option('queue', { type: 'string', describe: 'run the topology × replication jobs through a BullMQ queue on this Redis (redis://host:port[/db]), on `cachetopo worker` processes anywhere' }),
    (a) => attemptAsync(() => runCommand({ queue: a.queue, only: a.only, jobs: a.jobs, scenario: a.scenario, seed: a.seed, set: a.set, calibration: a.calibration, ...budgetArgs(a), out: a.out, format: a.format, quiet: a.quiet, json: a.json })))
    .command('sweep <scenario>', 'run a scenario over a grid of parameter values × replications, in parallel and resumable', (y) => withScenarioArgs(y)
      .option('vary', { type: 'string', array: true, requiresArg: true, default: [] as string[], describe: 'an axis: path=v1,v2,… (repeatable; default: the scenario\'s sweep: block)' })
      .option('replications', { type: 'number', describe: 'replications per point (default: the scenario\'s)' })
      .option('jobs', { type: 'number', describe: 'worker threads (default: the number of cores)' })
      .option('out', { type: 'string', describe: 'output folder (default out/<scenario>-sweep); re-running into it resumes' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress and no summary line' })
      .option('only', { type: 'string', describe: 'run only these topologies: name[,name] (part of the sweep\'s identity)' })
      .option('queue', { type: 'string', describe: 'run the jobs through a BullMQ queue on this Redis (redis://host:port[/db]), on `cachetopo worker` processes anywhere' }),
    (a) => attemptAsync(() => sweepCommand({
      only: a.only, queue: a.queue, scenario: a.scenario, seed: a.seed, set: a.set, calibration: a.calibration, ...budgetArgs(a), vary: a.vary, replications: a.replications, jobs: a.jobs, out: a.out, quiet: a.quiet,
    })))
    .command('capacity <scenario>', 'the highest open-loop arrival rate at which each topology meets SLOs (bracket, then bisect; resumable)', (y) => withScenarioArgs(y)
      .option('slo', { type: 'string', array: true, requiresArg: true, default: [] as string[], describe: 'an objective: [op:]metric<=bound, e.g. "p99<=1ms", "get:p99.9<=5ms", "errors<=0.1%", "stale-reads<=0", "lost-writes<=0" (repeatable)' })
      .option('op', { type: 'string', describe: 'the op of latency SLOs that name none (default: every workload op)' })
      .option('replications', { type: 'number', describe: 'replications per probe (default: the scenario\'s); an SLO holds at the pessimistic end of the 95 % CI' })
      .option('precision', { type: 'string', default: '2%', describe: 'stop when the bracket is narrower than this share of its lower end' })
      .option('only', { type: 'string', describe: 'search only these topologies: name[,name]' })
      .option('queue', { type: 'string', describe: 'run the probes through a BullMQ queue on this Redis (redis://host:port[/db]), on `cachetopo worker` processes anywhere' })
      .option('jobs', { type: 'number', describe: 'worker threads (default: the number of cores)' })
      .option('out', { type: 'string', describe: 'output folder (default out/<scenario>-capacity); its probes/ are reused by the next search' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress and no verdict on stdout' }),
    (a) => attemptAsync(() => capacityCommand({
      scenario: a.scenario, seed: a.seed, set: a.set, calibration: a.calibration, ...budgetArgs(a), slo: a.slo, op: a.op, replications: a.replications,
      precision: a.precision, only: a.only, jobs: a.jobs, out: a.out, quiet: a.quiet, queue: a.queue,
    })))
    .command('worker', 'run the jobs of `run`, `sweep` and `capacity --queue` coordinators from a BullMQ queue, until Ctrl-C', (y) => y
      .option('queue', { type: 'string', demandOption: true, describe: 'the Redis of the queue: redis://host:port[/db]' })
      .option('jobs', { type: 'number', describe: 'worker threads (default: the number of cores)' })
      .option('root', { type: 'string', describe: 'where relative scenario and trace paths are resolved (default: this folder)' })
      .option('lock-duration', { type: 'string', default: DEFAULT_LOCK_DURATION, describe: 'how long a job stays locked without renewal: a dead worker\'s jobs go to another worker after this' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no line per job' }),
    (a) => attemptAsync(() => workerCommand({ queue: a.queue, jobs: a.jobs, root: a.root, lockDuration: a.lockDuration, quiet: a.quiet })))
    .command('compare <a> <b>', 'two run folders (or two sweep folders) side by side: every metric, the difference, whether it exceeds the combined CI', (y) => y
      .positional('a', { type: 'string', demandOption: true, describe: 'output folder A (of cachetopo run or sweep)' })
      .positional('b', { type: 'string', demandOption: true, describe: 'output folder B, of the same kind' })
      .option('json', { type: 'boolean', default: false, describe: 'the comparison as JSON' }),
    (a) => attempt(() => compareCommand({ a: a.a, b: a.b, json: a.json })))
    .command('validate <scenario>', 'check a scenario file (schema and units only)', (y) => withScenarioArgs(y)
      .option('quiet', { type: 'boolean', default: false }),
    (a) => attempt(() => validateCommand({ scenario: a.scenario, seed: a.seed, set: a.set, calibration: a.calibration, ...budgetArgs(a), quiet: a.quiet })))
    .command('list', 'topologies, parameters with defaults and units, distributions', (y) => y,
      () => attempt(listCommand))
    .command('bench', 'throughput and memory benchmarks', (y) => y
      .option('json', { type: 'boolean', default: false, describe: 'one JSON object on stdout' })
      .option('entry', { type: 'string', array: true, describe: `entries to run (default: all): ${BENCH_ENTRY_NAMES.join(', ')}; one entry with --json runs in this process` }),
    (a) => attemptAsync(() => benchCommand({ json: a.json, ...(a.entry === undefined ? {} : { entry: a.entry }) })))
    .command('keyslot [keys..]', 'the Redis Cluster hash slot of each key, one per line', (y) => y
      .positional('keys', { type: 'string', array: true, default: [] as string[], describe: 'keys (UTF-8 text, or hex with --hex)' })
      .option('file', { type: 'string', describe: 'read one key per line from this file' })
      .option('hex', { type: 'boolean', default: false, describe: 'keys are their bytes in hex; in a file an empty line is the empty key' })
      .option('slots', { type: 'number', default: 16384, describe: 'slot count of the cluster' }),
    // Keys after `--` (those that start with '-') come in `_`, after the command's name.
    (a) => attemptAsync(() => keyslotCommand({ keys: [...a.keys, ...a._.slice(1)].map(String), file: a.file, hex: a.hex, slots: a.slots })))
    .command('replay <trace>', 'hit ratios of cache policies over a trace file', (y) => y
      .positional('trace', { type: 'string', demandOption: true, describe: 'trace file (- for standard input)' })
      .option('policy', { type: 'string', default: 'lru', describe: `policies, comma-separated (${['lru', 'fifo', 'lfu'].join(', ')})` })
      .option('capacity', { type: 'string', default: '10000', describe: 'capacities in entries, comma-separated' })
      .option('format', { type: 'string', default: 'plain', describe: 'plain (one key per line), csv, oracleGeneral (libCacheSim binary)' })
      .option('column', { type: 'string', default: 'key', describe: 'the CSV column holding the key' })
      .option('json', { type: 'boolean', default: false, describe: 'an array of {policy, capacity, requests, hits, hitRatio}' }),
    // yargs hands a lone `-` positional over as '' (no file has an empty name): it asks for standard input.
    (a) => attempt(() => replayCommand({ trace: a.trace === '' ? '-' : a.trace, policy: a.policy, capacity: a.capacity, format: a.format, column: a.column, json: a.json })))
    .command('calibrate', 'measure a live Redis and write a calibration file for --calibration', (y) => y
      .option('redis', { type: 'string', demandOption: true, describe: 'the server, e.g. redis://127.0.0.1:6379 (nearly empty: see --max-keys)' })
      .option('out', { type: 'string', describe: 'write the calibration here (default: stdout)' })
      .option('connections', { type: 'number', default: 1, describe: 'connections driving the server, each with one request outstanding' })
      .option('phase', { type: 'number', default: 1500, describe: 'milliseconds per measured request shape' })
      .option('max-keys', { type: 'number', default: 1000, describe: 'refuse a server holding more keys than this' })
      .option('repeats', { type: 'number', default: CALIBRATION_REPEATS, describe: 'measure every phase this many times; write nothing when they disagree by more than 25 %' }),
    (a) => attemptAsync(() => calibrateCommand({ redis: a.redis, out: a.out, connections: a.connections, phaseMs: a.phase, maxKeys: a.maxKeys, repeats: a.repeats })))
    .command('schema', 'print the JSON Schema of scenario files (or, with --markdown, the scenario reference page)', (y) => y
      .option('markdown', { type: 'boolean', default: false, describe: 'the scenario reference (docs/scenario-reference.md) instead' })
      .option('write', { type: 'string', describe: 'write it to this file instead' }),
    (a) => attempt(() => schemaCommand({ markdown: a.markdown, ...(a.write === undefined ? {} : { write: a.write }) })))
    .demandCommand(1, 'name a command: run, sweep, capacity, compare, validate, calibrate, list, keyslot, replay, bench, schema')
    .strict()
    // After yargs's own checks, so that an unknown flag is named as unknown even when given twice.
    .middleware((a) => {
      refuseRepeatedFlags(args);
      // yargs's strict mode lets anything after `--` through: only keyslot takes it (as keys).
      if (a._[0] !== 'keyslot' && a._.length > 1) throw new UsageError(`cachetopo: Unknown argument: ${a._[1]} (run "cachetopo --help" for usage)`);
    })
    .fail((message, error) => {
      // yargs's own complaints about the arguments (a flag missing its value) come as YError: bad input, not a failed run.
      if (error && error.name !== 'YError') throw error;
      throw new UsageError(`cachetopo: ${message ?? error!.message} (run "cachetopo --help" for usage)`);
    })
    .option('debug', { type: 'boolean', default: false, describe: 'on a failure, print the stack trace too' })
    .exitProcess(false)
    .help()
    .parseAsync();
  } catch (error) {
    code = reportError(error, debug);
  }
  return code;
}
