// `cachetopo capacity <scenario> --slo "p99<=1ms" [--slo …] [--op get] [--replications N] [--jobs N]
// [--precision 2%] [--only a,b]` (default SLOs: the scenario's slo: block): for each topology, the highest open-loop arrival rate at which
// every SLO holds (experiment/capacity/, reports/slo/). Everything that can be refused is refused
// before the first probe: the flags, the SLOs, a closed-loop scenario, the starting probe's cost and
// the output folder. Probes are kept in --out/probes, so a second run of the same command (or one
// with other SLOs) reuses them; Ctrl-C stops at once and keeps every finished probe.

import { runCapacity } from '../../experiment/capacity/run-capacity.js';
import { checkSlosMeasurable, loadScenario } from '../../experiment/load-scenario.js';
import { checkBudget } from '../../experiment/run-budget.js';
import { summarizeCapacity } from '../../reports/capacity/capacity-summary.js';
import { capacityVerdict } from '../../reports/capacity/capacity-md.js';
import { CAPACITY_OUTPUTS, writeCapacityOutputs } from '../../reports/capacity/write-capacity.js';
import { prepareOutputFolder } from '../../reports/run-folder.js';
import { meetsSlos } from '../../reports/slo/slo.js';
import { parseSlo, SloError, sloOpUnissued, type Slo } from '../../models/scenario/slo-params.js';
import { OPS } from '../../models/signals.js';
import { ScenarioError } from '../../sim/scenario/scenario-error.js';
import { EXIT_OK, EXIT_RUN_FAILED, UsageError } from '../exit-codes.js';
import { progressLine } from '../progress.js';
import { budgetOf, jobsOf, onlyTopologies, seedSets, type CommonRunArgs } from './run.js';
import { EXIT_INTERRUPTED } from './sweep.js';
import { checkQueue, queueConnection, queueExecutorFor } from './queue-option.js';
import { scenarioHash } from '../../experiment/scenario-hash.js';

export interface CapacityArgs extends CommonRunArgs {
  slo: string[];
  op?: string | undefined;
  replications?: number | undefined;
  jobs?: number | undefined;
  precision: string;
  only?: string | undefined;
  out?: string | undefined;
  quiet: boolean;
  /** redis://host:port[/db]: run the probes through a BullMQ queue, on `cachetopo worker` processes. */
  queue?: string | undefined;
}

const MAX_REPLICATIONS = 1000;

function parsePrecision(text: string): number {
  const percent = text.trim().endsWith('%');
  const value = Number(percent ? text.trim().slice(0, -1) : text);
  const share = percent ? value / 100 : value;
  if (!(Number.isFinite(share) && share >= 0.001 && share <= 0.5)) throw new UsageError(`--precision: expected a share from 0.1 % to 50 %, like 2% or 0.02, got "${text}"`);
  return share;
}

function parseSlos(args: CapacityArgs): Slo[] {
  if (args.op !== undefined && !(OPS as readonly string[]).includes(args.op)) throw new UsageError(`--op: unknown op "${args.op}" (known: ${OPS.filter((o) => o !== 'populate').join(', ')})`);
  return args.slo.map((text) => {
    try {
      return parseSlo(text, args.op ?? null);
    } catch (error) {
      if (error instanceof SloError) throw new UsageError(`--slo ${error.message}`);
      throw error;
    }
  });
}

