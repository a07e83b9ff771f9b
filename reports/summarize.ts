// From raw results to the numbers people read: per topology and op, latency percentiles (ms with µs
// resolution) from the merged HdrHistogram of all replications, throughput, hit ratios, errors by
// kind, bytes on the wire by purpose, origin load. Replications are merged by adding histograms
// and counts, never by averaging percentiles.

import { isFollowUpName } from '../models/signals.js';
import { max, min, sum } from 'd3-array';
import type { ScenarioResults, TopologyResult } from '../experiment/results.js';
import { failoverTimelines, phaseStats, type FailoverTimeline, type PhaseStats } from './failover-timeline.js';
import type { CollectedStats } from '../experiment/collect/run-collectors.js';
import { mergeHistograms as merged, type LatencyHistogram } from '../experiment/collect/latency-histogram.js';

export const PERCENTILES = [50, 90, 95, 99, 99.9, 99.99] as const;
export type PercentileLabel = `p${(typeof PERCENTILES)[number]}`;

export interface LatencySummary {
  count: number;
  minMs: number;
  meanMs: number;
  /** p50, p90, p95, p99, p99.9, p99.99 in ms, by label. */
  percentilesMs: Record<PercentileLabel, number>;
  maxMs: number;
}

export interface OpSummary extends LatencySummary {
  op: string;
  errors: Record<string, number>;
  throughputPerS: number;
  retried: number;
}

export interface TopologySummary {
  name: string;
  kind: string;
  replications: number;
  ops: OpSummary[];
  /** Every workload request (cache write-backs after misses, op `populate`, are not requests of the workload). */
  all: OpSummary;
  /** Keys found / keys read, as the application saw it (GET, MGET, pipelines). */
  hitRatio: number | null;
  /** Keys read whose value was older than the latest acknowledged write, and their share of keys read. */
  staleReads: number;
  staleReadRatio: number;
  /** keyspace_hits / (hits + misses) of the server(s). */
  serverHitRatio: number | null;
  /** Busy time on client requests / window, mean over the servers that served any, and the busiest server's. */
  serverUtilization: number;
  busiestServerUtilization: number;
  evictions: number;
  errors: Record<string, number>;
  /** Redirections followed by cluster clients, by kind, and per workload request. */
  redirects: Record<string, number>;
  redirectsPerRequest: number;
  wire: { purpose: string; bytes: number; bytesPerS: number; messages: number; share: number }[];
  origin: { queriesPerS: number; keysPerS: number; meanWaitMs: number; latency: LatencySummary };
  /** Servers in the topology; cluster-bus traffic per node (messages and bytes sent per second). */
  nodes: number;
  busMessagesPerNodePerS: number;
  busBytesPerNodePerS: number;
  failovers: FailoverTimeline[];
  failoverPhases: PhaseStats[];
  lostWrites: number;
  /** Resharding, summed over replications; durationS is the mean per replication. */
  migration: { slots: number; keys: number; bytes: number; durationS: number };
  events: number;
  /** The L1 tier, null when the topology has none (nothing answered by it, nothing invalidated). */
  l1: L1Summary | null;
  /** Persistence work over all replications (null: none): counts, the longest pauses (ms), the most copy-on-write memory of a snapshot (bytes). */
  persistence: { forks: number; forkMaxMs: number; fsyncs: number; fsyncMeanMs: number; fsyncMaxMs: number; waits: number; waitMaxMs: number; saves: number; cowPeakBytes: number; peakBytes: number } | null;
  /** With application hosts in several regions: the successful reads (GET, MGET) of the hosts of each region, by region name. */
  readsByRegion: ({ region: string } & LatencySummary)[];
  servers: ServerSummary[];
  nic: NicSummary;
  /** Per kind of accounted resource (server-cpu: whole threads; client-cpu, proxy-cpu, origin), the busiest one: mean share over replications. */
  busiestResources: { kind: string; name: string; share: number }[];
}

