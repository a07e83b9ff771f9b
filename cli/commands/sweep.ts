// `cachetopo sweep <scenario> [--vary path=v1,v2,…]… [--replications R] [--jobs J]`: runs the
// Cartesian product of the axes × R replications on J worker threads into --out (default
// out/<scenario>-sweep), resumable: a second run of the same command runs only what is missing.
// Ctrl-C stops at once, keeps every finished run and says how to resume.

import { loadScenario, readScenarioText, type LoadedScenario, type SetInput } from '../../experiment/load-scenario.js';
import { checkBudget } from '../../experiment/run-budget.js';
import { runSweep, type SweepFailure } from '../../experiment/sweep/run-sweep.js';
import { parseVary, pointSets, scenarioAxes, SweepPlanError, sweepPlan, type SweepPlan } from '../../experiment/sweep/sweep-plan.js';
import { scenarioHeader } from '../../experiment/results.js';
import { summarizePoint, type SweepSummary } from '../../reports/sweep/sweep-summary.js';
import { writeSweepOutputs } from '../../reports/sweep/write-sweep.js';
import { prepareOutputFolder } from '../../reports/run-folder.js';
import { traceDigest } from '../../experiment/trace/trace-digest.js';
import { EXIT_OK, EXIT_RUN_FAILED, UsageError } from '../exit-codes.js';
import { checkQueue, queueConnection, queueExecutorFor } from './queue-option.js';
import { progressLine } from '../progress.js';
import { budgetOf, jobsOf, onlyTopologies, seedSets, type CommonRunArgs } from './run.js';

export const EXIT_INTERRUPTED = 130;

/** Replications of one point: a confidence interval needs a few, a million is a typo. */
const MAX_REPLICATIONS = 10_000;

export interface SweepArgs extends CommonRunArgs {
  vary: string[];
  replications?: number | undefined;
  jobs?: number | undefined;
  out?: string | undefined;
  quiet: boolean;
  only?: string | undefined;
  /** redis://host:port[/db]: run the jobs through a BullMQ queue, on `cachetopo worker` processes. */
  queue?: string | undefined;
}

/** The sweep's plan, its base scenario, and its points' scenarios (each loaded once: the plan's trace digests and the checks before the run share them). */
function planOf(args: SweepArgs, baseSets: SetInput[]): { plan: SweepPlan; loaded: LoadedScenario; loadPoint: (sets: SetInput[]) => LoadedScenario } {
  const loaded = loadScenario(args.scenario, baseSets);
  try {
    const axes = args.vary.length > 0 ? args.vary.map(parseVary) : scenarioAxes(loaded.scenario);
    const replications = args.replications ?? loaded.scenario.replications;
    if (!(Number.isInteger(replications) && replications >= 1 && replications <= MAX_REPLICATIONS)) {
      throw new UsageError(`--replications: expected a whole number from 1 to ${MAX_REPLICATIONS.toLocaleString('en-US')}, got ${replications}`);
    }
    const only = args.only === undefined ? null : onlyTopologies(args.only, loaded.scenario.topologies.map((t) => t.name));
    const points = new Map<string, LoadedScenario>();
    const loadPoint = (sets: SetInput[]): LoadedScenario => {
      const key = JSON.stringify(sets);
      if (!points.has(key)) points.set(key, loadScenario(args.scenario, sets));
      return points.get(key)!;
    };
    const traceOf = (sets: SetInput[]) => traceDigest(args.scenario, loadPoint(sets).scenario.workload.popularity);
    return { plan: sweepPlan(readScenarioText(args.scenario), baseSets, axes, replications, only, traceOf), loaded, loadPoint };
  } catch (error) {
    if (error instanceof SweepPlanError) throw new UsageError(error.message);
    throw error;
  }
}

export async function sweepCommand(args: SweepArgs): Promise<number> {
  const connection = queueConnection(args.queue);
  const baseSets = seedSets(args);
  const jobs = jobsOf(args.jobs);
  const budget = budgetOf(args, jobs);
  const { plan, loaded, loadPoint } = planOf(args, baseSets);
  const name = loaded.scenario.name;
  // Every point's scenario must be valid, and the whole sweep within budget, before anything runs.
  const points = plan.points.map((point) => loadPoint(pointSets(plan, baseSets, point)));
  checkBudget({ points, replications: plan.replications }, budget);
  const dir = args.out ?? `out/${name}-sweep`;
  const created = prepareOutputFolder(dir, args.out === undefined ? 'the output folder' : '--out', 'sweep', ['sweep-plan.json', 'sweep.json', 'report.md', 'runs/p0000-r000.json']);
  if (connection) await checkQueue(connection, args.queue!, created ? dir : null);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const progress = progressLine(`${name} sweep`, !args.quiet, 10);
  const report = (f: SweepFailure) => process.stderr.write(`\ncachetopo: point ${plan.points[f.point]!.label}, replication ${f.replication} (seed ${f.seed}) failed: ${f.error}\n`);
  const started = performance.now();
  let outcome;
  try {
    outcome = await runSweep({
      file: args.scenario, baseSets, plan, rootSeed: loaded.scenario.seed, dir, threads: jobs, signal: controller.signal, onFailure: report,
      maxEvents: budget.maxEvents, onDamaged: (message) => process.stderr.write(`cachetopo: ${message}\n`),
      onProgress: (p) => progress.update(p.fraction, p.events, `${p.done}/${p.total} runs`),
      ...(connection ? { execute: queueExecutorFor(connection, plan.hash, dir, progress) } : {}),
    });
  } catch (error) {
    if (error instanceof SweepPlanError) throw new UsageError(error.message);
    throw error;
  } finally {
    process.removeListener('SIGINT', onSigint);
    progress.done();
  }
  const total = plan.points.length * plan.replications;
  const wallS = (performance.now() - started) / 1000;
  if (controller.signal.aborted) {
    process.stderr.write(`cachetopo: interrupted; ${total - outcome.missing} of ${total} runs are kept in ${dir}. Run the same command again to finish the ${outcome.missing} missing.\n`);
    return EXIT_INTERRUPTED;
  }
  const summary: SweepSummary = {
    scenario: scenarioHeader(loaded.scenario).scenario,
    seed: loaded.scenario.seed,
    replications: plan.replications,
    axes: plan.axes,
    points: outcome.points.map(({ point, results }) => summarizePoint(point, results)),
    failed: outcome.failures.map((f) => ({ ...f, label: plan.points[f.point]!.label })),
  };
  const written = writeSweepOutputs(dir, summary, outcome.points.map((p) => p.results));
  if (!args.quiet) {
    const resumed = outcome.resumed > 0 ? `, ${outcome.resumed} found done` : '';
    process.stdout.write(`wrote ${written.join(', ')} (${total - outcome.missing - outcome.resumed} runs${resumed}, ${outcome.events.toLocaleString('en-US')} events in ${wallS.toFixed(1)} s on ${jobs} thread(s))\n`);
  }
  if (outcome.failures.length > 0) {
    process.stderr.write(`cachetopo: ${outcome.failures.length} run(s) failed (listed in report.md); the others are kept: run the same command again to retry them.\n`);
    return EXIT_RUN_FAILED;
  }
  return EXIT_OK;
}
