// The bad-input contract: every malformed scenario in fixtures/ (one defect each, see its first line)
// fails with a ScenarioError located at the defect, and `cachetopo run` exits 2 before any work:
// at most 3 lines, each "file:line:column: field: message" (or the flag that wrote the field), no
// stack trace, nothing written, well under 5 s of CPU. The cost limits are given explicitly
// (--max-events 1e10, --max-memory 4GB) so that the verdicts do not depend on this machine's memory.
// The CLI tests need the build (`npm run build`, which `npm test` runs first) and GNU time.

import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkSlosMeasurable, loadScenario } from '../../experiment/load-scenario.js';
import { checkBudget } from '../../experiment/run-budget.js';
import { loadSweepPoints } from '../../experiment/sweep/sweep-plan.js';
import { ScenarioError } from '../../sim/scenario/scenario-error.js';
import { cli, cliTimed, eachBounded, type CliResult } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = 'test/bad-input/fixtures';
const CLI = 'dist/cli/main.js';
const LIMITS = ['--max-events', '1e10', '--max-memory', '4GB'];
const BUDGET = { maxEvents: 1e10, maxMemoryBytes: 4e9, concurrentRuns: 1 };

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
  { file: '48-reshard-single-topology.yaml', line: 27, field: 'operations[0].reshard.from', word: 'cluster topology' },
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
  { file: '88-maxmemory-samples-zero.yaml', line: 26, field: 'topologies[0].server.maxmemorySamples', word: 'expected 1 to 64 samples' },
  { file: '89-client-timeout-zero.yaml', line: 19, field: 'workload.clients.timeout', word: 'at least 1us' },
  { file: '90-client-timeout-1ns.yaml', line: 19, field: 'workload.clients.timeout', word: 'at least 1us' },
  { file: '91-arrival-rate-above-clock.yaml', line: 13, field: 'workload.arrival.rate', word: 'at most 1e9/s' },
  { file: '92-arrival-rate-over-budget.yaml', line: 13, field: 'workload.arrival.rate', word: 'more than --max-events' },
  { file: '93-replications-1e8.yaml', line: 8, field: 'replications', word: 'at most 10,000 replications' },
  { file: '94-duration-100-years.yaml', line: 5, field: 'duration', word: 'at most 104 days' },
  { file: '95-cluster-32000-nodes.yaml', line: 24, field: 'topologies[0].primaries', word: 'the cluster bus: 32,000 nodes' },
  { file: '96-cluster-10000-replicas-each.yaml', line: 24, field: 'topologies[0].primaries', word: 'the cluster bus: 30,003 nodes' },
  { file: '97-client-hosts-on-large-cluster.yaml', line: 17, field: 'workload.clients.hosts', word: 'more than --max-memory' },
  { file: '98-keys-500m-on-6-nodes.yaml', line: 9, field: 'workload.keys', word: 'more than --max-memory' },
  { file: '99-retries-1000.yaml', line: 20, field: 'workload.clients.retries', word: 'at most 100 retries' },
  { file: '100-max-redirects-1000.yaml', line: 24, field: 'topologies[0].client.maxRedirects', word: 'at most 100 redirections' },
  { file: '101-latency-tail-beyond-clock.yaml', line: 22, field: 'network.latency.sameZone', word: 'expected values up to 2^53' },
  { file: '102-pareto-shape-zero.yaml', line: 10, field: 'workload.valueSize.pareto.shape', word: 'shape > 0' },
  { file: '103-value-size-5gb.yaml', line: 10, field: 'workload.valueSize', word: 'proto-max-bulk-len' },
  { file: '104-value-size-tail-above-512mib.yaml', line: 10, field: 'workload.valueSize', word: 'its 1 − 1e-9 quantile' },
  { file: '105-topology-names-same-file.yaml', line: 25, field: 'topologies[1].name', word: 'would write the same files (a_b.*)' },
  { file: '106-fault-after-run-end.yaml', line: 26, field: 'faults[0].at', word: 'it would never happen' },
  { file: '107-operation-after-run-end.yaml', line: 26, field: 'operations[0].at', word: 'before the run ends' },
  { file: '108-resume-before-pause.yaml', line: 26, field: 'faults[0].resume', word: 'expected a pause of cluster/primary-0 before it' },
  { file: '109-resume-after-pause-ended.yaml', line: 27, field: 'faults[1].resume', word: 'still in force' },
  { file: '110-hot-set-zero-keys.yaml', line: 11, field: 'workload.popularity.hotSet.keys', word: 'at least one hot key' },
  { file: '111-duplicate-zone-names.yaml', line: 22, field: 'network.zones[2].name', word: 'duplicate zone name "a"' },
  { file: '112-reshard-to-itself.yaml', line: 26, field: 'operations[0].reshard.to', word: 'other than the source' },
  { file: '113-not-utf8.yaml', line: 3, field: '', word: 'not UTF-8 text: byte 109 (0xff)' },
  { file: '114-topology-name-with-slash.yaml', line: 24, field: 'topologies[0].name', word: 'without "/"' },
  { file: '115-topology-name-too-long.yaml', line: 24, field: 'topologies[0].name', word: 'at most 100 bytes' },
  { file: '116-scenario-name-too-long.yaml', line: 2, field: 'name', word: 'at most 100 characters' },
  { file: '117-trace-is-a-folder.yaml', line: 10, field: 'workload.popularity.trace.file', word: 'not a regular file (a folder)' },
  { file: '118-empirical-weights-all-zero.yaml', line: 10, field: 'workload.valueSize.empirical.weights', word: 'at least one weight > 0' },
  { file: '119-lognormal-median-zero.yaml', line: 26, field: 'origin.latency.lognormal.median', word: 'expected a value > 0' },
  { file: '120-exponential-mean-zero.yaml', line: 13, field: 'workload.arrival.think.exponential.mean', word: 'expected a value > 0' },
  { file: '121-trace-is-a-device.yaml', line: 10, field: 'workload.popularity.trace.file', word: 'a device, pipe or socket' },
  { file: '122-trace-key-too-long.yaml', line: 10, field: 'workload.popularity.trace.file', word: 'line 3: a key of more than 1024 bytes' },
  { file: '123-unclosed-quote-line-3.yaml', line: 3, field: '', word: 'Missing closing "quote' },
  { file: '124-complex-mapping-key.yaml', line: 6, field: 'workload', word: 'a mapping key must be a plain name' },
  { file: '125-flow-mapping-unclosed.yaml', line: 12, field: '', word: 'end with a ]' },
  { file: '126-sweep-axis-bad-value.yaml', line: 30, field: 'topologies[0].nodeTimeout', word: 'got "5 seconds"' },
  { file: '127-cluster-node-timeout-zero.yaml', line: 24, field: 'topologies[0].nodeTimeout', word: 'at least 1ms' },
  { file: '128-zones-too-many.yaml', line: 22, field: 'network.zones', word: 'length ≤ 1000' },
  { file: '129-topology-name-control-char.yaml', line: 24, field: 'topologies[0].name', word: 'control characters' },
  { file: '130-open-loop-over-capacity.yaml', line: 21, field: 'workload.clients.timeout', word: 'a backlog: 20,000 connections each sending an attempt every 0.01 s' },
  { file: '131-sentinel-shards-with-spares.yaml', line: 17, field: 'topologies[0].spareNodes', word: 'no spare nodes with sentinel' },
  { file: '132-remove-node-of-sentinel-shards.yaml', line: 19, field: 'operations[0].removeNode', word: 'without sentinel' },
  { file: '133-sentinel-shards-quorum-above-sentinels.yaml', line: 17, field: 'topologies[0].sentinel.quorum', word: 'at most the 3 sentinels' },
  { file: '134-io-threads-replies-per-command.yaml', line: 18, field: 'topologies[0].server.ioThreads', word: 'per-iteration with I/O threads' },
  { file: '135-placement-unknown-zone.yaml', line: 18, field: 'placement.single/server-0', word: 'no zone "c" (zones: a, b)' },
  { file: '136-placement-unknown-node.yaml', line: 18, field: 'placement.single/primary-0', word: 'no node "single/primary-0"' },
  { file: '137-cluster-node-timeout-48h.yaml', line: 24, field: 'topologies[0].nodeTimeout', word: 'at most 24h' },
  { file: '138-run-longer-than-the-clock.yaml', line: 7, field: 'drain', word: 'duration + drain of at most 104 days' },
  { file: '139-machine-unknown-node.yaml', line: 18, field: 'machines[0].hosts[1]', word: 'no node "single/primary-0"' },
  { file: '140-machine-host-twice.yaml', line: 19, field: 'machines[1].hosts[1]', word: 'host "single/server-0" is on machine "box" already' },
  { file: '141-machine-duplicate-name.yaml', line: 19, field: 'machines[1].name', word: 'duplicate machine name "box"' },
  { file: '142-machine-unknown-topology.yaml', line: 18, field: 'machines[0].hosts[0]', word: 'no topology "cluster"' },
  { file: '143-resume-after-crash.yaml', line: 29, field: 'faults[3].resume', word: 'a crash ends a pause' },
  { file: '144-slo-op-not-issued.yaml', line: 25, field: 'slo[1]', word: 'the workload issues no MGET (its mix: get, set)' },
  { file: '145-topology-named-dot-dot.yaml', line: 24, field: 'topologies[0].name', word: 'expected a name other than ".."' },
  { file: '146-two-yaml-documents.yaml', line: 25, field: '', word: 'a second document starts here ("---"): a file holds one document' },
  { file: '147-heal-without-partition.yaml', line: 27, field: 'faults[1].heal', word: 'expected a partition before it (still in force at 1.5 s)' },
  { file: '148-utf8-cut-short.yaml', line: 3, field: '', word: 'not UTF-8 text: the character that byte 182 (0xe2) begins is broken by byte 184 (0x0a)' },
  { file: '149-on-disconnect-without-tracking.yaml', line: 24, field: 'topologies[0].l1.invalidation.onDisconnect', word: 'expected no onDisconnect with invalidation mode pubsub' },
  { file: '150-in-flight-reads-with-versioned-keys.yaml', line: 24, field: 'topologies[0].l1.invalidation.inFlightReads', word: 'expected no inFlightReads with invalidation mode versioned' },
  { file: '151-duration-under-default-warmup.yaml', line: 5, field: 'duration', word: 'expected a duration longer than warmup (1 s unless set), got "500ms"' },
];

