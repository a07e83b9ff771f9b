// Turns a YAML text into validated data, or a ScenarioError naming file, line, field, the bad value
// and what was expected. Generic: the schema comes from the caller (sim/ knows no models).

import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { formatFieldPath, ScenarioError, type ScenarioIssue } from './scenario-error.js';
import { fieldPathAt, positionOf } from './source-map.js';

type ZodIssue = z.core.$ZodIssue;

/** Parses YAML text (JSON is YAML) into plain data, or throws a ScenarioError with the YAML error's position. */
export function parseYaml(text: string, file: string): { data: unknown; doc: Document; lines: LineCounter } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true });
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    throw new ScenarioError(problems.map((e) => {
      const pos = lines.linePos(e.pos[0]);
      // Past a syntax error the document's structure is a guess, so only a duplicate key names its field.
      const field = e.code === 'DUPLICATE_KEY' ? formatFieldPath(fieldPathAt(doc, e.pos[0])) : '';
      return { file, line: pos.line, column: pos.col, field, message: `invalid YAML: ${e.message.split('\n')[0]}` };
    }));
  }
  const data = doc.toJS({ maxAliasCount: 100 });
  return { data, doc, lines };
}

/** Validates `data` (parsed from `doc`) against `schema`; every issue is located in the YAML text. */
export function validateDocument<S extends z.ZodType>(
  schema: S, data: unknown, file: string, doc?: Document, lines?: LineCounter,
): z.output<S> {
  const result = schema.safeParse(data, { error: expectedType });
  if (result.success) return result.data;
  const issues = flattenIssues(result.error.issues, []).map((issue): ScenarioIssue => {
    const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const pos = doc && lines ? positionOf(doc, lines, issue.path, key) : { line: 0, column: 0 };
    return {
      file, line: pos.line, column: pos.column,
      field: formatFieldPath(key === undefined ? issue.path : [...issue.path, key]),
      message: describeIssue(issue, data),
    };
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

/** Zod's default wording for a wrong type, in the scenario's terms (schemas' own messages take precedence). */
function expectedType(issue: z.core.$ZodRawIssue): string | undefined {
  return issue.code === 'invalid_type' ? `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}` : undefined;
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
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function dedupe(issues: ScenarioIssue[]): ScenarioIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.line}:${i.field}:${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
