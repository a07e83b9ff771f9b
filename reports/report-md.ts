// report.md: the comparison a person pastes into a design doc. The verdict first (verdict.ts), then
// topologies side by side; latencies to 3 significant digits in the unit that fits; the seed, scenario hash and load type (open or closed loop) stated, so the run can be replayed.

import type { ScenarioResults } from '../experiment/results.js';
import { markdownProse, markdownTable as table, markdownText } from './markdown-table.js';
import { COMMON_PHASES, FAILOVER_PHASES } from './failover-timeline.js';
import { hasHotServer, PERCENTILES, type LatencySummary, type OpSummary, type PercentileLabel, type TopologySummary } from './summarize.js';
import { timeSeriesSection } from './time-series-md.js';
import { runVerdict, verdictHeading } from './verdict.js';
import { formatDurationNs } from './format-duration.js';

const sig3 = (x: number): string => Number(x.toPrecision(3)).toLocaleString('en-US', { maximumSignificantDigits: 3 });
/** A latency given in ms, in the unit that fits, to 3 significant digits. */
const latency = (ms: number): string => formatDurationNs(ms * 1e6);
/** A share as a percentage to 3 significant digits (nothing non-zero prints as 0). */
const pct = (x: number | null): string => (x === null ? '–' : `${sig3(100 * x)} %`);
const rate = (x: number): string => Math.round(x).toLocaleString('en-US');

function redirectText(t: TopologySummary): string {
  const kinds = Object.entries(t.redirects);
  if (kinds.length === 0) return '0';
  return `${t.redirectsPerRequest.toFixed(4)} (${kinds.map(([k, n]) => `${k.toUpperCase()} ${rate(n)}`).join(', ')})`;
}

function latencyRows(summaries: readonly TopologySummary[], pick: (t: TopologySummary) => OpSummary | undefined): string[][] {
  const cell = (f: (o: OpSummary) => string) => summaries.map((t) => {
    const o = pick(t);
    return o && o.count > 0 ? f(o) : '–';
  });
  return [
    ['requests', ...cell((o) => rate(o.count))],
    ['throughput (/s)', ...cell((o) => rate(o.throughputPerS))],
    ['min', ...cell((o) => latency(o.minMs))],
    ['mean', ...cell((o) => latency(o.meanMs))],
    ...PERCENTILES.map((p) => [`p${p}`, ...cell((o) => latency(o.percentilesMs[`p${p}`]))]),
    ['max', ...cell((o) => latency(o.maxMs))],
  ];
}

const seconds = (x: number | null): string => (x === null ? '–' : x.toFixed(3));

function clusterSections(summaries: readonly TopologySummary[], names: string[]): string[] {
  const out: string[] = [];
  if (summaries.some((t) => t.busMessagesPerNodePerS > 0)) {
    out.push('## Cluster bus', table(['metric', ...names], [
      ['nodes', ...summaries.map((t) => String(t.nodes))],
      ['bus messages sent per node (/s)', ...summaries.map((t) => t.busMessagesPerNodePerS.toFixed(2))],
      ['bus bytes sent per node (B/s)', ...summaries.map((t) => rate(t.busBytesPerNodePerS))],
      ['bus: busiest node\'s share of its NIC capacity (out)', ...summaries.map((t) => {
        const g = t.nic.byPurpose.find((b) => b.purpose === 'gossip');
        return g ? (g.share === null ? 'unlimited' : pct(g.share)) : '–';
      })],
      ['bus share of all bytes', ...summaries.map((t) => pct(t.wire.find((w) => w.purpose === 'gossip')?.share ?? 0))],
    ]));
  }
  const withMigration = summaries.filter((t) => t.migration.slots > 0);
  if (withMigration.length > 0) {
    out.push('## Resharding', table(['metric', ...withMigration.map((t) => markdownText(t.name))], [
      ['slots moved', ...withMigration.map((t) => rate(t.migration.slots))],
      ['keys moved', ...withMigration.map((t) => rate(t.migration.keys))],
      ['bytes moved', ...withMigration.map((t) => rate(t.migration.bytes))],
      ['duration (s, first slot start to last slot end)', ...withMigration.map((t) => t.migration.durationS.toFixed(3))],
    ]));
  }
  const withFailovers = summaries.filter((t) => t.failovers.length > 0);
  if (withFailovers.length > 0) {
    out.push('## Failovers', 'Seconds after the fault: mean ± standard deviation [min, max] over the faults of all replications.');
    // The phases of a failover are shown as "never" where one was detected (and failed over nowhere); a fault that only came undone shows its `back` alone.
    const detected = withFailovers.some((t) => t.failoverPhases.some((p) => p.phase !== 'back' && p.count > 0));
    const shown = withFailovers[0]!.failoverPhases.map((p, i) => ({ phase: p.phase, i }))
      .filter(({ phase, i }) => (detected && COMMON_PHASES.includes(phase)) || withFailovers.some((t) => t.failoverPhases[i]!.count > 0));
    // Nothing detected the fault and nothing undid it (a replica's crash): its row says it was never undone.
    if (shown.length === 0) shown.push({ phase: 'back', i: FAILOVER_PHASES.indexOf('back') });
    out.push(table(['phase', ...withFailovers.map((t) => `${markdownText(t.name)} (${t.failovers.length} fault${t.failovers.length === 1 ? '' : 's'})`)],
      shown.map(({ phase, i }) => [phase, ...withFailovers.map((t) => {
        const s = t.failoverPhases[i]!;
        if (s.meanS === null) return 'never';
        const spread = s.sdS === null ? '' : ` ± ${s.sdS.toFixed(3)}`;
        return `${seconds(s.meanS)}${spread} [${seconds(s.minS)}, ${seconds(s.maxS)}]${s.count < t.failovers.length ? ` (${s.count} of ${t.failovers.length})` : ''}`;
      })])));
    out.push(table(['metric', ...withFailovers.map((t) => markdownText(t.name))], [
      ['acknowledged writes lost', ...withFailovers.map((t) => rate(t.lostWrites))],
    ]));
  }
  return out;
}

