// `cachetopo bench [--json] [--entry NAME]`: throughput and memory benchmarks, each held to its bound.
// Prints every entry's figures (JSON) and a table of the checks; exit 1 when a check fails.
import { BENCH_ENTRIES, BENCH_ENTRY_NAMES, checksTable, runBenchInChildren } from '../../bench/run-bench.js';
import { UsageError } from '../exit-codes.js';
export async function benchCommand(args) {
    const names = args.entry ?? BENCH_ENTRY_NAMES;
    const unknown = names.filter((n) => !BENCH_ENTRY_NAMES.includes(n));
    if (unknown.length > 0)
        throw new UsageError(`--entry: unknown entry "${unknown.join(', ')}" (known: ${BENCH_ENTRY_NAMES.join(', ')})`);
    if (args.entry?.length === 1 && args.json) {
        process.stdout.write(`${JSON.stringify(await BENCH_ENTRIES[names[0]]())}\n`);
        return 0;
    }
    const results = runBenchInChildren(process.argv[1], names, (name) => {
        if (!args.json)
            process.stderr.write(`bench: ${name}…\n`);
    });
    if (args.json)
        process.stdout.write(`${JSON.stringify(results)}\n`);
    else
        process.stdout.write(`${JSON.stringify(Object.fromEntries(Object.entries(results).map(([k, r]) => [k, r.figures])), null, 1)}\n\n${checksTable(results)}\n`);
    return Object.values(results).some((r) => r.checks.some((c) => !c.pass)) ? 1 : 0;
}
//# sourceMappingURL=bench.js.map