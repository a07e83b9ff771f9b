// Where a field of a YAML document stands: maps a field path to its line and column.
import { isMap, isNode, isScalar, isSeq, LineCounter } from 'yaml';
/** The position of the node at `path` (or of its nearest existing ancestor); for `key`, the key's own position. */
export function positionOf(doc, lines, path, key) {
    let node = doc.contents;
    let offset = node?.range?.[0] ?? 0;
    for (const segment of [...path, ...(key === undefined ? [] : [key])]) {
        let next = null;
        if (isMap(node)) {
            const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
            if (pair) {
                if (segment === key && isScalar(pair.key) && pair.key.range)
                    offset = pair.key.range[0];
                next = pair.value ?? null;
                if (!next && isScalar(pair.key) && pair.key.range)
                    offset = pair.key.range[0];
            }
        }
        else if (isSeq(node) && typeof segment === 'number') {
            next = node.items[segment] ?? null;
        }
        if (!next)
            break;
        node = next;
        if (node.range && segment !== key)
            offset = node.range[0];
    }
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
}
/** The path of the deepest field whose key or value text spans `offset` (names the field of a YAML problem found by offset). */
export function fieldPathAt(doc, offset) {
    const spans = (start, end) => start !== undefined && end !== undefined && start <= offset && offset < end;
    const path = [];
    let node = doc.contents;
    while (isMap(node) || isSeq(node)) {
        if (isMap(node)) {
            const pair = node.items.find((p) => isScalar(p.key) && spans(p.key.range?.[0], (isNode(p.value) ? p.value : p.key).range?.[1]));
            if (!pair)
                break;
            path.push(String(pair.key.value));
            node = pair.value;
        }
        else {
            const index = node.items.findIndex((item) => isNode(item) && spans(item.range?.[0], item.range?.[1]));
            if (index < 0)
                break;
            path.push(index);
            node = node.items[index];
        }
    }
    return path;
}
//# sourceMappingURL=source-map.js.map