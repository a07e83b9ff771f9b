// Reads a request trace into a compact array of dense key ids (0, 1, 2… in order of first
// appearance), streaming the file in chunks rather than loading it as one string. Formats:
// - plain: one key per line, all of it but a CRLF file's CR and a UTF-8 BOM (an integer written as
//   numbers are, or any other text, spaces included, as a string key: " x", "x", "01" and "1" are
//   four keys); a line of nothing but blanks is skipped;
// - csv: a header row and a named column (parsed by csv-parse);
// - oracleGeneral: libCacheSim's binary records of 24 bytes, little-endian: uint32 time,
//   uint64 object id, uint32 size, int64 next access (ids above 2^53 lose precision).
// Bounds: a regular file (or standard input, when `-` is asked for explicitly), keys of at most
// MAX_KEY_BYTES, at most MAX_DISTINCT_KEYS distinct keys; a message quotes at most 80 characters of
// the file.

import { Parser } from 'csv-parse';
import { fileChunks, fileLines, FileReadError } from './file-lines.js';

export const TRACE_FORMATS = ['plain', 'csv', 'oracleGeneral'] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];

export interface Trace {
  /** Dense key id of each request. */
  keys: Int32Array;
  uniqueKeys: number;
}

const RECORD_BYTES = 24;
/** The longest key a trace may name, bytes (Redis allows more; no cache trace needs it). */
export const MAX_KEY_BYTES = 1024;
/** The most distinct keys a trace may have: the id map is a JavaScript Map (at most 2^24 entries). */
export const MAX_DISTINCT_KEYS = 16_000_000;
const QUOTE_CHARS = 80;

export class TraceError extends Error {}

/** At most QUOTE_CHARS characters of `text`, for a message. */
export function quote(text: string): string {
  return JSON.stringify(text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS)}…` : text);
}

/** Collects dense ids into a growable Int32Array. */
class TraceBuilder {
  private keys = new Int32Array(1 << 16);
  private length = 0;
  private readonly dense = new Map<number | string, number>();

  push(raw: number | string): void {
    let id = this.dense.get(raw);
    if (id === undefined) {
      if (this.dense.size >= MAX_DISTINCT_KEYS) throw new TraceError(`more than ${MAX_DISTINCT_KEYS.toLocaleString('en-US')} distinct keys`);
      id = this.dense.size;
      this.dense.set(raw, id);
    }
    if (this.length === this.keys.length) {
      const next = new Int32Array(this.keys.length * 2);
      next.set(this.keys);
      this.keys = next;
    }
    this.keys[this.length++] = id;
  }

  build(): Trace {
    return { keys: this.keys.slice(0, this.length), uniqueKeys: this.dense.size };
  }
}

/** A key as the trace writes it: a number if it is one written as numbers are ("01" and "1" are two keys, as in Redis), else its text; refused when too long. */
function keyOf(text: string, where: () => string): number | string {
  if (/^-?\d{1,15}$/.test(text) && String(Number(text)) === text) return Number(text);
  if (Buffer.byteLength(text) > MAX_KEY_BYTES) throw new TraceError(`${where()}: a key of more than ${MAX_KEY_BYTES} bytes (${quote(text)})`);
  return text;
}

function readPlain(file: string): Trace {
  const out = new TraceBuilder();
  for (const [bytes, lineNumber] of fileLines(file, 'the trace', 4 * MAX_KEY_BYTES)) {
    const t = bytes.toString('utf8').replace(lineNumber === 1 ? /^\uFEFF|\r$/g : /\r$/, '');
    if (t.trim() !== '') out.push(keyOf(t, () => `line ${lineNumber}`));
  }
  return out.build();
}

function readOracleGeneral(file: string): Trace {
  const out = new TraceBuilder();
  let pending = Buffer.alloc(0);
  for (const chunk of fileChunks(file, 'the trace')) {
    const data = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
    const whole = data.length - (data.length % RECORD_BYTES);
    for (let at = 0; at < whole; at += RECORD_BYTES) out.push(data.readUInt32LE(at + 4) + data.readUInt32LE(at + 8) * 2 ** 32);
    pending = Buffer.from(data.subarray(whole));
  }
  if (pending.length > 0) throw new TraceError(`not an oracleGeneral trace (its size is not a multiple of ${RECORD_BYTES} bytes)`);
  return out.build();
}

/** Synchronously: each chunk is written to csv-parse's stream and its records read back at once. */
function readCsv(file: string, column: string): Trace {
  const out = new TraceBuilder();
  let header: string[] | null = null;
  const parser = new Parser({
    columns: (names: string[]) => (header = names), skip_empty_lines: true, trim: true, max_record_size: 64 * MAX_KEY_BYTES,
  });
  parser.on('error', () => {});
  const failure = (error: Error) => new TraceError(`cannot read the CSV trace: ${quote(error.message.split('\n')[0]!).slice(1, -1)}`);
  const take = () => {
    if (parser.errored) throw failure(parser.errored);
    if (header !== null && !header.includes(column)) throw new TraceError(`no column ${quote(column)} (columns: ${quote(header.join(', ')).slice(1, -1)})`);
    for (let record = parser.read() as Record<string, string> | null; record !== null; record = parser.read() as Record<string, string> | null) {
      out.push(keyOf(record[column]!, () => `record ${parser.info.records}`));
    }
  };
  for (const chunk of fileChunks(file, 'the trace')) {
    parser.write(Buffer.from(chunk));
    take();
  }
  parser.end();
  take();
  if (parser.errored) throw failure(parser.errored);
  return out.build();
}

/** Reads `file` (`-`: standard input); a TraceError's message names the file. */
export function readTrace(file: string, format: TraceFormat, column = 'key'): Trace {
  try {
    if (format === 'plain') return readPlain(file);
    if (format === 'oracleGeneral') return readOracleGeneral(file);
    return readCsv(file, column);
  } catch (error) {
    if (error instanceof TraceError || error instanceof FileReadError) throw new TraceError(`${file === '-' ? 'standard input' : file}: ${error.message}`);
    throw error;
  }
}
