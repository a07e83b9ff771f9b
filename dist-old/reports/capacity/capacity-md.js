// report.md of a capacity search: the verdict first (each topology's highest rate meeting the SLOs,
// best first, how the best compares with the next, what limits each), then the table, then every
// probe of every search with its SLO values, so the verdict can be checked line by line.
import { markdownProse, markdownTable, markdownText } from '../markdown-table.js';
import { sloValueText } from '../slo/slo.js';
/** An SLO as written, in a code span (parseSlo admits no backtick). */
const code = (slo) => `\`${slo}\``;
const rate = (r) => (r === null ? '—' : `${r.toLocaleString('en-US')}/s`);
const capacityOf = (t) => {
    if (t.maxRatePerS === null)
        return `fails even at ${rate(t.failedRatePerS)}`;
    if (t.failedRatePerS === null)
        return `${rate(t.maxRatePerS)} or more (the highest rate searched)`;
    return `${rate(t.maxRatePerS)} (fails at ${rate(t.failedRatePerS)})`;
};
/** The verdict lines: 3 to 8 short lines. */
export function capacityVerdict(s) {
    const ranked = [...s.topologies].sort((a, b) => (b.maxRatePerS ?? 0) - (a.maxRatePerS ?? 0));
    const judged = s.replications > 1 ? `the pessimistic end of each probe's 95 % CI over ${s.replications} replications` : 'one replication: no interval';
    const lines = [`Highest arrival rate meeting ${s.slos.map(code).join(' and ')}, to ${Number((100 * s.precision).toPrecision(3))} % (${judged}):`];
    for (const t of ranked.slice(0, 6))
        lines.push(`- **${markdownText(t.name)}**: ${capacityOf(t)}; limit: ${t.limit}.`);
    const [best, next] = ranked;
    if (best && next && best.maxRatePerS !== null) {
        const overlap = next.failedRatePerS === null || best.maxRatePerS < next.failedRatePerS;
        lines.push(overlap || next.maxRatePerS === null
            ? (next.maxRatePerS === null ? `**${markdownText(best.name)}** is the only one that meets them at any rate searched.` : `No clear difference between **${markdownText(best.name)}** and **${markdownText(next.name)}** at this precision.`)
            : `**${markdownText(best.name)}** sustains ${(best.maxRatePerS / next.maxRatePerS).toFixed(2)}× the load of **${markdownText(next.name)}**.`);
    }
    return lines;
}
export function capacityMarkdown(s, plots) {
    const parts = [
        `# ${markdownText(s.scenario.name)}: capacity`, '', markdownProse(s.scenario.description), '',
        ...capacityVerdict(s), '',
        markdownTable(['topology', 'kind', 'highest rate meeting the SLOs', 'lowest rate failing', ...s.slos.map((x) => `${code(x)} at the highest`), 'limit'], s.topologies.map((t) => {
            const at = t.probes.find((p) => p.ratePerS === t.maxRatePerS);
            return [markdownText(t.name), t.kind, rate(t.maxRatePerS), rate(t.failedRatePerS), ...s.slos.map((_, i) => (at ? sloValueText(at.verdicts[i]) : '—')), t.limit];
        })),
        '',
        `Seed ${s.seed}; each probe runs ${s.replications} replication(s) with the same seeds at every rate. Rates are probed by doubling or halving from the scenario's rate, then by bisection.`,
        '', ...plots.map((file) => `![${file}](${file})`), '',
    ];
    for (const t of s.topologies) {
        parts.push(`## ${markdownText(t.name)} (${t.kind}): probes in search order`, '', markdownTable(['rate', 'SLOs', ...s.slos.map(code), 'busiest server CPU', 'busiest resource'], t.probes.map((p) => [rate(p.ratePerS), p.passed ? 'met' : 'missed', ...p.verdicts.map(sloValueText), `${(100 * p.busiestServerCpu).toFixed(1)} %`,
            p.busiest ? `${markdownText(p.busiest.label)} ${(100 * p.busiest.share).toFixed(1)} %` : '–'])), '');
    }
    return `${parts.join('\n').trimEnd()}\n`;
}
//# sourceMappingURL=capacity-md.js.map