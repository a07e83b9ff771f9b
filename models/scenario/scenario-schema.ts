// The scenario file's schema: the root fields and the model parameter blocks, each declared next to
// its model. Validation, defaults, `cachetopo list` and the JSON Schema all come from here.

import { z } from 'zod';
import { count, durationNs } from '../../sim/scenario/quantities.js';
import { MAX_DURATION_NS } from '../../sim/time/units.js';
import { strictObject } from '../../sim/scenario/strict.js';
import { faultParams } from '../faults/fault-params.js';
import { machineParams } from '../host/machine-params.js';
import { patternOverlap } from '../host/machines.js';
import { networkParams } from '../network/network-params.js';
import { operationParams } from '../operations/operation-params.js';
import { operationNodes, operationTopology } from '../operations/schedule-operations.js';
import { originParams } from '../origin/origin-params.js';
import { topologyNodeNames, topologyParams } from '../topology/topology-registry.js';
import { workloadParams } from '../workload/workload-params.js';
import { safeFileName } from '../../sim/scenario/safe-file-name.js';
import { sloParams } from './slo-params.js';
import { sweepParams } from './sweep-params.js';

/** The most time-series buckets a run may have: memory for the time series is O(buckets). */
export const MAX_TIME_SERIES_BUCKETS = 100_000;
/** The longest scenario or topology name: output files are named after them (a file name has at most 255 bytes). */
export const MAX_NAME_LENGTH = 100;
/** Topology kinds whose server list addNode and removeNode change. */
const SHARDED_KINDS: string[] = ['sharded', 'proxy'];
/** The warmup a scenario gets when it sets none (warmup's prefault, 1 s), ns. */
const DEFAULT_WARMUP_NS = 1e9;

/** Node names, each run of numbered names of one kind shortened to "first … last" (primary-0 … primary-49). */
function nodeList(nodes: readonly string[]): string {
  const runs: string[][] = [];
  for (const n of nodes) {
    const kind = n.replace(/[\d-]+$/, '');
    const last = runs.at(-1);
    if (last && last[0]!.replace(/[\d-]+$/, '') === kind && kind !== n) last.push(n);
    else runs.push([n]);
  }
  return runs.map((r) => (r.length > 2 ? `${r[0]} … ${r.at(-1)}` : r.join(', '))).join(', ');
}