const where = (e: Expected) => `line ${e.line}, ${e.field === '' ? 'no field' : `field ${e.field}`}`;

describe('the malformed-scenario corpus', () => {
  it('holds at least 100 fixtures, each listed with its expected error', () => {
    const files = readdirSync(`${ROOT}/${FIXTURES}`).sort();
    expect(files.length).toBeGreaterThanOrEqual(100);
    expect([...EXPECTED.map((e) => e.file)].sort()).toEqual(files);
  });
});

describe('loadScenario, the SLO check and the cost check', () => {
  it.each(EXPECTED)('reports the defect of $file on line $line, field "$field", mentioning $word', (expected) => {
    let thrown: unknown;
    try {
      const loaded = loadScenario(`${ROOT}/${FIXTURES}/${expected.file}`);
      checkSlosMeasurable(loaded);
      loadSweepPoints(loaded, []);
      checkBudget({ points: [loaded], replications: loaded.scenario.replications }, BUDGET);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ScenarioError);
    const [first] = (thrown as ScenarioError).issues;
    expect({ line: first?.line, field: first?.field }, where(expected)).toEqual({ line: expected.line, field: expected.field });
    expect(first?.message).toContain(expected.word);
  });
});

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('cachetopo run on a malformed scenario', () => {
  const results = new Map<string, CliResult & { cpuSeconds: number; out: string }>();

  beforeAll(async () => {
    if (!existsSync(`${ROOT}/${CLI}`)) throw new Error(`${CLI} is missing: run "npm run build" first`);
    const dir = tempDir();
    const runs = await eachBounded(EXPECTED, async (e) => {
      const out = join(dir, e.file);
      return { ...(await cliTimed('run', `${FIXTURES}/${e.file}`, ...LIMITS, '--out', out)), out };
    });
    runs.forEach((run, i) => results.set(EXPECTED[i]!.file, run));
  });

  it.each(EXPECTED)('exits 2 on $file before any work: at most 3 located lines, no stack, nothing written, the first on line $line', (expected) => {
    const path = `${FIXTURES}/${expected.file}`;
    const { code, stdout, stderr, cpuSeconds, out } = results.get(expected.file)!;
    expect(code, stderr).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(3);
    for (const line of lines) {
      expect(line).toMatch(new RegExp(`^${literal(path)}(:\\d+:\\d+)?: \\S`));
      expect(line).not.toMatch(/^\s+at /);
    }
    const at = expected.line === 0 ? '' : `:${expected.line}:\\d+`;
    const field = expected.field === '' ? '' : `${literal(expected.field)}: `;
    expect(lines[0], where(expected)).toMatch(new RegExp(`^${literal(path)}${at}: ${field}`));
    expect(lines[0]).toContain(expected.word);
    expect(existsSync(out), 'the output folder').toBe(false);
    expect(cpuSeconds).toBeLessThan(5);
  });
});