function l1Section(summaries: readonly TopologySummary[], names: string[]): string[] {
  if (summaries.every((t) => t.l1 === null)) return [];
  const ms = (l: LatencySummary | undefined, p: PercentileLabel) => (l && l.count > 0 ? latency(l.percentilesMs[p]) : '–');
  return ['## L1 tier (in-process cache)', table(['metric', ...names], [
    ['share of keys answered by the L1', ...summaries.map((t) => pct(t.l1?.hitRatio ?? null))],
    ['L1 hit ratio of one host (lowest – highest)', ...summaries.map((t) => (t.l1?.hostHitRatio ? `${pct(t.l1.hostHitRatio.min)} – ${pct(t.l1.hostHitRatio.max)}` : '–'))],
    ['held by all hosts\' L1s (entries / MB)', ...summaries.map((t) => (t.l1 ? `${rate(t.l1.entries)} / ${sig3(t.l1.bytes / 1e6)}` : '–'))],
    ['stale L1 hits', ...summaries.map((t) => rate(t.l1?.staleness.count ?? 0))],
    ['staleness p50 / p99', ...summaries.map((t) => `${ms(t.l1?.staleness, 'p50')} / ${ms(t.l1?.staleness, 'p99')}`)],
    ['stale entries dropped by invalidation', ...summaries.map((t) => rate(t.l1?.invalidations ?? 0))],
    ['emptied on a lost connection (times / entries)', ...summaries.map((t) => (t.l1 ? `${rate(t.l1.flushes)} / ${rate(t.l1.flushedEntries)}` : '–'))],
    ['invalidation delay p50 / p99', ...summaries.map((t) => `${ms(t.l1?.invalidationDelay, 'p50')} / ${ms(t.l1?.invalidationDelay, 'p99')}`)],
  ])];
}

/** Rows of the busiest accounted resource of each kind. */
const RESOURCE_ROWS = [
  ['server-cpu', 'busiest server thread (requests, bus, replication, pub/sub)'],
  ['client-cpu', 'busiest client host CPU'],
  ['proxy-cpu', 'busiest proxy CPU'],
  ['machine-cpu', 'busiest machine (cores its processes share)'],
  ['pool', 'busiest connection pool (connections in use)'],
  ['origin', 'origin query slots in use'],
] as const;

/** Servers shown per topology in the per-server table (the busiest first). */
const SERVERS_SHOWN = 8;
const megabytes = (bytes: number | null): string => (bytes === null ? '–' : `${sig3(bytes / 1e6)} MB`);

