// Turns a YAML text into validated data, or a ScenarioError naming file, line, field, the bad value
// and what was expected. Generic: the schema comes from the caller (sim/ knows no models).

import { CST, isMap, isScalar, LineCounter, Parser, parseDocument, visit, type Document } from 'yaml';
import type { z } from 'zod';
import { formatFieldPath, ScenarioError, type ScenarioIssue } from './scenario-error.js';
import type { ScenarioSource } from './scenario-source.js';
import { fieldPathAt } from './source-map.js';

type ZodIssue = z.core.$ZodIssue;

/** Parses YAML text (JSON is YAML) into plain data, or throws a ScenarioError with the YAML error's position. */
export function parseYaml(text: string, file: string): { data: unknown; doc: Document; lines: LineCounter } {
  const lines = new LineCounter();
  // merge: YAML merge keys (<<: *anchor) let topologies share blocks.
  // logLevel 'error': a mapping key that is a collection becomes an unknown-key issue, not a warning on stderr.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true, merge: true, logLevel: 'error' });
  const invalid = (offset: number, field: string, message: string): ScenarioIssue => {
    const pos = lines.linePos(offset);
    return { file, line: pos.line, column: pos.col, field, message: `invalid YAML: ${message}` };
  };
  const fieldAt = (offset: number) => formatFieldPath(fieldPathAt(doc, offset));
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    // Past a syntax error the document's structure is a guess, so only a duplicate key names its field.
    throw new ScenarioError(problems.map((e) => {
      const offset = e.code === 'MISSING_CHAR' && /quote/.test(e.message) ? unclosedQuoteStart(text, e.pos[0]) : e.pos[0];
      // The parser's own words for several documents advise its programmer; the user needs the rule.
      const message = e.code === 'MULTIPLE_DOCS' ? 'a second document starts here ("---"): a file holds one document' : e.message.split('\n')[0]!;
      return invalid(offset, e.code === 'DUPLICATE_KEY' ? fieldAt(e.pos[0]) : '', message);
    }));
  }
  const structural = [...aliasProblems(doc), ...complexKeys(doc)];
  if (structural.length > 0) {
    throw new ScenarioError(structural.map(({ offset, message }) => invalid(offset, fieldAt(offset), message)));
  }
  try {
    return { data: doc.toJS({ maxAliasCount: 100 }), doc, lines };
  } catch (error) {
    // What toJS still rejects (too many aliases, a merge of a non-mapping) has no position.
    if (!(error instanceof Error)) throw error;
    throw new ScenarioError([{ file, line: 0, column: 0, field: '', message: `invalid YAML: ${error.message.split('\n')[0]}` }]);
  }
}

/** Where the quoted scalar that runs to `endOffset` without its closing quote opens (the parser reports where the text ended). */
function unclosedQuoteStart(text: string, endOffset: number): number {
  let start = endOffset;
  for (const token of new Parser().parse(text)) {
    if (token.type !== 'document') continue;
    CST.visit(token, (item) => {
      for (const node of [item.key, item.value]) {
        const quoted = node?.type === 'double-quoted-scalar' || node?.type === 'single-quoted-scalar';
        if (quoted && node.offset < endOffset && endOffset <= node.offset + node.source.length) start = node.offset;
      }
    });
  }
  return start;
}

/** Aliases that cannot become plain data: with no anchor before them, or inside the node they repeat (a cycle). */
function aliasProblems(doc: Document): { offset: number; message: string }[] {
  const found: { offset: number; message: string }[] = [];
  visit(doc, {
    Alias: (_key, alias) => {
      const target = alias.resolve(doc);
      const [start = 0, end = 0] = alias.range ?? [];
      if (!target) found.push({ offset: start, message: `alias *${alias.source} has no anchor &${alias.source} before it` });
      else if (target.range && target.range[0] <= start && end <= target.range[1]) {
        found.push({ offset: start, message: `alias *${alias.source} is inside the node it repeats` });
      }
    },
  });
  return found;
}

/** Mapping keys that are not plain scalars (`? [a, b]`, `{a: 1}: x`): no scenario field has such a name. */
function complexKeys(doc: Document): { offset: number; message: string }[] {
  const found: { offset: number; message: string }[] = [];
  visit(doc, {
    Map: (_key, map) => {
      if (!isMap(map)) return;
      for (const pair of map.items) {
        if (pair.key !== null && !isScalar(pair.key)) {
          const node = pair.key as { range?: [number, number, number] };
          found.push({ offset: node.range?.[0] ?? map.range?.[0] ?? 0, message: 'a mapping key must be a plain name, not a list or a mapping' });
        }
      }
    },
  });
  return found;
}

/** Validates `data` against `schema`; every issue is located by `source` (in the file, or at the flag that wrote the field). */
export function validateDocument<S extends z.ZodType>(schema: S, data: unknown, source: ScenarioSource): z.output<S> {
  const result = schema.safeParse(data, { error: plainWording });
  if (result.success) return result.data;
  const issues = flattenIssues(result.error.issues, []).map((issue): ScenarioIssue => {
    const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    return source.issue(issue.path, describeIssue(issue, data), key);
  });
  throw new ScenarioError(dedupe(issues));
}

/** Replaces a union's issue by the issues of the branch that matched deepest, when one got past the root. */
function flattenIssues(issues: readonly ZodIssue[], prefix: readonly PropertyKey[]): ZodIssue[] {
  return issues.flatMap((issue): ZodIssue[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [{ ...issue, path } as ZodIssue];
    const depth = (branch: readonly ZodIssue[]) => Math.min(...branch.map((i) => i.path.length));
    const best = issue.errors.reduce((a, b) => (depth(b) > depth(a) ? b : a));
    if (depth(best) === 0) return [{ ...issue, path } as ZodIssue];
    return flattenIssues(best, path);
  });
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string', number: 'a number', int: 'a whole number', boolean: 'true or false', array: 'a list', object: 'a mapping',
};

/** Zod's default wording for a wrong type or size, in the scenario's terms (schemas' own messages take precedence). */
function plainWording(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type') return `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
  if (issue.code !== 'too_small' && issue.code !== 'too_big') return undefined;
  const what = issue.origin === 'array' ? 'a list of length' : issue.origin === 'string' ? 'a text of length' : 'a number';
  const bound = issue.code === 'too_small' ? `${issue.inclusive ? '≥' : '>'} ${issue.minimum}` : `${issue.inclusive ? '≤' : '<'} ${issue.maximum}`;
  return `expected ${what} ${bound}`;
}

/** The message, followed by the value as the file wrote it (not as parsed: "2s", not 2000000000). */
function describeIssue(issue: ZodIssue, data: unknown): string {
  if (issue.code === 'unrecognized_keys') return issue.message;
  const written = valueAt(data, issue.path);
  if (written === undefined) return issue.code === 'invalid_type' ? `required field is missing (${issue.message})` : issue.message;
  const shown = showValue(written);
  const alreadyShown = issue.message.includes(', got ') || (typeof written === 'string' && issue.message.includes(shown));
  return alreadyShown ? issue.message : `${issue.message}, got ${shown}`;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((node, segment) =>
    (typeof node === 'object' && node !== null && Object.hasOwn(node, segment) ? (node as Record<PropertyKey, unknown>)[segment] : undefined), data);
}

function showValue(value: unknown): string {
  const text = typeof value === 'number' ? String(value) : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function dedupe(issues: ScenarioIssue[]): ScenarioIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.flag ?? ''}:${i.line}:${i.field}:${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