export const scenarioSchema = strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case name of letters, digits and dashes').max(MAX_NAME_LENGTH, `expected a name of at most ${MAX_NAME_LENGTH} characters`)
    .describe('scenario name (used for the output folder)'),
  description: z.string().prefault('').describe('what question the scenario answers'),
  seed: z.number().int().min(0).max(2 ** 32 - 1).prefault(1).describe('root random seed'),
  duration: durationNs().prefault('10s').describe('virtual time during which requests are issued'),
  warmup: durationNs().prefault('1s').describe('requests started before this are not measured'),
  drain: durationNs().prefault('5s').describe('after duration, time left for in-flight requests to finish'),
  replications: count().refine((n) => n >= 1, 'expected ≥ 1').refine((n) => n <= 10_000, 'expected at most 10,000 replications').prefault(1).describe('independent runs with derived seeds'),
  workload: workloadParams,
  network: networkParams,
  origin: originParams,
  topologies: z.array(topologyParams, { error: () => 'expected a list of topologies' })
    .min(1, 'expected at least one topology').describe('the set-ups to compare on the same workload'),
  placement: z.record(z.string(), z.string()).prefault({})
    .describe('zone of a node ("<topology>/<node>") or application host ("app-<i>"), by zone name, instead of the default spread (node i in zone i mod zones)'),
  machines: z.array(machineParams).prefault([])
    .describe('machines whose cores several hosts share (a benchmark run on one box, cluster nodes packed on fewer machines, a proxy beside the application); a host on no machine has cores of its own'),
  faults: z.array(faultParams).prefault([]).describe('faults injected at virtual times into the topology they name'),
  operations: z.array(operationParams).prefault([]).describe('operations (resharding, membership changes) started at virtual times in the topology they name'),
  sweep: sweepParams,
  slo: sloParams,
  timeSeries: strictObject({
    bucket: durationNs().refine((ns) => ns >= 1000, 'expected at least 1us').prefault('1s')
      .describe('width of the time-series buckets over the whole run (duration + drain); at most 100,000 buckets'),
  }).prefault({}).describe('the time series of the run (timeseries.csv, results.json)'),
}).superRefine((s, ctx) => {
  const perTopology = new Map(s.topologies.map((t) => [t.name, topologyNodeNames(t)]));
  const names = new Set([...perTopology.values()].flat());
  const hosts = s.workload.clients.hosts;
  const appHosts = hosts === 1 ? 'app-0' : `app-0 … app-${hosts - 1}`;
  const check = (name: string, path: (string | number)[], withHosts: boolean) => {
    const topology = name.split('/')[0]!;
    const nodes = perTopology.get(topology);
    if (names.has(name) || nodes?.length === 0) return;
    const message = nodes === undefined
      ? `no topology "${topology}" (topologies: ${[...perTopology.keys()].join(', ')}); a node is "<topology>/<node>"${withHosts ? `, an application host ${appHosts}` : ''}`
      : `no node "${name}" (the nodes of ${topology}: ${nodeList(nodes.map((n) => n.slice(topology.length + 1)))}${withHosts ? `; application hosts: ${appHosts}` : ''})`;
    ctx.addIssue({ code: 'custom', path, message, input: name });
  };
  /** Like check, for a place that may also name an application host. */
  const checkHost = (name: string, path: (string | number)[], withHosts: boolean) => {
    if (!/^app-\d+$/.test(name)) check(name, path, withHosts);
    else if (Number(name.slice(4)) >= hosts) ctx.addIssue({ code: 'custom', path, message: `no application host "${name}" (there are ${hosts}: ${appHosts})`, input: name });
  };
  const zoneNames = s.network.zones.map((z) => z.name);
  for (const [name, zone] of Object.entries(s.placement)) {
    checkHost(name, ['placement', name], true);
    if (!zoneNames.includes(zone)) ctx.addIssue({ code: 'custom', path: ['placement', name], message: `no zone "${zone}" (zones: ${zoneNames.join(', ')})`, input: zone });
  }
  checkMachines(s, perTopology, checkHost, ctx);
  s.faults.forEach((f, i) => f.targets.forEach((t) => checkHost(t, ['faults', i], f.kind === 'partition' || f.kind === 'degrade')));
  s.operations.forEach((o, i) => {
    const base = ['operations', i];
    const nodes = operationNodes(o);
    for (const [name, path] of nodes) check(name, [...base, ...path], false);
    const topologyName = operationTopology(o);
    const topology = s.topologies.find((t) => t.name === topologyName);
    const where = [...base, ...(nodes[0]?.[1] ?? [o.kind])];
    if (!topology) ctx.addIssue({ code: 'custom', path: where, message: `no topology "${topologyName}"`, input: topologyName });
    else if (topology.kind !== 'cluster') {
      const membership = o.kind === 'addNode' || o.kind === 'removeNode';
      if (!membership || !SHARDED_KINDS.includes(topology.kind)) {
        const kinds = membership ? 'a cluster, sharded or proxy topology' : 'a cluster topology';
        ctx.addIssue({ code: 'custom', path: where, message: `expected a node of ${kinds} ("${topology.name}" is ${topology.kind})`, input: topologyName });
      } else if (topology.kind === 'sharded' && topology.sentinel) {
        ctx.addIssue({ code: 'custom', path: where, message: `expected a sharded topology without sentinel ("${topology.name}" has a Sentinel group per shard: its server list is fixed)`, input: topologyName });
      } else if (o.kind === 'addNode' && (o.meet !== null || o.replicaOf !== null)) {
        ctx.addIssue({ code: 'custom', path: [...base, o.meet !== null ? 'meet' : 'replicaOf'], message: `expected neither meet nor replicaOf: a ${topology.kind} topology's spare only joins the server list`, input: o.meet ?? o.replicaOf });
      }
    } else if (o.kind === 'addNode' && o.meet === null) {
      ctx.addIssue({ code: 'custom', path: [...base, 'addNode'], message: 'expected meet: an existing cluster node the spare meets (CLUSTER MEET)', input: o.node });
    }
    if (nodes.some(([name]) => operationTopology(o) !== name.split('/')[0])) {
      ctx.addIssue({ code: 'custom', path: where, message: 'expected nodes of one topology', input: nodes.map(([n]) => n).join(', ') });
    }
    const role = (name: string) => name.split('/')[1]!.split('-')[0];
    if (o.kind === 'failover' && role(o.node) !== 'replica') {
      ctx.addIssue({ code: 'custom', path: [...base, 'failover'], message: 'expected a replica (CLUSTER FAILOVER is sent to the replica that takes over)', input: o.node });
    }
    if (o.kind === 'addNode' && role(o.node) !== 'spare') {
      ctx.addIssue({ code: 'custom', path: [...base, 'addNode'], message: 'expected a spare node (<topology>/spare-<i>, see the topology\'s spareNodes)', input: o.node });
    }
  });
  const seen = new Map<string, string>();
  s.topologies.forEach((t, i) => {
    const at = ['topologies', i, 'name'];
    const file = safeFileName(t.name);
    if (Buffer.byteLength(t.name) > MAX_NAME_LENGTH) ctx.addIssue({ code: 'custom', path: at, message: `expected a name of at most ${MAX_NAME_LENGTH} bytes (output files are named after it)`, input: t.name });
    else if (/[\p{Cc}/]/u.test(t.name)) ctx.addIssue({ code: 'custom', path: at, message: 'expected a name without "/" (it separates topology and node in fault targets) or control characters', input: t.name });
    else if (t.name === '.' || t.name === '..') ctx.addIssue({ code: 'custom', path: at, message: `expected a name other than "${t.name}" (capacity keeps each topology's probes in a folder of its name)`, input: t.name });
    else if (seen.get(file) === t.name) ctx.addIssue({ code: 'custom', path: at, message: `duplicate topology name "${t.name}"`, input: t.name });
    else if (seen.has(file)) ctx.addIssue({ code: 'custom', path: at, message: `"${t.name}" and "${seen.get(file)}" would write the same files (${file}.*): use names that differ in letters, digits, ".", "_" or "-"`, input: t.name });
    seen.set(file, t.name);
  });
  const endNs = s.duration + s.drain;
  const timed: [string, { atNs: number }[]][] = [['faults', s.faults], ['operations', s.operations]];
  for (const [list, entries] of timed) {
    entries.forEach((e, i) => {
      if (e.atNs >= endNs) {
        ctx.addIssue({ code: 'custom', path: [list, i, 'at'], message: `expected a time before the run ends (duration + drain = ${endNs / 1e9} s): it would never happen`, input: e.atNs });
      }
    });
  }
  s.faults.forEach((f, i) => {
    if (f.kind !== 'resume') return;
    const node = f.targets[0];
    const crashedBetween = (fromNs: number) => s.faults.some((c) => c.kind === 'crash' && c.targets[0] === node && c.atNs >= fromNs && c.atNs < f.atNs);
    const paused = s.faults.some((p) => p.kind === 'pause' && p.targets[0] === node && p.atNs < f.atNs && (p.forNs === null || p.atNs + p.forNs > f.atNs) && !crashedBetween(p.atNs));
    if (!paused) ctx.addIssue({ code: 'custom', path: ['faults', i, 'resume'], message: `expected a pause of ${node} before it (still in force at ${f.atNs / 1e9} s; a crash ends a pause): a resume of a running node does nothing`, input: node });
  });
  s.faults.forEach((f, i) => {
    if (f.kind !== 'heal') return;
    const healedBetween = (fromNs: number) => s.faults.some((h) => h.kind === 'heal' && h.atNs > fromNs && h.atNs < f.atNs);
    const split = s.faults.some((p) => p.kind === 'partition' && p.atNs < f.atNs && (p.forNs === null || p.atNs + p.forNs > f.atNs) && !healedBetween(p.atNs));
    if (!split) ctx.addIssue({ code: 'custom', path: ['faults', i, 'heal'], message: `expected a partition before it (still in force at ${f.atNs / 1e9} s): a heal of a network that is whole does nothing`, input: true });
  });
  s.topologies.forEach((t, i) => {
    if (t.kind === 'local-only' && !s.workload.readThrough) {
      ctx.addIssue({ code: 'custom', path: ['topologies', i, 'kind'], message: 'expected workload.readThrough: true with local-only (misses can only be read from the origin)', input: t.kind });
    }
  });
  if ((s.duration + s.drain) / s.timeSeries.bucket > MAX_TIME_SERIES_BUCKETS) {
    ctx.addIssue({
      code: 'custom', path: ['timeSeries', 'bucket'], input: s.timeSeries.bucket,
      message: `expected at most ${MAX_TIME_SERIES_BUCKETS.toLocaleString('en-US')} buckets over duration + drain, got ${Math.ceil((s.duration + s.drain) / s.timeSeries.bucket).toLocaleString('en-US')}`,
    });
  }
  if (s.warmup >= s.duration) {
    // A warmup of the default may not be in the file at all: then the defect is named at duration.
    if (s.warmup === DEFAULT_WARMUP_NS) ctx.addIssue({ code: 'custom', path: ['duration'], message: 'expected a duration longer than warmup (1 s unless set)', input: s.duration });
    else ctx.addIssue({ code: 'custom', path: ['warmup'], message: 'expected warmup shorter than duration', input: s.warmup });
  }
  if (s.duration + s.drain > MAX_DURATION_NS) {
    ctx.addIssue({ code: 'custom', path: ['drain'], input: s.drain, message: 'expected duration + drain of at most 104 days (2^53 ns, the clock\'s exact range): the run ends there' });
  }
});

