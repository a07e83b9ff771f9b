// JSON records that carry the SHA-256 of their own text, so a stored result damaged in a way that
// still parses (one character of an encoded histogram changed, a list emptied, the seal removed) is
// found on reading and redone, instead of failing the report later (exit 1) or silently dropping a
// point. Records written before seals existed belong to results format 2, which is not reused.

import { createHash } from 'node:crypto';

const digestOf = (text: string) => createHash('sha256').update(text).digest('hex');

/** `body` as one line of JSON, its digest first. */
export function sealJson(body: object): string {
  return `${JSON.stringify({ sha256: digestOf(JSON.stringify(body)), ...body })}\n`;
}

/** The record sealed in `text` (without its digest), or null if it has no digest or one that does not match it; throws if `text` is not JSON. */
export function unsealJson(text: string): unknown {
  const parsed = JSON.parse(text) as unknown;
  if (parsed === null || typeof parsed !== 'object' || !('sha256' in parsed)) return null;
  const { sha256, ...body } = parsed as { sha256: unknown };
  return sha256 === digestOf(JSON.stringify(body)) ? body : null;
}
