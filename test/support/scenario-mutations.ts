// Test support: mutations of valid scenarios, for the properties and the fuzz campaign that check
// that no input breaks the bad-input contract. Most mutations work on the parsed data (then YAML is
// written back); a few work on the text.

import fc from 'fast-check';

type Path = (string | number)[];

export type DataMutation =
  | { kind: 'delete'; at: number }
  | { kind: 'replace'; at: number; junk: unknown }
  | { kind: 'insertKey'; at: number; key: string; junk: unknown }
  | { kind: 'wrap'; at: number };

export type TextMutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'duplicateLine'; at: number };

const UNITS = ['', ' ', 's', 'ms', 'us', 'µs', 'seconds', 'B', 'KB', 'kilobytes', 'GiB', 'Gbps', 'Gb/s', '/s', 'per second', '%', 'x'];
const quantity = fc.tuple(fc.oneof(fc.integer({ min: -1e6, max: 1e6 }), fc.double()), fc.constantFrom(...UNITS))
  .map(([n, unit]) => `${n}${unit}`);
const scalar = fc.oneof(
  quantity, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 12 }),
  fc.constantFrom('', 'unlimited', 'uniform', 'single', 'allkeys-lru', '1_000_000', '1e400', '-0', 'yes', '~'),
  fc.constantFrom(0, 1, 2 ** 31, 2 ** 32, 2 ** 53 - 1, 1e9, 1e12, 1e15, 1e300),
);
const junk = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('zipf', 'const', 'rate', 'name', 'kind', 'x'), scalar, { maxKeys: 2 }) },
);
const KEYS = ['unknown', 'durration', 'Seed', 'rate', 'connections', 'lognormal', 'zipf', 'kind', 'name', '__proto__', 'constructor', ''];

export const dataMutation: fc.Arbitrary<DataMutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), junk }),
  fc.record({ kind: fc.constant('insertKey' as const), at: fc.nat(), key: fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })), junk }),
  fc.record({ kind: fc.constant('wrap' as const), at: fc.nat() }),
);
const YAML_BITS = [':', ': ', ' ', '\n', '\t', '-', '- ', '{', '}', '[', ']', ',', '#', '&a ', '*a', '!', '!!binary ', '"', "'", '|', '>', '? ', '%', '@', '`', '---\n', '<<: '];
export const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...YAML_BITS), fc.string({ minLength: 1, maxLength: 4 })) }),
  fc.record({ kind: fc.constant('duplicateLine' as const), at: fc.nat() }),
);

/** `arb` in a third of the cases, else null: most runs mutate the data only. */
export const sometimes = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function pathsOf(value: unknown, path: Path = []): Path[] {
  const children: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : isRecord(value) ? Object.entries(value) : [];
  return [path, ...children.flatMap(([key, child]) => pathsOf(child, [...path, key]))];
}

/** Applies `m` to `root` (in place) and returns the new root. */
export function mutateData(root: unknown, m: DataMutation): unknown {
  const paths = pathsOf(root);
  const path = paths[m.at % paths.length]!;
  if (path.length === 0) return m.kind === 'delete' ? root : changed(root, m);
  const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root) as
    Record<string | number, unknown>;
  const key = path[path.length - 1]!;
  if (m.kind !== 'delete') parent[key] = changed(parent[key], m);
  else if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete parent[key];
  return root;
}

function changed(value: unknown, m: Exclude<DataMutation, { kind: 'delete' }>): unknown {
  if (m.kind === 'replace') return m.junk;
  if (m.kind === 'wrap') return [value];
  // defineProperty, so that "__proto__" becomes a key rather than the prototype.
  return isRecord(value) ? Object.defineProperty(value, m.key, { value: m.junk, enumerable: true, writable: true, configurable: true }) : value;
}

export function mutateText(text: string, m: TextMutation): string {
  if (m.kind === 'truncate') return text.slice(0, m.at % (text.length + 1));
  if (m.kind === 'insert') {
    const at = m.at % (text.length + 1);
    return text.slice(0, at) + m.text + text.slice(at);
  }
  const lines = text.split('\n');
  const at = m.at % lines.length;
  return [...lines.slice(0, at + 1), ...lines.slice(at)].join('\n');
}
