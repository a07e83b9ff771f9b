// Reads a request trace into a compact array of dense key ids (0, 1, 2… in order of first
// appearance), streaming the file in chunks rather than loading it as one string. Formats:
// - plain: one key per line (an integer, or any other text as a string key);
// - csv: a header row and a named column (parsed by csv-parse);
// - oracleGeneral: libCacheSim's binary records of 24 bytes, little-endian: uint32 time,
//   uint64 object id, uint32 size, int64 next access (ids above 2^53 lose precision).

import { closeSync, openSync, readSync } from 'node:fs';
import { Parser } from 'csv-parse';

export const TRACE_FORMATS = ['plain', 'csv', 'oracleGeneral'] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];

export interface Trace {
  /** Dense key id of each request. */
  keys: Int32Array;
  uniqueKeys: number;
}

const CHUNK_BYTES = 1 << 22;
const RECORD_BYTES = 24;

export class TraceError extends Error {}

/** Collects dense ids into a growable Int32Array. */
class TraceBuilder {
  private keys = new Int32Array(1 << 16);
  private length = 0;
  private readonly dense = new Map<number | string, number>();

  push(raw: number | string): void {
    let id = this.dense.get(raw);
    if (id === undefined) {
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

/** Calls `onChunk` with successive chunks of `file`. */
function eachChunk(file: string, onChunk: (chunk: Buffer, bytes: number) => void): void {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new TraceError(`${file}: cannot read the trace: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  try {
    for (;;) {
      const bytes = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (bytes === 0) return;
      onChunk(buffer, bytes);
    }
  } finally {
    closeSync(fd);
  }
}

function readPlain(file: string): Trace {
  const out = new TraceBuilder();
  let carry = '';
  const line = (text: string) => {
    const t = text.trim();
    if (t === '') return;
    out.push(/^-?\d{1,15}$/.test(t) ? Number(t) : t);
  };
  eachChunk(file, (chunk, bytes) => {
    const lines = (carry + chunk.toString('utf8', 0, bytes)).split('\n');
    carry = lines.pop()!;
    for (const l of lines) line(l);
  });
  line(carry);
  return out.build();
}

function readOracleGeneral(file: string): Trace {
  const out = new TraceBuilder();
  let pending = Buffer.alloc(0);
  eachChunk(file, (chunk, bytes) => {
    const data = pending.length > 0 ? Buffer.concat([pending, chunk.subarray(0, bytes)]) : chunk.subarray(0, bytes);
    const whole = data.length - (data.length % RECORD_BYTES);
    for (let at = 0; at < whole; at += RECORD_BYTES) out.push(data.readUInt32LE(at + 4) + data.readUInt32LE(at + 8) * 2 ** 32);
    pending = Buffer.from(data.subarray(whole));
  });
  if (pending.length > 0) throw new TraceError(`${file}: not an oracleGeneral trace (its size is not a multiple of ${RECORD_BYTES} bytes)`);
  return out.build();
}

/** Synchronously: each chunk is written to csv-parse's stream and its records read back at once. */
function readCsv(file: string, column: string): Trace {
  const out = new TraceBuilder();
  const parser = new Parser({ columns: true, skip_empty_lines: true, trim: true });
  parser.on('error', () => {});
  const take = () => {
    if (parser.errored) throw new TraceError(`${file}: cannot read the CSV trace: ${parser.errored.message}`);
    for (let record = parser.read() as Record<string, string> | null; record !== null; record = parser.read() as Record<string, string> | null) {
      const value = record[column];
      if (value === undefined) throw new TraceError(`${file}: no column "${column}" (columns: ${Object.keys(record).join(', ')})`);
      out.push(/^-?\d{1,15}$/.test(value) ? Number(value) : value);
    }
  };
  eachChunk(file, (chunk, bytes) => {
    parser.write(Buffer.from(chunk.subarray(0, bytes)));
    take();
  });
  parser.end();
  take();
  if (parser.errored) throw new TraceError(`${file}: cannot read the CSV trace: ${parser.errored.message}`);
  return out.build();
}

export function readTrace(file: string, format: TraceFormat, column = 'key'): Trace {
  if (format === 'plain') return readPlain(file);
  if (format === 'oracleGeneral') return readOracleGeneral(file);
  return readCsv(file, column);
}