/** One server of a topology over the window, replications merged (counts summed, keys and bytes held averaged). */
export interface ServerSummary {
  name: string;
  /** The node's configured role, from its name (primary, replica, spare, shard…). */
  role: string;
  /** Share of the window its thread was busy: requests and everything else it runs (bus, replication, pub/sub). */
  cpuBusy: number;
  requestsPerS: number;
  /** p99 of its requests' service time, ns (0 when it ran none). */
  p99ServiceNs: number;
  /** Held at the end of the window (null: not reported, e.g. crashed). */
  keys: number | null;
  usedBytes: number | null;
  bytesInPerS: number;
  bytesOutPerS: number;
}

/** NIC load as a share of link capacity (one direction), the busiest host's, overall and per purpose; null shares with unlimited bandwidth. */
export interface NicSummary {
  capacityBytesPerS: number | null;
  busiestOut: { host: string; share: number | null } | null;
  busiestIn: { host: string; share: number | null } | null;
  /** Per purpose: the host that sent the most of it, and that as a share of its NIC's capacity. */
  byPurpose: { purpose: string; host: string; share: number | null }[];
}

export interface L1Summary {
  /** Keys answered by the L1 / keys read. */
  hitRatio: number;
  /** Stale L1 hits: how long ago the write they missed was acknowledged. */
  staleness: LatencySummary;
  /** Invalidations that dropped a stale entry, and how long after the write they arrived. */
  invalidations: number;
  invalidationDelay: LatencySummary;
  /** Entries and bytes held by the L1s of all hosts together (each host holds its own copy), mean over replications. */
  entries: number;
  bytes: number;
  /** The lowest and highest L1 hit ratio of one host (over hosts and replications); null if no host was asked. */
  hostHitRatio: { min: number; max: number } | null;
  /** Times a host's L1 emptied itself on a lost connection, and the entries dropped, summed over replications. */
  flushes: number;
  flushedEntries: number;
}

/** ns → ms, kept to the nanosecond (reports round for display). */
const ms = (ns: number): number => Math.round(ns) / 1e6;