export async function capacityCommand(args: CapacityArgs): Promise<number> {
  const connection = queueConnection(args.queue);
  const flagSlos = parseSlos(args);
  const precision = parsePrecision(args.precision);
  const jobs = jobsOf(args.jobs);
  const sets = seedSets(args);
  const loaded = loadScenario(args.scenario, sets);
  const { scenario } = loaded;
  if (flagSlos.length === 0) checkSlosMeasurable(loaded);
  const slos = flagSlos.length > 0 ? flagSlos
    : scenario.slo.map((s) => (s.metric === 'latency' && s.op === null && args.op !== undefined ? { ...s, op: args.op } : s));
  if (slos.length === 0) throw new UsageError('--slo: name at least one objective, e.g. --slo "p99<=1ms" (or give the scenario an slo: block)');
  for (const slo of slos) {
    const unissued = sloOpUnissued(slo, scenario.workload.mix);
    if (unissued) throw new UsageError(`${flagSlos.length > 0 ? '--slo' : '--op'} ${unissued}`);
  }
  const arrival = scenario.workload.arrival;
  if (arrival.kind !== 'open') {
    throw new ScenarioError([loaded.source.issue(['workload', 'arrival'], 'capacity searches the open-loop arrival rate: expected { rate: …/s }, got a closed loop (connections)')]);
  }
  const replications = args.replications ?? scenario.replications;
  if (!(Number.isInteger(replications) && replications >= 1 && replications <= MAX_REPLICATIONS)) {
    throw new UsageError(`--replications: expected a whole number from 1 to ${MAX_REPLICATIONS}, got ${replications}`);
  }
  const topologies = onlyTopologies(args.only, scenario.topologies.map((t) => t.name));
  checkBudget({ points: [loaded], replications }, budgetOf(args, Math.min(jobs, topologies.length * replications)));
  const dir = args.out ?? `out/${scenario.name}-capacity`;
  const probeFolders = topologies.map((t) => `probes/${scenario.topologies[t]!.name}/probe.json`);
  const created = prepareOutputFolder(dir, args.out === undefined ? 'the output folder' : '--out', 'capacity', [...CAPACITY_OUTPUTS, ...probeFolders]);
  if (connection) await checkQueue(connection, args.queue!, created ? dir : null);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const progress = progressLine(`${scenario.name} capacity`, !args.quiet, 10);
  const started = performance.now();
  let outcome;
  try {
    outcome = await runCapacity({
      file: args.scenario, sets, topologies, replications, startRatePerS: arrival.rate, precision, threads: jobs,
      maxEvents: budgetOf(args).maxEvents, dir, signal: controller.signal,
      judge: (_t, reps) => meetsSlos(slos, reps.map((r) => r.stats)),
      onProgress: (p) => progress.update(p.done / p.total, p.events, `round ${p.round}: ${p.done}/${p.total} probes`),
      onDamaged: (message) => process.stderr.write(`cachetopo: ${message}\n`),
      ...(connection ? { execute: queueExecutorFor(connection, `capacity-${scenarioHash({ file: args.scenario, sets })}`, dir, progress) } : {}),
    });
  } finally {
    process.removeListener('SIGINT', onSigint);
    progress.done();
  }
  const wallS = (performance.now() - started) / 1000;
  if (outcome.stopped === 'interrupted') {
    process.stderr.write(`cachetopo: interrupted; the ${outcome.probesRun + outcome.probesFound} finished probes are kept in ${dir}/probes. Run the same command again to go on.\n`);
    return EXIT_INTERRUPTED;
  }
  if (outcome.stopped !== null) {
    process.stderr.write(`cachetopo: ${outcome.stopped}; the finished probes are kept in ${dir}/probes.\n`);
    return EXIT_RUN_FAILED;
  }
  const summary = summarizeCapacity(outcome, slos, {
    scenario: { name: scenario.name, description: scenario.description }, seed: scenario.seed, precision, replications,
  }, scenario.network.bandwidth);
  const written = writeCapacityOutputs(dir, summary);
  if (!args.quiet) {
    process.stdout.write(`${capacityVerdict(summary).join('\n')}\n`);
    process.stdout.write(`\nwrote ${written.join(', ')} (${outcome.probesRun} probe runs, ${outcome.probesFound} found done, ${outcome.events.toLocaleString('en-US')} events in ${wallS.toFixed(1)} s on ${jobs} thread(s))\n`);
  }
  return EXIT_OK;
}
