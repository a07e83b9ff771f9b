// `cachetopo bench`: each entry runs in its own process (so peak RSS is its own) and the results are
// gathered into one JSON object.

import { spawnSync } from 'node:child_process';
import { benchMm1 } from './mm1.js';
import { benchReferenceLoop } from './reference-loop.js';
import { benchReplay } from './replay-bench.js';
import { benchKeyspace, benchMemoryOverTime, benchScenario } from './scenario-bench.js';
import { benchSweepJobs } from './sweep-bench.js';

const SINGLE_NODE = new URL('../../scenarios/single-node.yaml', import.meta.url).pathname;
const GOSSIP_SCALE = new URL('../../scenarios/gossip-scale.yaml', import.meta.url).pathname;
const NODE_TIMEOUT_SWEEP = new URL('../../scenarios/node-timeout-sweep.yaml', import.meta.url).pathname;
const CLI = new URL('../cli/main.js', import.meta.url).pathname;

export const BENCH_ENTRIES = {
  mm1: () => benchMm1(),
  reference: () => benchReferenceLoop(),
  scenario: () => benchScenario(SINGLE_NODE),
  keyspace10M: () => benchKeyspace(SINGLE_NODE, 10_000_000),
  memoryOverTime: () => benchMemoryOverTime(SINGLE_NODE, [10, 100]),
  replayLru: () => benchReplay('lru', 100_000, 10_000_000),
  idleCluster1000: () => benchScenario(GOSSIP_SCALE, ['topologies.cluster.primaries=500', 'duration=60s']),
  sweepJobs: () => benchSweepJobs(CLI, NODE_TIMEOUT_SWEEP),
};

export type BenchEntry = keyof typeof BENCH_ENTRIES;
export const BENCH_ENTRY_NAMES = Object.keys(BENCH_ENTRIES) as BenchEntry[];

/** Runs `entries`, each in a child process of this CLI; returns { entry: result }. */
export function runBenchInChildren(cliPath: string, entries: readonly BenchEntry[], onEntry: (name: string) => void): Record<string, unknown> {
  const out: Record<string, unknown> = { node: process.version, platform: `${process.platform}-${process.arch}` };
  for (const name of entries) {
    onEntry(name);
    const child = spawnSync(process.execPath, [cliPath, 'bench', '--entry', name, '--json'], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (child.status !== 0) throw new Error(`bench entry ${name} failed: ${child.stderr}`);
    out[name] = JSON.parse(child.stdout);
  }
  return out;
}
