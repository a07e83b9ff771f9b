// The verdict at the top of `cachetopo compare`'s report: how many metrics moved beyond the combined
// 95 % CI and which moved most (by |change| in %, a change from 0 first), how many stayed inside it, how many could not be
// judged for lack of replications, whether the pairs may not be like for like (other scenarios, other
// kinds), and what is in one folder only. 3 to 9 lines.

import { markdownText } from '../markdown-table.js';
import { fmt } from '../sweep/sweep-md.js';
import { NO_CI, type Comparison, type MetricComparison } from './compare-folders.js';

const SHOWN = 4;

const where = (r: MetricComparison) => `${r.point === '' ? '' : `${markdownText(r.point)} / `}**${markdownText(r.topology)}**`;
const change = (r: MetricComparison) => (r.diffPct === null ? `${r.diff >= 0 ? '+' : ''}${fmt(r.diff)} ${r.unit}` : `${r.diffPct >= 0 ? '+' : ''}${r.diffPct.toFixed(1)} %`);

/** How much a metric moved, relatively: a change from 0 (failures that appear) is larger than any percentage. */
const size = (r: MetricComparison) => (r.diffPct === null ? (r.diff === 0 ? 0 : Infinity) : Math.abs(r.diffPct));

export function compareVerdict(c: Comparison): string[] {
  const moved = c.rows.filter((r) => r.verdict === 'significant').sort((a, b) => size(b) - size(a));
  const inside = c.rows.filter((r) => r.verdict === 'within CI').length;
  const unjudged = c.rows.filter((r) => r.verdict === NO_CI).length;
  const lines = [`- **Beyond the combined 95 % CI**: ${moved.length} of ${c.rows.length} metric(s) differ from A to B.`];
  for (const r of moved.slice(0, SHOWN)) lines.push(`- ${where(r)} ${r.metric}: ${fmt(r.a.mean)} → ${fmt(r.b.mean)} ${r.unit} (${change(r)}).`);
  const largest = c.rows.filter((r) => r.verdict !== 'significant' && r.diffPct !== null).sort((a, b) => Math.abs(b.diffPct!) - Math.abs(a.diffPct!))[0];
  if (moved.length === 0 && largest) lines.push(`- The largest change, ${where(largest)} ${largest.metric} (${change(largest)}), is ${largest.verdict === NO_CI ? 'not judged: no interval' : 'inside the combined CI'}.`);
  lines.push(`- **No clear difference** for ${inside} metric(s); ${unjudged > 0 ? `${unjudged} could not be judged (one replication on a side: no interval)` : 'every metric had an interval'}.`);
  if (c.mismatches.length > 0) lines.push(`- ⚠ Paired by name, but ${c.mismatches.map(markdownText).join('; ')}: read the differences with that in mind.`);
  if (c.onlyInA.length + c.onlyInB.length > 0) lines.push(`- ⚠ Not compared: ${c.onlyInA.length} in A only, ${c.onlyInB.length} in B only (listed at the end).`);
  return lines;
}
