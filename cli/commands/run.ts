// `cachetopo run <scenario>`: runs every topology of a scenario and writes the reports.

import type { Argv } from 'yargs';
import { calibrationSets } from '../../experiment/calibration-file.js';
import { loadScenario } from '../../experiment/load-scenario.js';
import { runScenario } from '../../experiment/run-scenario.js';
import { summarize } from '../../reports/summarize.js';
import { reportMarkdown } from '../../reports/report-md.js';
import { FORMATS, writeOutputs, type Format } from '../../reports/write-outputs.js';
import { UsageError } from '../exit-codes.js';
import { progressLine } from '../progress.js';

export interface CommonRunArgs {
  scenario: string;
  seed?: number | undefined;
  set: string[];
  calibration?: string | undefined;
}

export function withScenarioArgs<T>(y: Argv<T>) {
  return y
    .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
    .option('seed', { type: 'number', describe: 'root seed (overrides the scenario\'s)' })
    .option('set', { type: 'string', array: true, default: [] as string[], describe: 'override a field: path=value (repeatable)' })
    .option('calibration', { type: 'string', describe: 'apply a calibration file written by `cachetopo calibrate` (before --set)' });
}

export function seedSets(args: CommonRunArgs): string[] {
  const sets = [...calibrationSets(args.calibration, args.scenario), ...args.set];
  return args.seed === undefined ? sets : [...sets, `seed=${args.seed}`];
}

export function parseFormats(text: string): Format[] {
  const formats = text.split(',').map((f) => f.trim()).filter((f) => f !== '');
  const bad = formats.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (bad.length > 0 || formats.length === 0) throw new UsageError(`--format: unknown format "${bad.join(', ')}" (known: ${FORMATS.join(', ')})`);
  return formats as Format[];
}

export function runCommand(args: CommonRunArgs & { out?: string | undefined; format: string; quiet: boolean; json: boolean }): number {
  const formats = parseFormats(args.format);
  const { scenario } = loadScenario(args.scenario, seedSets(args));
  const progress = progressLine(scenario.name, !args.quiet);
  const started = performance.now();
  const { results, events } = runScenario(scenario, { onProgress: (p) => progress.update(p.fraction, p.events) });
  progress.done();
  const wallSeconds = (performance.now() - started) / 1000;
  const out = args.out ?? `out/${scenario.name}`;
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
