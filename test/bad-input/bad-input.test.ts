// The bad-input contract: every malformed scenario in fixtures/ (one defect each, see its first line)
// fails with a ScenarioError located at the defect, and `cachetopo validate` exits 2 with one
// "file:line:column: field: message" line per issue and no stack trace.
// The CLI tests need the build (`npm run build`, which `npm test` runs first).

import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../experiment/load-scenario.js';
import { ScenarioError } from '../../sim/scenario/scenario-error.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = 'test/bad-input/fixtures';
const CLI = 'dist/cli/main.js';

interface Expected {
  file: string;
  /** 1-based line of the first issue; 0 when it concerns the whole file. */
  line: number;
  /** Dotted field path of the first issue; empty for a YAML syntax error (the structure there is unknown) or the whole document. */
  field: string;
  /** A word the first issue's message must contain. */
  word: string;
}

const EXPECTED: Expected[] = [
  { file: '01-bad-indentation.yaml', line: 18, field: '', word: 'same column' },
  { file: '02-unclosed-bracket.yaml', line: 13, field: '', word: 'end with a }' },
  { file: '03-tab-indentation.yaml', line: 19, field: '', word: 'Tabs' },
  { file: '04-duplicate-key.yaml', line: 6, field: 'seed', word: 'unique' },
  { file: '05-unknown-root-key.yaml', line: 8, field: 'owner', word: 'unknown key "owner"' },
  { file: '06-unknown-workload-key.yaml', line: 15, field: 'workload.hotKeys', word: 'unknown key "hotKeys"' },
  { file: '07-unknown-topology-key.yaml', line: 28, field: 'topologies[1].replicas', word: 'unknown key "replicas"' },
  { file: '08-unknown-distribution-key.yaml', line: 10, field: 'workload.valueSize.lognormal.mean', word: 'unknown key "mean"' },
  { file: '09-duration-unit-words.yaml', line: 5, field: 'duration', word: '"15 seconds"' },
  { file: '10-bandwidth-unit.yaml', line: 21, field: 'network.bandwidth', word: '"10 Gb/s"' },
  { file: '11-size-unit-words.yaml', line: 29, field: 'topologies[1].server.maxmemory', word: '"2 kilobytes"' },
  { file: '12-bare-number-duration.yaml', line: 19, field: 'workload.clients.timeout', word: 'bare number 100' },
  { file: '13-negative-size.yaml', line: 29, field: 'topologies[1].server.maxmemory', word: 'size ≥ 0' },
  { file: '14-negative-duration.yaml', line: 7, field: 'drain', word: 'duration ≥ 0' },
  { file: '15-zipf-negative.yaml', line: 11, field: 'workload.popularity.zipf', word: 'in [0, 10], got -0.5' },
  { file: '16-mix-sum.yaml', line: 12, field: 'workload.mix', word: 'add up to 1' },
  { file: '17-mget-zero-keys.yaml', line: 12, field: 'workload.mix.mget.keys', word: 'expected 1 to 1,000 keys' },
  { file: '18-empty-topologies.yaml', line: 23, field: 'topologies', word: 'at least one topology' },
  { file: '19-missing-topologies.yaml', line: 2, field: 'topologies', word: 'missing' },
  { file: '20-duplicate-topology-names.yaml', line: 26, field: 'topologies[1].name', word: 'duplicate topology name "single"' },
  { file: '21-unknown-topology-kind.yaml', line: 25, field: 'topologies[0].kind', word: '"memcached"' },
  { file: '22-unknown-eviction-policy.yaml', line: 30, field: 'topologies[1].server.maxmemoryPolicy', word: '"allkeys-fifo"' },
  { file: '23-unknown-distribution.yaml', line: 10, field: 'workload.valueSize', word: 'gamma' },
  { file: '24-lognormal-negative-sigma.yaml', line: 10, field: 'workload.valueSize.lognormal.sigma', word: '≥ 0, got -0.5' },
  { file: '25-uniform-max-below-min.yaml', line: 14, field: 'workload.ttl.uniform.max', word: 'max ≥ min, got "30s"' },
  { file: '26-empirical-length-mismatch.yaml', line: 10, field: 'workload.valueSize.empirical.weights', word: 'as many weights as values' },
  { file: '27-warmup-not-shorter.yaml', line: 6, field: 'warmup', word: 'shorter than duration, got "2s"' },
  { file: '28-name-capitals-spaces.yaml', line: 2, field: 'name', word: 'lower-case' },
  { file: '29-seed-not-integer.yaml', line: 4, field: 'seed', word: 'whole number, got 7.5' },
  { file: '30-zero-client-hosts.yaml', line: 17, field: 'workload.clients.hosts', word: 'expected 1 to 10,000 hosts' },
  { file: '31-arrival-rate-and-connections.yaml', line: 13, field: 'workload.arrival', word: 'closed loop' },
  { file: '32-string-for-boolean.yaml', line: 15, field: 'workload.readThrough', word: 'true or false, got "yes"' },
  { file: '33-empty-file.yaml', line: 1, field: '', word: 'expected a mapping' },
  { file: '34-list-not-mapping.yaml', line: 2, field: '', word: 'expected a mapping' },
  { file: '35-missing-name.yaml', line: 2, field: 'name', word: 'missing' },
  { file: '36-negative-rate.yaml', line: 13, field: 'workload.arrival.rate', word: 'rate > 0' },
  { file: '37-hot-set-share-above-one.yaml', line: 11, field: 'workload.popularity.hotSet.share', word: 'in [0, 1], got 1.5' },
  { file: '38-zero-replications.yaml', line: 8, field: 'replications', word: '≥ 1, got 0' },
  { file: '39-json-unknown-key.json', line: 36, field: 'network.mtu', word: 'unknown key "mtu"' },
  { file: '40-unresolved-alias.yaml', line: 4, field: 'seed', word: 'no anchor &seed' },
  { file: '41-alias-cycle.yaml', line: 11, field: 'workload.popularity.zipf', word: 'inside the node it repeats' },
  { file: '42-merge-of-scalar.yaml', line: 0, field: '', word: 'Merge sources must be maps' },
  { file: '43-cluster-negative-replicas.yaml', line: 27, field: 'topologies[0].replicasPerPrimary', word: 'whole number ≥ 0' },
  { file: '44-cluster-more-primaries-than-slots.yaml', line: 27, field: 'topologies[0].primaries', word: 'at most one primary per slot' },
  { file: '45-cluster-replica-list-length.yaml', line: 27, field: 'topologies[0].replicasPerPrimary', word: 'one replica count per primary' },
  { file: '46-cluster-too-many-nodes.yaml', line: 27, field: 'topologies[0].replicasPerPrimary', word: 'at most 32767 nodes' },
  { file: '47-fault-unknown-node.yaml', line: 26, field: 'faults[0]', word: 'no node "cluster/primary-7"' },
  { file: '48-reshard-single-topology.yaml', line: 26, field: 'operations[0].reshard.from', word: 'cluster topology' },
  { file: '49-failover-to-primary.yaml', line: 26, field: 'operations[0].failover', word: 'expected a replica' },
  { file: '50-partition-unknown-app-host.yaml', line: 26, field: 'faults[0]', word: 'no application host "app-9"' },
  { file: '51-overlapping-slot-ranges.yaml', line: 24, field: 'topologies[0].slotRanges[1]', word: 'given to two primaries' },
  { file: '52-add-node-not-spare.yaml', line: 26, field: 'operations[0].addNode', word: 'expected a spare node' },
  { file: '53-time-series-too-many-buckets.yaml', line: 31, field: 'timeSeries.bucket', word: 'at most 100,000 buckets over duration + drain, got 300,000' },
  { file: '54-trace-missing-file.yaml', line: 11, field: 'workload.popularity.trace.file', word: 'no-such-trace.txt: cannot read the trace: no such file' },
  { file: '55-trace-fewer-keys.yaml', line: 9, field: 'workload.keys', word: "at least the trace's 3 distinct keys" },
  { file: '56-sharded-unknown-hashing.yaml', line: 24, field: 'topologies[0].hashing', word: 'expected modulo or ketama' },
  { file: '57-proxy-zero-proxies.yaml', line: 24, field: 'topologies[0].proxies', word: 'expected 1 to 100 proxies' },
  { file: '58-sharded-add-node-meet.yaml', line: 26, field: 'operations[0].meet', word: 'expected neither meet nor replicaOf' },
  { file: '59-sentinel-quorum-above-sentinels.yaml', line: 27, field: 'topologies[0].quorum', word: 'at most the 3 sentinels' },
  { file: '60-sentinel-zero-sentinels.yaml', line: 26, field: 'topologies[0].sentinels', word: 'expected 1 to 100 sentinels' },
  { file: '70-l1-without-capacity.yaml', line: 23, field: 'topologies[0].l1', word: 'expected entries, bytes or both' },
  { file: '71-l1-unknown-invalidation.yaml', line: 23, field: 'topologies[0].l1.invalidation.mode', word: 'expected one of: ttl, versioned' },
  { file: '72-local-only-pubsub.yaml', line: 23, field: 'topologies[0].l1.invalidation.mode', word: 'no shared tier' },
  { file: '73-l1-ttl-mode-without-ttl.yaml', line: 23, field: 'topologies[0].l1.ttl', word: 'expected a ttl' },
  { file: '74-sweep-no-axes.yaml', line: 24, field: 'sweep.vary', word: 'expected at least one axis' },
  { file: '85-hash-tag-with-brace.yaml', line: 14, field: 'workload.hashTag.tag', word: 'without { or }' },
  { file: '86-hash-tag-share-above-one.yaml', line: 14, field: 'workload.hashTag.keys', word: 'expected a number in [0, 1]' },
  { file: '87-event-loop-with-cores.yaml', line: 17, field: 'workload.clients.cores', word: 'an event-loop host is one thread' },
];