/** One row per server (the busiest SERVERS_SHOWN of each topology): role, CPU, load, service time, what it holds, its NIC's bytes. */
/** RDB and AOF work on the servers (only when some topology persists). */
function persistenceSection(results: ScenarioResults, summaries: readonly TopologySummary[], names: string[]): string[] {
  if (summaries.every((t) => t.persistence === null)) return [];
  const maxmemory = (name: string) => {
    const t = results.resolved.topologies.find((x) => x.name === name);
    return t && 'server' in t ? t.server.maxmemory : 0;
  };
  const row = (label: string, cell: (p: NonNullable<TopologySummary['persistence']>) => string) =>
    [label, ...summaries.map((t) => (t.persistence ? cell(t.persistence) : '–'))];
  return ['## Persistence', 'Over the measured window: forks for BGSAVE and replicas\' full syncs (the main thread pauses for the page-table copy), fsyncs on the main thread (appendfsync always, before the replies), waits for a busy background fsync (everysec), and the copy-on-write memory a snapshot needed beside the dataset.',
    table(['metric', ...names], [
      row('forks for BGSAVE and full syncs (longest pause)', (p) => `${rate(p.forks)} (${latency(p.forkMaxMs)})`),
      row('snapshots saved (most copy-on-write memory)', (p) => `${rate(p.saves)} (${sig3(p.cowPeakBytes / 1e6)} MB)`),
      ['dataset + copy-on-write, most at a snapshot\'s end (share of maxmemory)', ...summaries.map((t) => {
        const p = t.persistence;
        if (!p || p.saves === 0) return '–';
        const limit = maxmemory(t.name);
        return `${sig3(p.peakBytes / 1e6)} MB${limit > 0 ? ` (${pct(p.peakBytes / limit)})` : ''}`;
      })],
      row('fsyncs on the main thread (mean / longest)', (p) => `${rate(p.fsyncs)} (${latency(p.fsyncMeanMs)} / ${latency(p.fsyncMaxMs)})`),
      row('waits for the background fsync (longest)', (p) => `${rate(p.waits)} (${latency(p.waitMaxMs)})`),
    ])];
}

/** Reads by the region of the application host that issued them (only when hosts are in several regions). */
function regionSection(summaries: readonly TopologySummary[], names: string[]): string[] {
  const regions = [...new Set(summaries.flatMap((t) => t.readsByRegion.map((r) => r.region)))].sort();
  if (regions.length === 0) return [];
  const cell = (t: TopologySummary, region: string) => {
    const r = t.readsByRegion.find((x) => x.region === region);
    return r && r.count > 0 ? `${latency(r.percentilesMs.p50)} / ${latency(r.percentilesMs.p99)} (${rate(r.count)})` : '–';
  };
  return ['## Reads by client region', 'Successful GETs and MGETs by the region of the application host that issued them: p50 / p99 (reads).',
    table(['region', ...names], regions.map((region) => [markdownText(region), ...summaries.map((t) => cell(t, region))]))];
}

function serverSection(summaries: readonly TopologySummary[]): string[] {
  if (summaries.every((t) => t.servers.length === 0)) return [];
  const rows = summaries.flatMap((t) => {
    const busiest = [...t.servers].sort((a, b) => b.cpuBusy - a.cpuBusy || (a.name < b.name ? -1 : 1));
    const shown = busiest.slice(0, SERVERS_SHOWN).map((x) => [
      markdownText(t.name), markdownText(x.name.split('/').slice(1).join('/') || x.name), x.role, pct(x.cpuBusy), rate(x.requestsPerS),
      x.p99ServiceNs > 0 ? formatDurationNs(x.p99ServiceNs) : '–', x.keys === null ? '–' : rate(x.keys), megabytes(x.usedBytes),
      `${megabytes(x.bytesInPerS)}/s`, `${megabytes(x.bytesOutPerS)}/s`,
    ]);
    const rest = busiest.length - shown.length;
    return rest > 0 ? [...shown, [markdownText(t.name), `… ${rest} more (less busy)`, '', '', '', '', '', '', '', '']] : shown;
  });
  return ['## Servers', 'Busiest first; CPU busy and requests over the window, keys and memory when it ended, bytes through the server\'s NIC.',
    table(['topology', 'server', 'role', 'CPU busy', 'requests/s', 'p99 service time', 'keys', 'memory', 'in', 'out'], rows)];
}

/** Rows of NIC load as a share of link capacity (the busiest host's), overall and per purpose. */
function nicRows(summaries: readonly TopologySummary[]): string[][] {
  const share = (x: { host: string; share: number | null } | null | undefined) => (x ? (x.share === null ? 'unlimited' : `${pct(x.share)} (${markdownText(x.host)})`) : '–');
  const purposes = [...new Set(summaries.flatMap((t) => t.nic.byPurpose.map((b) => b.purpose)))];
  return [
    ['busiest NIC out, share of capacity', ...summaries.map((t) => share(t.nic.busiestOut))],
    ['busiest NIC in, share of capacity', ...summaries.map((t) => share(t.nic.busiestIn))],
    ...purposes.map((p) => [`${p}: busiest sender, share of its NIC`, ...summaries.map((t) => share(t.nic.byPurpose.find((b) => b.purpose === p)))]),
  ];
}

