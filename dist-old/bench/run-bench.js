// `cachetopo bench`: each entry runs in its own process (so peak RSS is its own); each returns its
// figures and the checks it is held to (issue 12's bounds): the figure, the bound, pass or fail.
// Where a bound is a ratio, both sides are measured in the same process or the same run, so a noisy
// machine moves both.
import { spawnSync } from 'node:child_process';
import { median } from 'd3-array';
import { benchHeapEventLoop } from './heap-event-loop.js';
import { benchMm1 } from './mm1.js';
import { benchReferenceLoop } from './reference-loop.js';
import { benchReplay } from './replay-bench.js';
import { benchRunJobs } from './run-jobs-bench.js';
import { benchKeyspace, benchMemoryOverTime, benchScenario } from './scenario-bench.js';
import { benchSweepJobs } from './sweep-bench.js';
import { benchSweepQueue } from './sweep-queue-bench.js';
const scenario = (name) => new URL(`../../scenarios/${name}.yaml`, import.meta.url).pathname;
const CLI = new URL('../cli/main.js', import.meta.url).pathname;
const GB = 1e9;
const MM1_ROUNDS = 7;
const atLeast = (name, value, min, unit) => ({ name, value, unit, bound: `≥ ${min}`, pass: value >= min });
const atMost = (name, value, max, unit) => ({ name, value, unit, bound: `≤ ${max}`, pass: value <= max });
export const BENCH_ENTRIES = {
    mm1: () => {
        // Rounds alternate the two loops (a slow moment of the machine hits both), after one unkept round of each (JIT warm-up); medians are compared.
        benchHeapEventLoop();
        benchMm1();
        const rounds = Array.from({ length: MM1_ROUNDS }, () => ({ heap: benchHeapEventLoop(), engine: benchMm1() }));
        const heap = median(rounds.map((r) => r.heap.customersPerSecond));
        const engine = median(rounds.map((r) => r.engine.customersPerSecond));
        const lindley = benchReferenceLoop();
        return {
            figures: { engineCustomersPerSecond: engine, heapEventLoopCustomersPerSecond: heap, rounds: MM1_ROUNDS, engine: rounds.at(-1).engine, lindleyLoop: lindley },
            checks: [atLeast('M/M/1 through the engine ÷ the typed-array heap event loop (customers/s, medians)', round(engine / heap), 0.7, '×')],
        };
    },
    clusteringTax: () => {
        const r = benchScenario(scenario('clustering-tax'));
        return { figures: r, checks: [atLeast('clustering-tax on one thread: simulated requests per wall-second', r.simulatedRequestsPerSecond, 250_000, 'requests/s')] };
    },
    runJobs: () => {
        const r = benchRunJobs(CLI, scenario('clustering-tax'));
        return {
            figures: r,
            checks: [atMost('run --jobs 2 ÷ --jobs 1 wall time, clustering-tax', r.ratio, 0.6, '×'), atLeast('outputs byte-identical', r.identicalOutputs ? 1 : 0, 1, '')],
        };
    },
    productionScale: () => {
        const r = benchRunJobs(CLI, scenario('production-scale'), [2]);
        return { figures: r, checks: [atMost('production-scale on 2 cores: wall', r.jobs2WallSeconds, 240, 's'), atMost('production-scale: peak RSS', r.jobs2PeakRssBytes / GB, 3, 'GB')] };
    },
    idleCluster1000: () => {
        const r = benchScenario(scenario('gossip-scale'), ['topologies.cluster.primaries=500', 'duration=60s', 'warmup=1s']);
        return { figures: r, checks: [atMost('idle 1,000-node cluster, 60 s virtual: wall', r.wallSeconds, 12, 's')] };
    },
    idleCluster2000: () => {
        const r = benchScenario(scenario('gossip-scale'), ['topologies.cluster.primaries=1000', 'duration=60s', 'warmup=1s']);
        return {
            figures: r,
            checks: [atMost('idle 2,000-node cluster, 60 s virtual: wall', r.wallSeconds, 45, 's'), atMost('idle 2,000-node cluster: peak RSS', r.peakRssMb / 1000, 2, 'GB')],
        };
    },
    keyspace10M: () => {
        const r = benchKeyspace(scenario('single-node'), 10_000_000);
        return { figures: r, checks: [atMost('10M-key keyspace (one server holding every key: single-node.yaml, its first topology): peak RSS of the process', r.peakRssMb, 300, 'MB')] };
    },
    memoryOverTime: () => {
        const samples = benchMemoryOverTime(scenario('single-node'), [10, 100]);
        const growth = round(samples[1].rssMb / samples[0].rssMb - 1);
        return { figures: { samples }, checks: [atMost('RSS at 100 s ÷ at 10 s of virtual time, − 1', growth, 0.1, '')] };
    },
    replayLru: () => ({ figures: benchReplay('lru', 100_000, 10_000_000), checks: [] }),
    sweepJobs: () => ({ figures: benchSweepJobs(CLI, scenario('node-timeout-sweep')), checks: [] }),
    sweepQueue: async () => {
        const r = await benchSweepQueue(CLI, scenario('node-timeout-sweep'));
        return {
            figures: r,
            checks: [
                atMost('sweep over the queue (2 workers) ÷ sweep --jobs 2: wall', r.ratio, 1.15, '×'),
                atLeast('sweep over the queue: outputs byte-identical to --jobs 2', r.identicalOutputs ? 1 : 0, 1, ''),
            ],
        };
    },
};
export const BENCH_ENTRY_NAMES = Object.keys(BENCH_ENTRIES);
/** Runs `entries`, each in a child process of this CLI; returns { entry: result }. */
export function runBenchInChildren(cliPath, entries, onEntry) {
    const out = {};
    for (const name of entries) {
        onEntry(name);
        const child = spawnSync(process.execPath, [cliPath, 'bench', '--entry', name, '--json'], { encoding: 'utf8', maxBuffer: 1 << 24 });
        if (child.status !== 0)
            throw new Error(`bench entry ${name} failed: ${child.stderr}`);
        out[name] = JSON.parse(child.stdout);
    }
    return out;
}
/** The checks as a markdown table: figure, bound, pass or FAIL. */
export function checksTable(results) {
    const rows = Object.entries(results).flatMap(([entry, r]) => r.checks.map((c) => `| ${entry} | ${c.name} | ${c.value}${c.unit === '' ? '' : ` ${c.unit}`} | ${c.bound} | ${c.pass ? 'pass' : '**FAIL**'} |`));
    return ['| entry | check | figure | bound | |', '| --- | --- | ---: | ---: | --- |', ...rows].join('\n');
}
const round = (x) => Math.round(x * 1000) / 1000;
//# sourceMappingURL=run-bench.js.map