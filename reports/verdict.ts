// The verdict at the top of a run's report.md: 3 to 8 short lines generated from the numbers. Which
// topologies meet the scenario's SLOs (its slo: block), which topology does best on p99 of all requests and of the main ops, and by how much; errors, stale
// reads, lost writes and unavailability when any topology has them; then warnings where a
// comparison misleads. A difference counts only when it exceeds the combined 95 % confidence
// interval of the two means over replications, |mean A − mean B| > √(hw A² + hw B²) (the rule of
// `cachetopo compare`); inside it the verdict says "no clear difference", and with one replication
// it says there is no interval. Warnings: a closed loop with a server thread over 90 % busy (latencies
// are then queueing delay), an open loop that leaves over 1 % of its requests unfinished or keeps a
// server thread over 98 % busy (overload),
// or keeps a connection pool over 98 % in use (overload of the clients' connections),
// a p99.9 resting on fewer than 1,000 requests, a node fault that did not happen in its run, a
// reshard or rebalance that moved no slot, a MIGRATE that failed, a removeNode refused, a move
// still under way when the run ended.

import type { ScenarioResults, TopologyResult } from '../experiment/results.js';
import type { FailoverPhase } from './failover-timeline.js';
import { formatDurationNs } from './format-duration.js';
import { markdownText } from './markdown-table.js';
import { differsBeyondCi, replicationInterval, type ReplicationInterval } from './stats/replication-interval.js';
import { SATURATED_SHARE } from './resource-shares.js';
import { summarize, type OpSummary, type TopologySummary } from './summarize.js';
import { FAULT_KINDS, isFollowUpName } from '../models/signals.js';
import { operationTopology } from '../models/operations/schedule-operations.js';
import { judgeSlo, sloValueText } from './slo/slo.js';

const MAX_LINES = 8;
const OVERLOAD_UNFINISHED_SHARE = 0.01;
/** An open loop whose busiest server thread (or connection pool) is busier than this is overloaded: arrivals at or beyond what it serves. */
const OVERLOAD_THREAD_SHARE = 0.98;
const P999_MIN_SAMPLES = 1000;
const MAIN_OPS = 2;

interface Ranked {
  name: string;
  value: number;
  interval: ReplicationInterval;
}

const bold = (name: string) => `**${markdownText(name)}**`;
const percent = (x: number) => `${Number((100 * x).toPrecision(3))} %`;

/** Each topology's summary of each replication alone (for intervals over replications). */
function perReplication(results: ScenarioResults): TopologySummary[][] {
  return results.topologies.map((t: TopologyResult) => t.replications.map((r) => summarize({ ...results, topologies: [{ ...t, replications: [r] }] })[0]!));
}

/** Topologies ranked by `of` (lower is better), each with its all-replications value and the interval over replications. */
function rank(summaries: readonly TopologySummary[], reps: readonly TopologySummary[][], of: (s: TopologySummary) => number | null): Ranked[] {
  return summaries.flatMap((s, i): Ranked[] => {
    const value = of(s);
    const values = reps[i]!.map(of).filter((v): v is number => v !== null);
    return value === null || values.length === 0 ? [] : [{ name: s.name, value, interval: replicationInterval(values) }];
  }).sort((a, b) => a.value - b.value);
}

/** How much `next` is above `best`: a share below 2×, a ratio above. */
function above(best: number, next: number): string {
  if (best <= 0) return '';
  const ratio = next / best;
  return ratio >= 2 ? ` (${Number(ratio.toPrecision(3))}×` : ` (+${Number((100 * (ratio - 1)).toPrecision(3))} %`;
}

function difference(best: Ranked, next: Ranked, show: (x: number) => string): string {
  const more = above(best.value, next.value);
  const close = more === '' ? '' : ')';
  const clear = differsBeyondCi(best.interval, next.interval);
  if (clear === null) return `then ${bold(next.name)} ${show(next.value)}${more}${close}`;
  return clear ? `then ${bold(next.name)} ${show(next.value)}${more === '' ? ' (' : `${more}, `}beyond the 95 % CIs)` : `no clear difference from ${bold(next.name)} ${show(next.value)} (inside the 95 % CIs)`;
}

/** The ranking of `label`, lowest first; `unranked` names the topologies left out and says why ("never in **x**"), and a lone ranked topology is named when others were left out. */
function rankedLine(label: string, ranked: readonly Ranked[], show: (x: number) => string, unranked = ''): string | null {
  if (ranked.length === 0) return unranked === '' ? null : `- **${label}**: ${unranked}.`;
  const rest = unranked === '' ? '' : `; ${unranked}`;
  const [best, next] = ranked;
  if (!next) return `- **${label}**: ${unranked === '' ? '' : `${bold(best!.name)} `}${show(best!.value)}${rest}.`;
  const worst = ranked.length > 2 ? `; highest ${bold(ranked.at(-1)!.name)} ${show(ranked.at(-1)!.value)}` : '';
  return `- **${label}**: lowest ${bold(best!.name)} ${show(best!.value)}; ${difference(best!, next, show)}${worst}${rest}.`;
}

