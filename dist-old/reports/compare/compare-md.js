// The comparison as markdown: the verdict (compare-verdict.ts), then one table per sweep point (one for a run), a row per topology × metric
// with A and B ("mean ± 95 % CI half-width"), B − A, the change in % and the verdict.
import { markdownTable, markdownText } from '../markdown-table.js';
import { fmt, statsCell } from '../sweep/sweep-md.js';
import { compareVerdict } from './compare-verdict.js';
function verdictCell(r) {
    if (r.verdict === 'significant')
        return `**yes** (> ${fmt(r.combinedHalfWidth)})`;
    if (r.verdict === 'within CI')
        return `no (≤ ${fmt(r.combinedHalfWidth)})`;
    return r.verdict;
}
function row(r) {
    const pct = r.diffPct === null ? '–' : `${r.diffPct >= 0 ? '+' : ''}${r.diffPct.toFixed(1)} %`;
    return [markdownText(r.topology), `${r.metric} (${r.unit})`, statsCell(r.a), statsCell(r.b), `${r.diff >= 0 ? '+' : ''}${fmt(r.diff)}`, pct, verdictCell(r)];
}
export function compareMarkdown(c) {
    const parts = [
        `# compare: A = ${markdownText(c.a)}, B = ${markdownText(c.b)} (${c.kind === 'run' ? 'runs' : 'sweeps'})`,
        'A and B: mean over replications ± half-width of its 95 % confidence interval (Student t). ' +
            '"exceeds CI": |B − A| > √(hw A² + hw B²), the combined half-width shown in brackets.',
        ['**Verdict**', ...compareVerdict(c)].join('\n'),
    ];
    const header = ['topology', 'metric', 'A', 'B', 'B − A', 'change', 'exceeds CI'];
    for (const point of [...new Set(c.rows.map((r) => r.point))]) {
        if (point !== '')
            parts.push(`## ${markdownText(point)}`);
        parts.push(markdownTable(header, c.rows.filter((r) => r.point === point).map(row)));
    }
    if (c.rows.length === 0)
        parts.push('Nothing to compare: no topology (and point) has the same name in both folders.');
    if (c.onlyInA.length > 0)
        parts.push(`Only in A: ${c.onlyInA.join(', ')}`);
    if (c.onlyInB.length > 0)
        parts.push(`Only in B: ${c.onlyInB.join(', ')}`);
    return `${parts.join('\n\n')}\n`;
}
//# sourceMappingURL=compare-md.js.map