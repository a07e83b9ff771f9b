// `cachetopo bench [--json] [--entry NAME]`: throughput and memory benchmarks.

import { BENCH_ENTRIES, BENCH_ENTRY_NAMES, runBenchInChildren, type BenchEntry } from '../../bench/run-bench.js';

export function benchCommand(args: { json: boolean; entry?: string }): number {
  if (args.entry !== undefined) {
    const result = BENCH_ENTRIES[args.entry as BenchEntry]();
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  }
  const results = runBenchInChildren(process.argv[1]!, BENCH_ENTRY_NAMES, (name) => {
    if (!args.json) process.stderr.write(`bench: ${name}…\n`);
  });
  process.stdout.write(`${JSON.stringify(results, null, args.json ? 0 : 1)}\n`);
  return 0;
}