/** A count or share that is best at 0: who has none, then who has the most. */
function countLine(label: string, ranked: readonly Ranked[], show: (x: number) => string, after = ''): string | null {
  const some = ranked.filter((r) => r.value > 0).reverse();
  if (some.length === 0) return null;
  const none = ranked.filter((r) => r.value === 0);
  const most = some.slice(0, 3).map((r) => `${bold(r.name)} ${show(r.value)}`).join(', ');
  return `- **${label}**: ${none.length > 0 ? `none in ${none.map((r) => bold(r.name)).join(', ')}; ` : ''}${ranked.length > 1 ? 'most in ' : ''}${most}${some.length > 3 ? ' and others' : ''}${after}.`;
}

const p99Ns = (o: OpSummary | undefined): number | null => (o && o.count > 0 ? o.percentilesMs.p99 * 1e6 : null);
const errorShare = (s: TopologySummary): number => {
  const failed = Object.values(s.errors).reduce((a, b) => a + b, 0);
  return failed + s.all.count === 0 ? 0 : failed / (failed + s.all.count);
};

/** The busiest server thread's share of the window: its requests and the work beside them (bus, replication, fsync). */
const threadShare = (s: TopologySummary) => s.busiestResources.find((r) => r.kind === 'server-cpu')?.share ?? s.busiestServerUtilization;

function warnings(results: ScenarioResults, summaries: readonly TopologySummary[]): string[] {
  const out: string[] = [];
  const loop = results.resolved.workload.arrival.kind;
  const busy = summaries.filter((s) => threadShare(s) >= SATURATED_SHARE);
  if (loop === 'closed' && busy.length > 0) {
    out.push(`- ⚠ Closed loop with a server over ${percent(SATURATED_SHARE)} busy in ${busy.map((s) => bold(s.name)).join(', ')}: latencies there are queueing delay; compare throughput, or find each topology's load at an SLO with \`cachetopo capacity\` (open loop).`);
  }
  const overloaded = results.topologies.flatMap((t, i) => {
    const issued = t.replications.reduce((a, r) => a + r.stats.issued, 0);
    const unfinished = t.replications.reduce((a, r) => a + r.stats.unfinished, 0);
    if (loop !== 'open' || issued === 0) return [];
    if (unfinished / issued > OVERLOAD_UNFINISHED_SHARE) return [`${bold(t.name)} (${percent(unfinished / issued)} unfinished at the end)`];
    const thread = threadShare(summaries[i]!);
    if (thread >= OVERLOAD_THREAD_SHARE) return [`${bold(t.name)} (a server thread ${percent(thread)} busy)`];
    const pool = summaries[i]!.busiestResources.find((r) => r.kind === 'pool' && r.share >= OVERLOAD_THREAD_SHARE);
    return pool ? [`${bold(t.name)} (its connection pool ${markdownText(pool.name)} ${percent(pool.share)} in use: requests wait for a connection)`] : [];
  });
  if (overloaded.length > 0) out.push(`- ⚠ Overload: the open loop's arrivals outpace what is served in ${overloaded.join(', ')}; the backlog grows with the run (requests time out, or finish in the drain and count in the throughput), so latencies and throughput there describe the overload.`);
  const thin = summaries.flatMap((s) => s.ops.filter((o) => !isFollowUpName(o.op) && o.count > 0 && o.count < P999_MIN_SAMPLES).map((o) => `${o.op.toUpperCase()} in ${bold(s.name)} (${o.count})`));
  if (thin.length > 0) out.push(`- ⚠ p99.9 rests on fewer than ${P999_MIN_SAMPLES.toLocaleString('en-US')} requests for ${thin.slice(0, 4).join(', ')}${thin.length > 4 ? ' and more' : ''}: read it as the maximum.`);
  const missed = results.topologies.filter((t) => {
    const faults = results.resolved.faults.filter((f) => f.targets.some((x) => x.startsWith(`${t.name}/`))).length;
    return faults > 0 && t.replications.some((r) => r.stats.events.filter((e) => (FAULT_KINDS as readonly string[]).includes(e.kind) && e.node.startsWith(`${t.name}/`)).length < faults);
  });
  if (missed.length > 0) out.push(`- ⚠ A fault of ${missed.map((t) => bold(t.name)).join(', ')} did not happen in every replication.`);
  const unmoved = results.topologies.filter((t) => results.resolved.operations.some((o) => (o.kind === 'reshard' || o.kind === 'rebalance') && operationTopology(o) === t.name)
    && t.replications.some((r) => r.stats.migration.slots === 0));
  if (unmoved.length > 0) out.push(`- ⚠ A reshard or rebalance of ${unmoved.map((t) => bold(t.name)).join(', ')} moved no slot in some replication: compare it as a run without one.`);
  const withEvent = (kind: string, unless: readonly string[] = []) => results.topologies.flatMap((t) => {
    const seen = t.replications.filter((r) => r.stats.events.some((e) => e.kind === kind) && !r.stats.events.some((e) => unless.includes(e.kind))).length;
    return seen > 0 ? [`${bold(t.name)} (${seen} of ${t.replications.length} replication${t.replications.length === 1 ? '' : 's'})`] : [];
  });
  const kept = withEvent('del-node-refused');
  if (kept.length > 0) out.push(`- ⚠ A removeNode was refused in ${kept.join(', ')}, as redis-cli refuses del-node of a node that owns slots: reshard its slots away first (\`del-node-refused\` in timeseries.csv's events).`);
  const stopped = withEvent('migrate-failed');
  if (stopped.length > 0) out.push(`- ⚠ A MIGRATE failed (its timeout, or a target that died) and the cluster tool stopped in ${stopped.join(', ')}: the move is unfinished, its slot left MIGRATING and IMPORTING, the batch in flight possibly on both nodes (\`migrate-failed\` in timeseries.csv's events).`);
  const refused = withEvent('tool-refused');
  if (refused.length > 0) out.push(`- ⚠ A reshard or rebalance was refused before it began in ${refused.join(', ')}, as redis-cli's cluster check refuses it: a slot was open (another move under way, or one cut short) or a source or target was not a primary (\`tool-refused\` in timeseries.csv's events).`);
  const failed = withEvent('tool-failed');
  if (failed.length > 0) out.push(`- ⚠ The cluster tool stopped midway in ${failed.join(', ')}: a node it was talking to died or refused a SETSLOT (a replica); the move is unfinished (\`tool-failed\` in timeseries.csv's events).`);
  const cut = withEvent('tool-unfinished', ['migrate-failed', 'tool-failed']);
  if (cut.length > 0) out.push(`- ⚠ A reshard or rebalance was still moving slots when the run ended in ${cut.join(', ')}: the slots moved are part of the move; a longer duration or drain finishes it (\`tool-unfinished\` in timeseries.csv's events).`);
  return out;
}