describe('input that is refused before it is parsed', () => {
  it('refuses a scenario file over 10 MB by its size, naming the limit', async () => {
    const file = join(tempDir(), 'huge.yaml');
    writeFileSync(file, `name: huge\ntopologies: [${'{ name: x, kind: single }, '.repeat(450_000)}]\n`);
    const r = await cliTimed('validate', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/huge\.yaml: the scenario is [\d,]+ bytes, more than the 10,000,000 a scenario may have/);
    expect(r.cpuSeconds).toBeLessThan(5);
  });
});

describe('--set and the other flags', () => {
  const cases: [string[], RegExp][] = [
    [['--set', 'workload.arrival.rate=['], /^--set workload\.arrival\.rate=\[: workload\.arrival\.rate: invalid YAML value: /],
    [['--set', '__proto__.polluted=1'], /^--set __proto__\.polluted=1: __proto__\.polluted: "__proto__" is not a field of a scenario\n$/],
    [['--set', 'topologies.0.constructor.x=1'], /"constructor" is not a field of a scenario\n$/],
    [['--set', 'seed=*anchor'], /^--set seed=\*anchor: seed: expected a plain value, got an alias \*anchor/],
    [['--set', 'seed=&a 5'], /^--set seed=&a 5: seed: expected a plain value, got an anchor &a/],
    [['--set', 'workload.clients.timeout=0'], /^--set workload\.clients\.timeout=0: workload\.clients\.timeout: expected a timeout of at least 1us/],
    [['--set', 'topologies.mm1.replicas=1e15'], /^--set topologies\.mm1\.replicas=1e15: topologies\[0\]\.replicas: unknown key "replicas"/],
    [['--set', 'nosuchpath'], /^--set nosuchpath: expected path=value/],
    [['--set'], /^cachetopo: Not enough arguments following: set \(run "cachetopo --help" for usage\)\n$/],
    [['--seed', 'abc'], /^--seed: expected a whole number from 0 to 4294967295, got "abc"\n$/],
    [['--max-events', 'many'], /^--max-events: expected a number ≥ 1/],
    [['--max-memory', 'lots'], /^--max-memory: expected a size like/],
    [['--max-events', '1000'], /^scenarios\/mm1\.yaml:\d+:\d+: workload\.arrival\.rate: .* more than --max-events 1,000/],
    [['--set', 'workload.arival.rate=1000/s'], /^--set workload\.arival\.rate=1000\/s: workload\.arival: unknown key "arival"/],
    [['--set', 'topologies.mm1.l1.entries=100'], /^--set topologies\.mm1\.l1\.entries=100: topologies\[0\]\.l1\.ttl: /],
    [['--seed', '1', '--seed', '2'], /^--seed: given more than once; it takes one value\n$/],
    [['--max-events', '1e9', '--max-events=2e9'], /^--max-events: given more than once; it takes one value\n$/],
    [['--max-events', '1e9', '--maxEvents', '2e9'], /^--max-events: given more than once; it takes one value\n$/],
    [['--set', 'duration=0s'], /^--set duration=0s: duration: expected a duration longer than warmup \(1 s unless set\), got "0s"\n$/],
    [['--set', 'workload.valueSize=1ms'], /^--set workload\.valueSize=1ms: workload\.valueSize: expected a size like "512B".*, or a distribution \(const, uniform, .*\), got "1ms"\n$/],
    [['--bogus', '1', '--bogus', '2'], /^cachetopo: Unknown argument: bogus \(run "cachetopo --help" for usage\)\n$/],
  ];

  it('sweep refuses --replications given twice (yargs would run their sum) and --out given twice, before any run', async () => {
    const out = join(tempDir(), 'twice');
    const replications = await cli('sweep', 'scenarios/mm1.yaml', '--vary', 'seed=1,2', '--replications', '2', '--replications', '1', '--out', out);
    expect([replications.code, replications.stderr]).toEqual([2, '--replications: given more than once; it takes one value\n']);
    const outs = await cli('sweep', 'scenarios/mm1.yaml', '--vary', 'seed=1,2', '--out', out, '--out', `${out}2`);
    expect([outs.code, outs.stderr]).toEqual([2, '--out: given more than once; it takes one value\n']);
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    [['schema', '--write', '/nonexistent-folder-of-cachetopo/schema.json'], /^--write \/nonexistent-folder-of-cachetopo\/schema\.json: cannot write there: /],
    [['schema', '--write', ''], /^--write: expected a file name\n$/],
    [['compare', 'scenarios/mm1.yaml', 'scenarios/mm1.yaml'], /^cachetopo compare: scenarios\/mm1\.yaml: is a file; compare takes two output folders \(of run or sweep\)\n$/],
    [['run', 'scenarios/mm1.yaml', '--out', ''], /^--out: expected a folder name\n$/],
    // Node 20's recursive mkdir loops forever there.
    [['run', 'scenarios/mm1.yaml', '--out', '/proc/cachetopo-out/x'], /^--out \/proc\/cachetopo-out\/x: cannot write there: \/proc takes no new folders\n$/],
  ])('%j exits 2 with one line naming what is wrong', async (args, message) => {
    const r = await cli(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('capacity refuses an SLO on an op the workload never issues, before any probe (it would hold at any load)', async () => {
    const out = join(tempDir(), 'cap');
    const r = await cli('capacity', 'scenarios/mm1.yaml', '--slo', 'set:p99<=1ms', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('--slo "set:p99<=1ms": the workload issues no SET (its mix: get), so it would hold at any load\n');
    expect(existsSync(out)).toBe(false);
  });

  it.each(cases)('validate %j exits 2 with one line naming the flag', async (args, message) => {
    const r = await cli('validate', 'scenarios/mm1.yaml', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
