// `npm run validate [-- --quick] [--write-docs]`: runs the validation suite, prints each table and
// optionally rewrites docs/validation.md. Exits 2 when redis-server, redis-cli, redis-sentinel or
// nutcracker is missing; 1 when a row misses its acceptance bound or an experiment failed (the
// others still run, and the doc says which failed and why).

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nutcrackerInstalled, redisInstalled } from './redis-fleet.js';
import { fullPlan, quickPlan, runValidation } from './validate.js';
import { validationDoc } from './validation-doc.js';
import { experimentTable, failedExperiments, rowsOutsideBound } from './validation-report.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
if (!redisInstalled() || !nutcrackerInstalled()) {
  console.error('validate: redis-server, redis-cli, redis-sentinel and nutcracker must be installed (Debian: apt-get install -y redis-server redis-tools redis-sentinel nutcracker)');
  process.exit(2);
}
const started = performance.now();
const results = await runValidation(quick ? quickPlan : fullPlan, (line) => console.log(line));
for (const e of results) console.log(`\n## ${e.title}\n\n${experimentTable(e)}`);
console.log(`\nvalidation took ${((performance.now() - started) / 60000).toFixed(1)} minutes`);
if (args.includes('--write-docs')) {
  const file = fileURLToPath(new URL('../docs/validation.md', import.meta.url));
  writeFileSync(file, validationDoc(results, quick));
  console.log(`wrote ${file}`);
}
const missed = rowsOutsideBound(results);
if (missed.length > 0) {
  console.log(`${missed.length} row(s) outside their acceptance bound: ${missed.map((c) => `${c.point} ${c.metric}`).join('; ')}`);
  process.exitCode = 1;
}
const failed = failedExperiments(results);
if (failed.length > 0) {
  console.log(`${failed.length} experiment(s) failed: ${failed.join('; ')}`);
  process.exitCode = 1;
}
