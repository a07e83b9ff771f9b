// `--set path=value`: overrides one field of a parsed scenario before validation.
// Segments are keys, array indexes, or (in an array of named entries) an entry's `name`.

import { parse as parseYamlScalar } from 'yaml';

export class SetPathError extends Error {}

/** Returns a copy of `data` with the field at dotted `path` set to `valueText` (read as a YAML scalar). */
export function setPath(data: unknown, path: string, valueText: string): unknown {
  const segments = path.split('.').filter((s) => s !== '');
  if (segments.length === 0) throw new SetPathError(`--set needs path=value, got "${path}"`);
  const root = structuredClone(data ?? {}) as Record<string, unknown>;
  let node: unknown = root;
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    const container = node as Record<string, unknown> | unknown[];
    if (typeof container !== 'object' || container === null) {
      throw new SetPathError(`--set ${path}: "${segments.slice(0, i).join('.')}" is not a mapping or list`);
    }
    let key: string | number = segment;
    if (Array.isArray(container)) {
      const index = /^\d+$/.test(segment) ? Number(segment) : container.findIndex((e) => (e as { name?: unknown })?.name === segment);
      if (index < 0 || index >= container.length) {
        const names = container.map((e) => (e as { name?: unknown })?.name).filter((n) => n !== undefined).join(', ');
        throw new SetPathError(`--set ${path}: no entry "${segment}" (entries: ${names || 'none'})`);
      }
      key = index;
    }
    const rec = container as Record<string | number, unknown>;
    if (last) rec[key] = parseYamlScalar(valueText);
    else {
      if (rec[key] === undefined) rec[key] = {};
      node = rec[key];
    }
  });
  return root;
}