export type Scenario = z.output<typeof scenarioSchema>;

/** Each machine's hosts name hosts of the run, and no host is on two machines (decided on the patterns: a run may have millions of application hosts). */
function checkMachines(
  s: { machines: { name: string; hosts: string[] }[] }, perTopology: ReadonlyMap<string, string[]>,
  check: (name: string, path: (string | number)[], withHosts: boolean) => void, ctx: z.core.$RefinementCtx,
): void {
  const names = new Set<string>();
  s.machines.forEach((m, i) => {
    if (names.has(m.name)) ctx.addIssue({ code: 'custom', path: ['machines', i, 'name'], message: `duplicate machine name "${m.name}"`, input: m.name });
    names.add(m.name);
    m.hosts.forEach((h, j) => {
      const path = ['machines', i, 'hosts', j];
      if (h === '*' || h === 'app-*') return;
      if (h.endsWith('/*')) {
        const topology = h.slice(0, -2);
        if (!perTopology.has(topology)) ctx.addIssue({ code: 'custom', path, message: `no topology "${topology}" (topologies: ${[...perTopology.keys()].join(', ')})`, input: h });
      } else check(h, path, true);
    });
    for (const earlier of s.machines.slice(0, i)) {
      for (const [j, h] of m.hosts.entries()) {
        const both = earlier.hosts.map((e) => patternOverlap(h, e)).find((x) => x !== null);
        if (both === undefined) continue;
        ctx.addIssue({ code: 'custom', path: ['machines', i, 'hosts', j], message: `host "${both}" is on machine "${earlier.name}" already: a host is on one machine`, input: h });
        return;
      }
    }
  });
}