/** The verdict's heading: how differences are judged. */
export function verdictHeading(replications: number): string {
  return replications > 1
    ? `**Verdict** (${replications} replications: a difference counts when it exceeds the combined 95 % CI)`
    : '**Verdict** (one replication: no confidence interval, so no difference is tested)';
}

/** The scenario's SLOs (its slo: block): which topologies meet every one (at the pessimistic end of the 95 % CI), and what the others miss. */
function sloLine(results: ScenarioResults): string | null {
  const slos = results.resolved.slo;
  if (slos.length === 0) return null;
  const judged = results.topologies.map((t) => ({ name: t.name, verdicts: slos.map((slo) => judgeSlo(slo, t.replications.map((r) => r.stats))) }));
  const met = judged.filter((j) => j.verdicts.every((v) => v.holds));
  const missed = judged.filter((j) => !j.verdicts.every((v) => v.holds)).map((j) => {
    const first = j.verdicts.find((v) => !v.holds)!;
    return `${bold(j.name)} (\`${first.slo.text}\`: ${sloValueText(first)})`;
  });
  return `- **SLOs** ${slos.map((s) => `\`${s.text}\``).join(', ')}: ${met.length > 0 ? `met by ${met.map((j) => bold(j.name)).join(', ')}` : 'met by none'}${missed.length > 0 ? `; missed by ${missed.join(', ')}` : ''}.`;
}

/** Closed loop: the throughput each topology reached, highest first (what to compare when latencies are the queue). */
function throughputLine(summaries: readonly TopologySummary[], reps: readonly TopologySummary[][]): string | null {
  const ranked = rank(summaries, reps, (s) => -s.all.throughputPerS);
  const show = (x: number) => `${Math.round(-x).toLocaleString('en-US')}/s`;
  if (ranked.length === 0) return null;
  const [best, next] = ranked;
  if (!next) return `- **Throughput**: ${show(best!.value)}.`;
  const ratio = best!.value / next.value;
  const differs = differsBeyondCi(best!.interval, next.interval);
  const clear = differs === null ? '' : differs ? ', beyond the 95 % CIs' : ', inside the 95 % CIs: no clear difference';
  const less = ratio >= 2 ? `${Number(ratio.toPrecision(3))}× less` : `−${Number((100 * (1 - 1 / ratio)).toPrecision(3))} %`;
  return `- **Throughput**: highest ${bold(best!.name)} ${show(best!.value)}; then ${bold(next.name)} ${show(next.value)} (${less}${clear}).`;
}

/** How busy the busiest server thread of each topology was (requests and the work beside them): its headroom, the busiest first, at most 3. */
function headroomLine(summaries: readonly TopologySummary[]): string | null {
  const busy = summaries.filter((s) => threadShare(s) > 0).sort((a, b) => threadShare(b) - threadShare(a));
  if (busy.length === 0) return null;
  const list = busy.slice(0, 3).map((s) => `${bold(s.name)} ${percent(threadShare(s))}`).join(', ');
  return `- **Busiest server thread**: ${list}${busy.length > 3 ? ' and others' : ''}.`;
}

/**
 * Fault to recovery: the first write on the new primary (cluster, Sentinel), the first proxy's eject
 * of the server (its keys move to the others), or else, when requests failed, the fault undone
 * (resume, restart, heal). A topology whose fault failed no request and failed nothing over (a
 * replica's, a sentinel's) had none; one that failed requests and never recovered within the run
 * has none seen.
 */
function unavailabilityLine(summaries: readonly TopologySummary[], reps: readonly TopologySummary[][]): string | null {
  const phase = (s: TopologySummary, name: FailoverPhase) => s.failoverPhases.find((p) => p.phase === name)?.meanS ?? null;
  const failedAny = (s: TopologySummary) => Object.values(s.errors).some((n) => n > 0);
  const moved = (s: TopologySummary) => phase(s, 'firstWrite') ?? phase(s, 'ejected');
  const recovery = (s: TopologySummary) => moved(s) ?? (failedAny(s) ? phase(s, 'back') : null);
  const faulted = summaries.filter((s) => s.failovers.length > 0);
  const harmless = faulted.filter((s) => moved(s) === null && !failedAny(s));
  if (faulted.length === harmless.length) return null;
  const to = [
    ...(summaries.some((s) => phase(s, 'firstWrite') !== null) ? ['first write on the new primary'] : []),
    ...(summaries.some((s) => phase(s, 'ejected') !== null) ? ['a proxy\'s eject'] : []),
    ...(faulted.some((s) => moved(s) === null && recovery(s) !== null) ? ['the node back'] : []),
  ];
  const label = `Unavailability (fault to ${to.length <= 1 ? (to[0] === 'first write on the new primary' ? 'first write' : to[0] ?? 'recovery') : to.join(', or to ')})`;
  const never = faulted.filter((s) => recovery(s) === null && !harmless.includes(s));
  const unranked = [
    ...(never.length === 0 ? [] : [`none seen in ${never.map((s) => bold(s.name)).join(', ')} (no failover, eject or return of the node within the run)`]),
    ...(harmless.length === 0 ? [] : [`none in ${harmless.map((s) => bold(s.name)).join(', ')} (its faults failed no request)`]),
  ].join('; ');
  return rankedLine(label, rank(summaries, reps, recovery), (x) => formatDurationNs(x * 1e9), unranked);
}

export function runVerdict(results: ScenarioResults, summaries: readonly TopologySummary[]): string[] {
  const reps = perReplication(results);
  const closed = results.resolved.workload.arrival.kind === 'closed';
  const ops = [...(summaries[0]?.ops ?? [])].filter((o) => !isFollowUpName(o.op) && o.count > 0).sort((a, b) => b.count - a.count).map((o) => o.op);
  const percentiles = [
    rankedLine('p99, all requests', rank(summaries, reps, (s) => p99Ns(s.all)), formatDurationNs),
    ...(ops.length > 1 ? ops.slice(0, MAIN_OPS).map((op) => rankedLine(`p99, ${op.toUpperCase()}`, rank(summaries, reps, (s) => p99Ns(s.ops.find((o) => o.op === op))), formatDurationNs)) : []),
  ];
  const findings: (string | null)[] = [
    sloLine(results),
    closed ? throughputLine(summaries, reps) : null,
    ...percentiles,
    countLine('Failed requests', rank(summaries, reps, errorShare), percent,
      percentiles.some((l) => l !== null) && summaries.some((s) => errorShare(s) > 0.01) ? ' (the percentiles above count only requests that succeeded)' : '') ?? '- **Failed requests**: none.',
    countLine('Stale reads (share of keys read)', rank(summaries, reps, (s) => s.staleReadRatio), percent),
    countLine('Acknowledged writes lost', rank(summaries, reps, (s) => s.lostWrites), (x) => x.toLocaleString('en-US')),
    unavailabilityLine(summaries, reps),
    headroomLine(summaries),
  ];
  const warned = warnings(results, summaries);
  const lines = findings.filter((l): l is string => l !== null);
  return [...lines.slice(0, Math.max(2, MAX_LINES - warned.length)), ...warned].slice(0, MAX_LINES);
}
