// `--set path=value`: overrides one field of a parsed scenario before validation.
// Segments are keys, array indexes, or (in an array of named entries) an entry's `name`. The value
// is one YAML node (a scalar, or a flow collection like `[1s, 5s]`) without anchors, aliases or tags
// that build objects; `__proto__`, `constructor` and `prototype` are never path segments.
import { isAlias, isNode, parseDocument, visit } from 'yaml';
export class SetPathError extends Error {
}
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);
/** The YAML text after `=` as plain data, or a SetPathError saying what is wrong with it. */
export function parseSetValue(valueText) {
    const doc = parseDocument(valueText, { prettyErrors: false, strict: true, uniqueKeys: true, logLevel: 'error' });
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem)
        throw new SetPathError(`invalid YAML value: ${problem.message.split('\n')[0]}`);
    let reference = '';
    visit(doc, (_key, node) => {
        if (isAlias(node))
            reference = `alias *${node.source}`;
        else if (isNode(node) && node.anchor)
            reference = `anchor &${node.anchor}`;
        return reference === '' ? undefined : visit.BREAK;
    });
    if (reference !== '')
        throw new SetPathError(`expected a plain value, got an ${reference} (anchors and aliases are for the file)`);
    return doc.toJS({ maxAliasCount: 0 });
}
/**
 * Returns a copy of `data` with the field at dotted `path` set to `valueText` (read as YAML), and the
 * field's path with list entries resolved to indexes.
 */
export function setPath(data, path, valueText) {
    const segments = path.split('.').filter((s) => s !== '');
    if (segments.length === 0)
        throw new SetPathError(`--set needs path=value, got "${path}"`);
    const forbidden = segments.find((s) => FORBIDDEN_SEGMENTS.has(s));
    if (forbidden !== undefined)
        throw new SetPathError(`"${forbidden}" is not a field of a scenario`);
    const value = parseSetValue(valueText);
    const root = structuredClone(data ?? {});
    const resolved = [];
    let node = root;
    segments.forEach((segment, i) => {
        const last = i === segments.length - 1;
        const container = node;
        if (typeof container !== 'object' || container === null) {
            throw new SetPathError(`"${segments.slice(0, i).join('.')}" is not a mapping or list`);
        }
        let key = segment;
        if (Array.isArray(container)) {
            const index = /^\d+$/.test(segment) ? Number(segment) : container.findIndex((e) => e?.name === segment);
            if (index < 0 || index >= container.length) {
                const names = container.map((e) => e?.name).filter((n) => n !== undefined).join(', ');
                throw new SetPathError(`no entry "${segment}" (entries: ${names || 'none'})`);
            }
            key = index;
        }
        resolved.push(key);
        const rec = container;
        if (last)
            rec[key] = value;
        else {
            if (!Object.hasOwn(rec, key) || rec[key] === undefined)
                rec[key] = {};
            node = rec[key];
        }
    });
    return { data: root, resolved };
}
//# sourceMappingURL=set-path.js.map