const where = (e: Expected) => `line ${e.line}, ${e.field === '' ? 'no field' : `field ${e.field}`}`;

describe('the malformed-scenario corpus', () => {
  it('holds at least 25 fixtures, each listed with its expected error', () => {
    const files = readdirSync(`${ROOT}/${FIXTURES}`).sort();
    expect(files.length).toBeGreaterThanOrEqual(25);
    expect(EXPECTED.map((e) => e.file)).toEqual(files);
  });
});

describe('loadScenario', () => {
  it.each(EXPECTED)('reports the defect of $file on line $line, field "$field", mentioning $word', (expected) => {
    let thrown: unknown;
    try {
      loadScenario(`${ROOT}/${FIXTURES}/${expected.file}`);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ScenarioError);
    const [first] = (thrown as ScenarioError).issues;
    expect({ line: first?.line, field: first?.field }, where(expected)).toEqual({ line: expected.line, field: expected.field });
    expect(first?.message).toContain(expected.word);
  });
});

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function validate(file: string): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, 'validate', file], { cwd: ROOT }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
  });
}

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('cachetopo validate', () => {
  const results = new Map<string, CliResult>();

  beforeAll(async () => {
    if (!existsSync(`${ROOT}/${CLI}`)) throw new Error(`${CLI} is missing: run "npm run build" first`);
    const runs = await Promise.all(EXPECTED.map((e) => validate(`${FIXTURES}/${e.file}`)));
    runs.forEach((run, i) => results.set(EXPECTED[i]!.file, run));
  }, 60_000);

  it.each(EXPECTED)('exits 2 on $file, printing only located one-line messages, the first on line $line', (expected) => {
    const path = `${FIXTURES}/${expected.file}`;
    const { code, stdout, stderr } = results.get(expected.file)!;
    expect(code, stderr).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    for (const line of lines) {
      expect(line).toMatch(new RegExp(`^${literal(path)}(:\\d+:\\d+)?: \\S`));
      expect(line).not.toMatch(/^\s+at /);
    }
    const at = expected.line === 0 ? '' : `:${expected.line}:\\d+`;
    const field = expected.field === '' ? '' : `${literal(expected.field)}: `;
    expect(lines[0], where(expected)).toMatch(new RegExp(`^${literal(path)}${at}: ${field}`));
    expect(lines[0]).toContain(expected.word);
  });
});