export function latencySummary(h: LatencyHistogram): LatencySummary {
  const count = h.totalCount;
  return {
    count,
    minMs: count === 0 ? 0 : ms(h.minNonZeroValue),
    meanMs: count === 0 ? 0 : ms(h.mean),
    percentilesMs: Object.fromEntries(PERCENTILES.map((p) => [`p${p}`, count === 0 ? 0 : ms(h.getValueAtPercentile(p))])) as Record<PercentileLabel, number>,
    maxMs: count === 0 ? 0 : ms(h.maxValue),
  };
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

function hostRange(ratios: readonly number[]): { min: number; max: number } | null {
  return ratios.length === 0 ? null : { min: min(ratios)!, max: max(ratios)! };
}

function l1Summary(reps: readonly CollectedStats[], reads: number): L1Summary | null {
  const hits = sum(reps, (s) => s.l1.hits);
  const invalidations = sum(reps, (s) => s.l1.invalidations);
  if (hits === 0 && invalidations === 0) return null;
  return {
    hitRatio: reads > 0 ? hits / reads : 0,
    staleness: latencySummary(merged(reps.map((s) => s.l1.staleness))),
    invalidations,
    invalidationDelay: latencySummary(merged(reps.map((s) => s.l1.invalidationDelay))),
    hostHitRatio: hostRange(reps.flatMap((s) => s.l1.hostHitRatios).filter((r): r is number => r !== null)),
    entries: sum(reps, (s) => s.l1.entries) / reps.length,
    bytes: sum(reps, (s) => s.l1.bytes) / reps.length,
    flushes: sum(reps, (s) => s.l1.flushes ?? 0),
    flushedEntries: sum(reps, (s) => s.l1.flushedEntries ?? 0),
  };
}

const roleOf = (name: string): string => (name.split('/').at(-1) ?? name).replace(/(-\d+)+$/, '');

/** A server thread's busy share over the window, mean over the replications that accounted it (null: none did). */
function threadShare(reps: readonly CollectedStats[], name: string): number | null {
  const shares = reps.flatMap((s) => (s.resources ?? []).filter((r) => r.kind === 'server-cpu' && r.name === name).map((r) => r.share));
  return shares.length === 0 ? null : sum(shares) / shares.length;
}

function busiestByKind(reps: readonly CollectedStats[]): TopologySummary['busiestResources'] {
  const byName = new Map<string, { kind: string; shares: number[] }>();
  for (const s of reps) {
    for (const r of s.resources ?? []) {
      const e = byName.get(r.name) ?? { kind: r.kind, shares: [] };
      e.shares.push(r.share);
      byName.set(r.name, e);
    }
  }
  const best = new Map<string, { kind: string; name: string; share: number }>();
  for (const [name, e] of byName) {
    const share = sum(e.shares) / e.shares.length;
    const seen = best.get(e.kind);
    if (!seen || share > seen.share) best.set(e.kind, { kind: e.kind, name, share });
  }
  return [...best.values()];
}

/** Whether a topology has a server hotter than its mean (beyond rounding: one server's two figures are the same mean, summed in two orders). */
export const hasHotServer = (t: TopologySummary): boolean => t.busiestServerUtilization > t.serverUtilization * (1 + 1e-9);

/** The hottest server's request utilization: each server's mean over the replications (by name), the highest of them; not the highest single replication, which is above the mean even for one server. */
function busiestServerShare(reps: readonly CollectedStats[]): number {
  const shares = new Map<string, number[]>();
  for (const s of reps) {
    for (const x of s.servers ?? []) {
      if (x.commands === 0) continue;
      const list = shares.get(x.name) ?? [];
      list.push(x.busyNs / s.windowNs);
      shares.set(x.name, list);
    }
  }
  return Math.max(0, ...[...shares.values()].map((v) => sum(v, (x) => x) / reps.length));
}

function serverSummaries(reps: readonly CollectedStats[], windowS: number): ServerSummary[] {
  const names = [...new Set(reps.flatMap((s) => (s.servers ?? []).map((x) => x.name)))];
  return names.map((name): ServerSummary => {
    const all = reps.flatMap((s) => (s.servers ?? []).filter((x) => x.name === name));
    const held = all.filter((x) => x.keys >= 0);
    const mean = (f: (x: (typeof all)[number]) => number) => (held.length === 0 ? null : sum(held, f) / held.length);
    // Its role when the window ended, where failovers change roles (in every replication, or each seen); else the one its name gives.
    const roles = [...new Set(all.flatMap((x) => (x.role ? [x.role] : [])))].sort();
    return {
      name, role: roles.length > 0 ? roles.join(' / ') : roleOf(name),
      cpuBusy: threadShare(reps, name) ?? sum(all, (x) => x.busyNs) / (windowS * 1e9),
      requestsPerS: sum(all, (x) => x.commands) / windowS,
      p99ServiceNs: Math.round(merged(all.map((x) => x.serviceTime)).getValueAtPercentile(99)),
      keys: mean((x) => x.keys), usedBytes: mean((x) => x.usedBytes),
      bytesInPerS: sum(held, (x) => x.bytesIn) / windowS, bytesOutPerS: sum(held, (x) => x.bytesOut) / windowS,
    };
  });
}

function nicSummary(reps: readonly CollectedStats[], windowS: number, bandwidthBps: number): NicSummary {
  const capacity = Number.isFinite(bandwidthBps) ? bandwidthBps / 8 : null;
  const share = (bytesPerS: number) => (capacity === null ? null : bytesPerS / capacity);
  const hosts = [...new Set(reps.flatMap((s) => (s.hosts ?? []).map((h) => h.name)))].map((name) => {
    const all = reps.flatMap((s) => (s.hosts ?? []).filter((h) => h.name === name));
    const out: Record<string, number> = {};
    for (const h of all) addCounts(out, h.outByPurpose);
    return { name, in: sum(all, (h) => h.bytesIn) / windowS, out: sum(all, (h) => h.bytesOut) / windowS, byPurpose: out };
  });
  const busiest = (f: (h: (typeof hosts)[number]) => number) => {
    const h = hosts.reduce<(typeof hosts)[number] | null>((best, x) => (best === null || f(x) > f(best) ? x : best), null);
    return h === null ? null : { host: h.name, share: share(f(h)) };
  };
  const purposes = [...new Set(hosts.flatMap((h) => Object.keys(h.byPurpose)))];
  return {
    capacityBytesPerS: capacity,
    busiestOut: busiest((h) => h.out),
    busiestIn: busiest((h) => h.in),
    byPurpose: purposes.map((purpose) => {
      const b = busiest((h) => (h.byPurpose[purpose] ?? 0) / windowS)!;
      return { purpose, host: b.host, share: b.share };
    }),
  };
}

function summarizeTopology(t: TopologyResult, bandwidthBps: number): TopologySummary {
  const reps = t.replications.map((r) => r.stats);
  const windowS = sum(reps, (s) => s.windowNs) / 1e9;
  const opNames = [...new Set(reps.flatMap((s) => Object.keys(s.ops)))];
  const allHistograms: string[] = [];
  const allErrors: Record<string, number> = {};
  const ops = opNames.map((op): OpSummary => {
    const stats = reps.map((s) => s.ops[op]).filter((s) => s !== undefined);
    const errors: Record<string, number> = {};
    for (const s of stats) addCounts(errors, s.errors);
    if (!isFollowUpName(op)) {
      addCounts(allErrors, errors);
      allHistograms.push(...stats.map((s) => s.latency));
    }
    const latency = latencySummary(merged(stats.map((s) => s.latency)));
    return { op, ...latency, errors, throughputPerS: latency.count / windowS, retried: sum(stats, (s) => s.retried) };
  });
  const unfinished = sum(reps, (s) => s.unfinished);
  if (unfinished > 0) allErrors.unfinished = unfinished;
  const allLatency = latencySummary(merged(allHistograms));
  const reads = sum(reps, (s) => sum(Object.values(s.ops), (o) => o.reads));
  const hits = sum(reps, (s) => sum(Object.values(s.ops), (o) => o.hits));
  const lookups = sum(reps, (s) => s.server.lookups);
  const wireTotal = sum(reps, (s) => sum(Object.values(s.wire), (w) => w.bytes));
  const redirects: Record<string, number> = {};
  for (const s of reps) addCounts(redirects, s.redirects);
  const purposes = [...new Set(reps.flatMap((s) => Object.keys(s.wire)))];
  return {
    name: t.name,
    kind: t.kind,
    replications: reps.length,
    ops,
    all: { op: 'all', ...allLatency, errors: allErrors, throughputPerS: allLatency.count / windowS, retried: sum(ops.filter((o) => !isFollowUpName(o.op)), (o) => o.retried) },
    hitRatio: reads > 0 ? hits / reads : null,
    staleReads: sum(reps, (s) => sum(Object.values(s.ops), (o) => o.stale)),
    staleReadRatio: reads > 0 ? sum(reps, (s) => sum(Object.values(s.ops), (o) => o.stale)) / reads : 0,
    serverHitRatio: lookups > 0 ? sum(reps, (s) => s.server.hits) / lookups : null,
    serverUtilization: sum(reps, (s) => s.server.busyNs) / Math.max(1, sum(reps, (s) => s.serverBusyNs.length * s.windowNs)),
    busiestServerUtilization: busiestServerShare(reps),
    evictions: sum(reps, (s) => s.server.evictions),
    errors: allErrors,
    redirects,
    redirectsPerRequest: allLatency.count + sum(Object.values(allErrors)) > 0
      ? sum(Object.values(redirects)) / (allLatency.count + sum(Object.values(allErrors))) : 0,
    wire: purposes.map((purpose) => {
      const bytes = sum(reps, (s) => s.wire[purpose]?.bytes ?? 0);
      return {
        purpose, bytes, bytesPerS: bytes / windowS, messages: sum(reps, (s) => s.wire[purpose]?.messages ?? 0),
        share: wireTotal > 0 ? bytes / wireTotal : 0,
      };
    }),
    origin: {
      queriesPerS: sum(reps, (s) => s.origin.queries) / windowS,
      keysPerS: sum(reps, (s) => s.origin.keys) / windowS,
      meanWaitMs: ms(sum(reps, (s) => s.origin.waitNs) / Math.max(1, sum(reps, (s) => s.origin.queries))),
      latency: latencySummary(merged(reps.map((s) => s.origin.latency))),
    },
    nodes: t.replications[0]?.nodes ?? 0,
    busMessagesPerNodePerS: sum(reps, (s) => s.wire.gossip?.messages ?? 0) / windowS / Math.max(1, t.replications[0]?.nodes ?? 1),
    busBytesPerNodePerS: sum(reps, (s) => s.wire.gossip?.bytes ?? 0) / windowS / Math.max(1, t.replications[0]?.nodes ?? 1),
    l1: l1Summary(reps, reads),
    persistence: persistenceSummary(reps),
    readsByRegion: [...new Set(reps.flatMap((s) => Object.keys(s.readsByRegion ?? {})))].sort().map((region) => ({
      region, ...latencySummary(merged(reps.flatMap((s) => (s.readsByRegion?.[region] ? [s.readsByRegion[region]] : [])))),
    })),
    failovers: reps.flatMap((s) => failoverTimelines(s.events)),
    failoverPhases: phaseStats(reps.flatMap((s) => failoverTimelines(s.events))),
    lostWrites: sum(reps, (s) => s.lostWrites),
    migration: {
      slots: sum(reps, (s) => s.migration.slots),
      keys: sum(reps, (s) => s.migration.keys),
      bytes: sum(reps, (s) => s.migration.bytes),
      durationS: sum(reps, (s) => (s.migration.slots > 0 ? s.migration.lastEndNs - s.migration.firstStartNs : 0)) / 1e9 / reps.length,
    },
    events: sum(t.replications, (r) => r.events),
    servers: serverSummaries(reps, windowS),
    busiestResources: busiestByKind(reps),
    nic: nicSummary(reps, windowS, bandwidthBps),
  };
}

export function summarize(results: ScenarioResults): TopologySummary[] {
  return results.topologies.map((t) => summarizeTopology(t, results.resolved.network.bandwidth));
}

function persistenceSummary(reps: readonly CollectedStats[]): TopologySummary['persistence'] {
  const all = reps.flatMap((s) => (s.persistence ? [s.persistence] : []));
  if (all.length === 0) return null;
  const fsyncs = sum(all, (p) => p.fsyncs);
  return {
    forks: sum(all, (p) => p.forks), forkMaxMs: ms(max(all, (p) => p.forkMaxNs) ?? 0),
    fsyncs, fsyncMeanMs: ms(sum(all, (p) => p.fsyncTotalNs) / Math.max(1, fsyncs)), fsyncMaxMs: ms(max(all, (p) => p.fsyncMaxNs) ?? 0),
    waits: sum(all, (p) => p.waits), waitMaxMs: ms(max(all, (p) => p.waitMaxNs) ?? 0),
    saves: sum(all, (p) => p.saves), cowPeakBytes: max(all, (p) => p.cowPeakBytes) ?? 0, peakBytes: max(all, (p) => p.peakBytes ?? 0) ?? 0,
  };
}
