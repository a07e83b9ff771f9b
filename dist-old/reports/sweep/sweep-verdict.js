// The verdict at the top of a sweep's report.md (3 to 8 lines): for p99 (and throughput in a
// closed loop), which topology is lowest at how many points, and at how many of them beyond the
// combined 95 % CI of the next one (the rule of `cachetopo compare`); where requests failed and the
// worst case; how the p99 of each topology (at most 4) moves from the first point to the last;
// warnings for failed runs and for a closed loop whose busiest server is over 90 % busy somewhere
// (latencies there are queueing delay).
import { formatDurationNs } from '../format-duration.js';
import { markdownText } from '../markdown-table.js';
import { differsBeyondCi } from '../stats/replication-interval.js';
import { SATURATED_SHARE } from '../resource-shares.js';
const MAX_LINES = 8;
const TOPOLOGIES_TRACED = 4;
const bold = (name) => `**${markdownText(name)}**`;
const clearly = (a, b) => differsBeyondCi(a, b) === true;
/** Who is lowest on `metric` at how many points, and how often beyond the CIs. */
function winsLine(s, metric, label) {
    const wins = new Map();
    for (const p of s.points) {
        const ranked = p.topologies.flatMap((t) => (t.metrics[metric] ? [{ name: t.name, st: t.metrics[metric] }] : [])).sort((a, b) => a.st.mean - b.st.mean);
        if (ranked.length < 2)
            continue;
        const w = wins.get(ranked[0].name) ?? { points: 0, clear: 0 };
        w.points++;
        if (clearly(ranked[0].st, ranked[1].st))
            w.clear++;
        wins.set(ranked[0].name, w);
    }
    if (wins.size === 0)
        return null;
    const total = [...wins.values()].reduce((a, w) => a + w.points, 0);
    const list = [...wins].sort((a, b) => b[1].points - a[1].points)
        .map(([name, w]) => `${bold(name)} at ${w.points} of ${total} point(s)${s.replications > 1 ? ` (beyond the 95 % CIs at ${w.clear})` : ''}`);
    return `- **Lowest ${label}**: ${list.join('; ')}.`;
}
/** At how many points any request failed, and the worst topology and point. */
function errorsLine(s) {
    const failing = s.points.flatMap((p) => p.topologies.flatMap((t) => ((t.metrics.errors?.mean ?? 0) > 0 ? [{ point: p, name: t.name, n: t.metrics.errors.mean }] : [])));
    if (failing.length === 0)
        return '- **Failed requests**: none at any point.';
    const worst = failing.reduce((a, b) => (b.n > a.n ? b : a));
    const points = new Set(failing.map((f) => f.point.index)).size;
    return `- **Failed requests** at ${points} of ${s.points.length} point(s); the most: ${bold(worst.name)}, ${Math.round(worst.n).toLocaleString('en-US')} per replication at \`${markdownText(worst.point.label)}\`.`;
}
/** How each topology's p99 moves from the first point to the last. */
function traceLines(s) {
    const first = s.points[0];
    const last = s.points.at(-1);
    if (!first || !last || first === last)
        return [];
    return first.topologies.slice(0, TOPOLOGIES_TRACED).flatMap((t, i) => {
        const a = t.metrics.p99;
        const b = last.topologies[i]?.metrics.p99;
        if (!a || !b)
            return [];
        return [`- ${bold(t.name)}: p99 ${formatDurationNs(a.mean * 1e6)} at \`${markdownText(first.label)}\`, ${formatDurationNs(b.mean * 1e6)} at \`${markdownText(last.label)}\`.`];
    });
}
export function sweepVerdict(s, closedLoop) {
    const warnings = [];
    if (s.failed.length > 0)
        warnings.push(`- ⚠ ${s.failed.length} run(s) failed (listed at the end); their points are missing from every table.`);
    const busy = s.points.filter((p) => p.topologies.some((t) => (t.metrics.busiest_server_utilization?.mean ?? 0) >= SATURATED_SHARE));
    if (closedLoop && busy.length > 0) {
        warnings.push(`- ⚠ Closed loop with a server over 90 % busy at ${busy.length} of ${s.points.length} point(s): latencies there are queueing delay; compare throughput, or run \`cachetopo capacity\` (open loop).`);
    }
    const findings = [
        winsLine(s, 'p99', 'p99'),
        closedLoop ? winsLine(s, 'throughput', 'throughput (the lowest is the worst here)') : null,
        errorsLine(s),
        ...traceLines(s),
    ].filter((l) => l !== null);
    return [...findings.slice(0, Math.max(2, MAX_LINES - warnings.length)), ...warnings].slice(0, MAX_LINES);
}
//# sourceMappingURL=sweep-verdict.js.map