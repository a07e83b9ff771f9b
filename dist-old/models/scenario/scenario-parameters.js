// Every scenario parameter as a flat list (path, type, default as written, description), walked
// from the JSON Schema of scenario files, so `cachetopo list` and docs/scenario-reference.md never
// drift from the declarations. Paths: dotted keys, `[]` for list entries, `{kind: x}` for one
// variant of a list of alternatives (topologies).
function typeOf(s) {
    if (s['x-quantity'])
        return s['x-quantity'];
    if (s.enum)
        return 'enum';
    if (s.const !== undefined)
        return JSON.stringify(s.const);
    const variants = s.oneOf ?? s.anyOf;
    if (variants) {
        const quantity = variants.find((v) => v['x-quantity'])?.['x-quantity'];
        if (quantity && variants.length > 2)
            return `${quantity} or distribution`;
        return [...new Set(variants.map(typeOf))].join(' or ');
    }
    if (Array.isArray(s.type))
        return s.type.join(' or ');
    if (s.type === 'array' && s.items)
        return `list of ${typeOf(s.items)}`;
    return s.type ?? 'any';
}
/** A variant of a union as a person writes it: `"uniform"`, `{rate, process}`. */
function variantShape(v) {
    return v.properties ? `{${Object.keys(v.properties).join(', ')}}` : typeOf(v);
}
/**
 * With `alternatives`, a union of object shapes (e.g. open or closed arrivals, the fault kinds) is
 * listed as a group naming its shapes, then the fields of every shape (each path once).
 */
export function parameterEntries(schema, path = '', out = [], required = true, alternatives = false) {
    const variants = schema.oneOf ?? schema.anyOf;
    const group = (p) => out.push({ path: p, group: true, type: typeOf(schema), default: schema.default, required, description: schema.description ?? '' });
    if (schema.properties) {
        if (schema.description && path !== '')
            group(path);
        for (const [key, child] of Object.entries(schema.properties)) {
            parameterEntries(child, path === '' ? key : `${path}.${key}`, out, schema.required?.includes(key) ?? false, alternatives);
        }
        return out;
    }
    if (schema.items?.properties || schema.items?.oneOf || schema.items?.anyOf) {
        if (schema.description)
            group(`${path}[]`);
        return parameterEntries(schema.items, `${path}[]`, out, true, alternatives);
    }
    if (variants && variants.some((v) => v.properties?.kind?.const !== undefined)) {
        for (const v of variants)
            parameterEntries(v, `${path}{kind: ${String(v.properties.kind.const)}}`, out, true, alternatives);
        return out;
    }
    if (alternatives && variants && variants.some((v) => v.properties) && !variants.some((v) => v['x-quantity'])) {
        const shapes = variants.map(variantShape);
        const list = out.at(-1)?.path === path ? out.pop() : undefined;
        const description = list?.description ?? schema.description;
        out.push({
            path, group: true, type: `${list ? 'list of ' : ''}${shapes.join(' or ')}`, default: list?.default ?? schema.default, required,
            description: `${description ? `${description}; ` : ''}one of: ${shapes.join(' | ')}`,
        });
        const seen = new Set(out.map((e) => e.path));
        for (const v of variants.filter((x) => x.properties)) {
            for (const e of parameterEntries(v, path, [], true, true)) {
                if (!seen.has(e.path))
                    out.push(e);
                seen.add(e.path);
            }
        }
        return out;
    }
    out.push({
        path, group: false, type: typeOf(schema), default: schema.default, required,
        ...(schema.enum ? { values: schema.enum } : {}), description: schema.description ?? '',
    });
    return out;
}
//# sourceMappingURL=scenario-parameters.js.map