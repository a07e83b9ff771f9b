// A hot hash tag makes a hot node: with the most popular keys tagged alike, the primary owning the
// tag's slot executes most commands, and latency rises, from the key → slot mapping alone.

import { describe, expect, it } from 'vitest';
import { buildRun } from '../../experiment/build-run.js';
import { loadScenario } from '../../experiment/load-scenario.js';
import { keySlot } from '../../models/cluster/key-slot.js';
import { SERVER_COMMAND, REQUEST_DONE, type RequestDone, type ServerCommand } from '../../models/signals.js';
import { initialSlotOwners } from '../../models/topology/cluster.js';
import { runScenario } from '../../experiment/run-scenario.js';
import { summarize } from '../../reports/summarize.js';

function busyShares(taggedKeys: number): { shares: number[]; meanLatencyNs: number } {
  const { scenario } = loadScenario('scenarios/hash-tag-hot-slot.yaml', ['duration=1s', 'warmup=0s', 'drain=0.5s', `workload.hashTag.keys=${taggedKeys}`]);
  const run = buildRun(scenario, 0, scenario.seed);
  const busyNs = new Float64Array(run.nodes);
  let latencyNs = 0;
  let requests = 0;
  run.bus.signal<ServerCommand>(SERVER_COMMAND).subscribe((c) => { busyNs[c.server]! += c.serviceNs; });
  run.bus.signal<RequestDone>(REQUEST_DONE).subscribe((r) => {
    latencyNs += r.endNs - r.startNs;
    requests++;
  });
  run.start();
  run.engine.run({ untilNs: run.endNs });
  const total = busyNs.reduce((a, b) => a + b, 0);
  return { shares: [...busyNs].map((b) => b / total), meanLatencyNs: latencyNs / requests };
}

describe('hash-tag-hot-slot', () => {
  it('loads the primary owning the slot of the tag with most of the work, and latency rises', () => {
    const even = busyShares(0);
    const hot = busyShares(0.05);
    const hotNode = initialSlotOwners(16384, 3)[keySlot('user:1000')]!;
    expect(Math.max(...even.shares) - Math.min(...even.shares)).toBeLessThan(0.1);
    expect(hot.shares.indexOf(Math.max(...hot.shares))).toBe(hotNode);
    expect(hot.shares[hotNode]).toBeGreaterThan(0.75);
    expect(hot.meanLatencyNs).toBeGreaterThan(1.2 * even.meanLatencyNs);
  });
});

describe('busiest server utilization', () => {
  it('reports the hot node apart from the mean over servers', () => {
    const { scenario } = loadScenario('scenarios/hash-tag-hot-slot.yaml', ['duration=2s', 'warmup=1s', 'drain=0.5s']);
    const s = summarize(runScenario(scenario).results)[0]!;
    expect(s.busiestServerUtilization).toBeGreaterThan(2 * s.serverUtilization);
  });
});
