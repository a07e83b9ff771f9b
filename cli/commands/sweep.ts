// `cachetopo sweep <scenario> [--vary path=v1,v2,…]… [--replications R] [--jobs J]`: runs the
// Cartesian product of the axes × R replications on J worker threads into --out (default
// out/<scenario>-sweep), resumable: a second run of the same command runs only what is missing.
// Ctrl-C stops at once, keeps every finished run and says how to resume.

import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { loadScenario } from '../../experiment/load-scenario.js';
import { runSweep, type SweepFailure } from '../../experiment/sweep/run-sweep.js';
import { parseVary, pointSets, scenarioAxes, SweepPlanError, sweepPlan, type SweepPlan } from '../../experiment/sweep/sweep-plan.js';
import { scenarioHeader } from '../../experiment/run-scenario.js';
import type { Scenario } from '../../models/scenario/scenario-schema.js';
import { summarizePoint, type SweepSummary } from '../../reports/sweep/sweep-summary.js';
import { writeSweepOutputs } from '../../reports/sweep/write-sweep.js';
import { EXIT_OK, EXIT_RUN_FAILED, UsageError } from '../exit-codes.js';
import { progressLine } from '../progress.js';
import { seedSets, type CommonRunArgs } from './run.js';

export const EXIT_INTERRUPTED = 130;

export interface SweepArgs extends CommonRunArgs {
  vary: string[];
  replications?: number | undefined;
  jobs?: number | undefined;
  out?: string | undefined;
  quiet: boolean;
}

function planOf(args: SweepArgs, baseSets: string[]): { plan: SweepPlan; scenario: Scenario } {
  const { scenario } = loadScenario(args.scenario, baseSets);
  try {
    const axes = args.vary.length > 0 ? args.vary.map(parseVary) : scenarioAxes(scenario);
    const replications = args.replications ?? scenario.replications;
    if (!(Number.isInteger(replications) && replications >= 1)) throw new UsageError(`--replications: expected a whole number ≥ 1, got ${replications}`);
    return { plan: sweepPlan(readFileSync(args.scenario, 'utf8'), baseSets, axes, replications), scenario };
  } catch (error) {
    if (error instanceof SweepPlanError) throw new UsageError(error.message);
    throw error;
  }
}

export async function sweepCommand(args: SweepArgs): Promise<number> {
  const baseSets = seedSets(args);
  const { plan, scenario } = planOf(args, baseSets);
  const name = scenario.name;
  const jobs = args.jobs ?? availableParallelism();
  if (!(Number.isInteger(jobs) && jobs >= 1)) throw new UsageError(`--jobs: expected a whole number ≥ 1, got ${jobs}`);
  // Every point's scenario must be valid before anything runs (a bad axis value is bad input).
  for (const point of plan.points) loadScenario(args.scenario, pointSets(plan, baseSets, point));
  const dir = args.out ?? `out/${name}-sweep`;
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const progress = progressLine(`${name} sweep`, !args.quiet, 10);
  const report = (f: SweepFailure) => process.stderr.write(`\ncachetopo: point ${plan.points[f.point]!.label}, replication ${f.replication} (seed ${f.seed}) failed: ${f.error}\n`);
  const started = performance.now();
  let outcome;
  try {
    outcome = await runSweep({
      file: args.scenario, baseSets, plan, rootSeed: scenario.seed, dir, threads: jobs, signal: controller.signal, onFailure: report,
      onProgress: (p) => progress.update(p.fraction, p.events, `${p.done}/${p.total} runs`),
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
    scenario: scenarioHeader(scenario).scenario,
    seed: scenario.seed,
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