/** Links to the plots written next to report.md (none: no section). */
function plotSection(plots: readonly { file: string; title: string }[]): string[] {
  return plots.length === 0 ? [] : ['## Plots', plots.map((p) => `![${markdownText(p.title)}](${p.file})`).join('\n\n')];
}

export function reportMarkdown(results: ScenarioResults, summaries: readonly TopologySummary[], plots: readonly { file: string; title: string }[] = []): string {
  const s = results.resolved;
  const names = summaries.map((t) => `${markdownText(t.name)} (${t.kind})`);
  const loop = s.workload.arrival.kind === 'open'
    ? `open loop at ${rate(s.workload.arrival.rate)} requests/s (${s.workload.arrival.process})`
    : `closed loop, ${s.workload.arrival.connections} connections`;
  const ops = [...new Set(summaries.flatMap((t) => t.ops.map((o) => o.op)))];
  const errorKinds = [...new Set(summaries.flatMap((t) => Object.keys(t.errors)))];
  const purposes = [...new Set(summaries.flatMap((t) => t.wire.map((w) => w.purpose)))];
  const parts = [
    `# ${s.name}`,
    markdownProse(s.description),
    [verdictHeading(summaries[0]?.replications ?? 0), ...runVerdict(results, summaries)].join('\n'),
    `Seed ${results.seed} · scenario hash \`${results.scenario.hash}\` · ${summaries[0]?.replications ?? 0} replication(s) · ` +
      `load: ${loop} · measured from ${s.warmup / 1e9} s to ${s.duration / 1e9} s of virtual time.`,
    '## All requests',
    table(['metric', ...names], latencyRows(summaries, (t) => t.all)),
    ...plotSection(plots),
    ...ops.flatMap((op) => [`## ${op.toUpperCase()}`, table(['metric', ...names], latencyRows(summaries, (t) => t.ops.find((o) => o.op === op)))]),
    '## Cache and servers',
    table(['metric', ...names], [
      ['hit ratio (application)', ...summaries.map((t) => pct(t.hitRatio))],
      ['hit ratio (server keyspace)', ...summaries.map((t) => pct(t.serverHitRatio))],
      ['stale reads (share of keys read)', ...summaries.map((t) => `${rate(t.staleReads)} (${(100 * t.staleReadRatio).toFixed(4)} %)`)],
      ['server utilization (mean over servers)', ...summaries.map((t) => pct(t.serverUtilization))],
      ...(summaries.some(hasHotServer)
        ? [['busiest server utilization', ...summaries.map((t) => pct(t.busiestServerUtilization))]] : []),
      ...RESOURCE_ROWS.filter(([kind]) => summaries.some((t) => t.busiestResources.some((r) => r.kind === kind))).map(([kind, label]) => [label, ...summaries.map((t) => {
        const r = t.busiestResources.find((x) => x.kind === kind);
        return r ? `${pct(r.share)} (${markdownText(r.name)})` : '–';
      })]),
      ['evictions', ...summaries.map((t) => rate(t.evictions))],
      ['redirections per request', ...summaries.map((t) => redirectText(t))],
      ['origin queries (/s)', ...summaries.map((t) => rate(t.origin.queriesPerS))],
      ['origin mean latency', ...summaries.map((t) => (t.origin.latency.count > 0 ? latency(t.origin.latency.meanMs) : '–'))],
      ['origin p99 latency', ...summaries.map((t) => (t.origin.latency.count > 0 ? latency(t.origin.latency.percentilesMs.p99) : '–'))],
    ]),
    ...serverSection(summaries),
    ...l1Section(summaries, names),
    ...regionSection(summaries, names),
    ...persistenceSection(results, summaries, names),
    ...clusterSections(summaries, names),
    ...timeSeriesSection(results, names),
    '## Errors',
    errorKinds.length === 0
      ? 'No request failed.'
      : table(['kind', ...names], errorKinds.map((k) => [k, ...summaries.map((t) => rate(t.errors[k] ?? 0))])),
    '## Bytes on the wire',
    'Per purpose: bytes per second over all hosts (share of all bytes); then the busiest host\'s NIC as a share of its capacity (one direction).',
    table(['purpose', ...names], [...purposes.map((p) => [p, ...summaries.map((t) => {
      const w = t.wire.find((x) => x.purpose === p);
      return w ? `${rate(w.bytesPerS)} B/s (${pct(w.share)})` : '–';
    })]), ...nicRows(summaries)]),
  ];
  return `${parts.filter((p) => p !== '').join('\n\n')}\n`;
}
