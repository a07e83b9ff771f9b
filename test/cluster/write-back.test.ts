// A read-through write-back after a multi-key miss is the application's pipeline of SETs: a cluster
// client sends it as its profile sends a pipeline (split per node, or refused across nodes), never
// whole to the first key's node, so a stable cluster answers it no MOVED.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../experiment/load-scenario.js';
import { runScenario } from '../../experiment/run-scenario.js';
import { summarize } from '../../reports/summarize.js';
import { tempDir } from '../support/temp-dir.js';

const SCENARIO = `name: write-back
seed: 1
duration: 2s
warmup: 0.5s
drain: 0.5s
workload:
  keys: 50_000
  valueSize: 200B
  popularity: uniform
  mix: { get: 0.5, mget: { share: 0.5, keys: 10 } }
  arrival: { rate: 2000/s }
  preloadTtl: 1s
  readThrough: true
  clients: { hosts: 2, poolSize: 4 }
topologies:
  - { name: none, kind: cluster, primaries: 3, replicasPerPrimary: 0 }
  - { name: lettuce, kind: cluster, primaries: 3, replicasPerPrimary: 0, client: { profile: lettuce } }
`;

describe('a write-back after an MGET miss in a cluster', () => {
  it('is split per node as a pipeline is, so a stable cluster answers no MOVED and every write-back succeeds', () => {
    const file = join(tempDir(), 'write-back.yaml');
    writeFileSync(file, SCENARIO);
    const summaries = summarize(runScenario(loadScenario(file).scenario).results);
    for (const s of summaries) {
      const populate = s.ops.find((o) => o.op === 'populate')!;
      expect(populate.count, s.name).toBeGreaterThan(1000);
      expect(populate.errors, s.name).toEqual({});
      expect(s.redirects.moved ?? 0, s.name).toBe(0);
    }
  });
});
