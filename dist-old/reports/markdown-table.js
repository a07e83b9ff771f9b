// A Markdown table: the first column left-aligned (labels), the others right-aligned (numbers).
// A cell's `|` and line breaks cannot break the table; text a scenario gives (names, labels, error
// messages) goes through markdownText where it is put in, so a report shows it as written and
// runs nothing when rendered as HTML.
const HTML = { '<': '&lt;', '>': '&gt;', '&': '&amp;' };
/** `text` as literal Markdown text: HTML specials as entities, Markdown's inline specials backslashed, one line. */
export function markdownText(text) {
    return text.replace(/[<>&]/g, (c) => HTML[c]).replace(/[\\`*_[\]|#]/g, '\\$&').replace(/\s*[\r\n]+\s*/g, ' ');
}
/** Prose a person wrote (a scenario's description): its Markdown kept, its HTML shown as text. */
export function markdownProse(text) {
    return text.replace(/[<>&]/g, (c) => HTML[c]);
}
export function markdownTable(header, rows) {
    const cell = (text) => text.replace(/(?<!\\)\|/g, '\\|').replace(/\s*[\r\n]+\s*/g, ' ');
    const line = (cells) => `| ${cells.map(cell).join(' | ')} |`;
    return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}
//# sourceMappingURL=markdown-table.js.map