import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readTrace } from '../../experiment/trace/read-trace.js';
import { tempDir } from '../support/temp-dir.js';

const exec = promisify(execFile);
const dir = tempDir();

function oracleGeneral(ids: bigint[]): Buffer {
  const b = Buffer.alloc(24 * ids.length);
  ids.forEach((id, i) => {
    b.writeUInt32LE(i, 24 * i);
    b.writeBigUInt64LE(id, 24 * i + 4);
    b.writeUInt32LE(100, 24 * i + 12);
    b.writeBigInt64LE(-1n, 24 * i + 16);
  });
  return b;
}

describe('trace files', () => {
  it('reads plain text: integer and string keys, dense ids in order of first appearance, blank lines skipped', () => {
    const file = join(dir, 'plain.txt');
    writeFileSync(file, '42\nfoo\n\n42\n7\nfoo');
    const t = readTrace(file, 'plain');
    expect([...t.keys]).toEqual([0, 1, 0, 2, 1]);
    expect(t.uniqueKeys).toBe(3);
  });

  it('keeps keys Redis tells apart apart: "01", "1" and "001", " x" and "x" (a CRLF file\'s CR, a BOM and blank lines are dropped)', () => {
    const file = join(dir, 'distinct.txt');
    writeFileSync(file, '\uFEFF01\r\n1\r\n001\r\n  \r\n1\r\n x\r\nx\r\n-0\r\n0\r\n01\r\n');
    const t = readTrace(file, 'plain');
    expect([...t.keys]).toEqual([0, 1, 2, 1, 3, 4, 5, 6, 0]);
    expect(t.uniqueKeys).toBe(7);
  });

  it('reads the named column of a CSV with a header (quoted fields included)', () => {
    const file = join(dir, 'trace.csv');
    writeFileSync(file, 'time,obj,size\n1,"a,b",10\n2,c,10\n3,"a,b",10\n');
    const t = readTrace(file, 'csv', 'obj');
    expect([...t.keys]).toEqual([0, 1, 0]);
  });

  it("reads libCacheSim's oracleGeneral binary records (24 bytes, little-endian 64-bit ids)", () => {
    const file = join(dir, 'trace.oracleGeneral');
    writeFileSync(file, oracleGeneral([5n, 2n ** 40n + 3n, 5n, 9n]));
    const t = readTrace(file, 'oracleGeneral');
    expect([...t.keys]).toEqual([0, 1, 0, 2]);
  });

  it('refuses an oracleGeneral file whose size is not a multiple of 24 bytes', () => {
    const file = join(dir, 'broken.oracleGeneral');
    writeFileSync(file, Buffer.alloc(30));
    expect(() => readTrace(file, 'oracleGeneral')).toThrow(/not an oracleGeneral trace/);
  });

  it('reads a CSV larger than one read chunk, with the last line unterminated, synchronously', () => {
    const file = join(dir, 'big.csv');
    const rows = Array.from({ length: 300_000 }, (_, i) => `${i},k${i % 1000}`);
    writeFileSync(file, `n,key\n${rows.join('\n')}`);
    const t = readTrace(file, 'csv');
    expect([t.keys.length, t.uniqueKeys, t.keys[299_999]]).toEqual([300_000, 1000, 999]);
  });

  it('refuses a CSV without the column, and a malformed CSV, naming the file', () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'a,b\n1,2\n');
    expect(() => readTrace(file, 'csv', 'key')).toThrow(/bad\.csv: no column "key" \(columns: a, b\)/);
    writeFileSync(file, 'a,key\n1,2,3\n');
    expect(() => readTrace(file, 'csv', 'key')).toThrow(/bad\.csv: cannot read the CSV trace: Invalid Record Length/);
  });

  it('refuses a header-only CSV without the column: the header alone names its columns', () => {
    const file = join(dir, 'header.csv');
    writeFileSync(file, 'a,b\n');
    expect(() => readTrace(file, 'csv', 'key')).toThrow(/header\.csv: no column "key" \(columns: a, b\)/);
  });
});

describe('cachetopo replay', () => {
  it('prints one {policy, capacity, requests, hits, hitRatio} per pair with --json', async () => {
    const file = join(dir, 'cli.txt');
    writeFileSync(file, '1\n2\n1\nfoo\n2\n3\nfoo\n');
    const { stdout } = await exec(process.execPath, ['dist/cli/main.js', 'replay', file, '--policy', 'lru,fifo', '--capacity', '2', '--json']);
    expect(JSON.parse(stdout)).toEqual([
      { policy: 'lru', capacity: 2, requests: 7, hits: 1, hitRatio: 1 / 7 },
      { policy: 'fifo', capacity: 2, requests: 7, hits: 3, hitRatio: 3 / 7 },
    ]);
  });

  it('exits 2 naming the problem for an unknown policy, a missing file or a trace of no requests (whose hit ratio is no number)', async () => {
    const fail = async (...args: string[]) => {
      try {
        await exec(process.execPath, ['dist/cli/main.js', 'replay', ...args]);
        return { code: 0, stderr: '' };
      } catch (e) {
        return e as { code: number; stderr: string };
      }
    };
    const unknown = await fail(join(dir, 'cli.txt'), '--policy', 'arc');
    expect([unknown.code, unknown.stderr.trim()]).toEqual([2, '--policy: unknown policy "arc" (known: lru, fifo, lfu)']);
    const missing = await fail(join(dir, 'none.txt'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read the trace: no such file');
    writeFileSync(join(dir, 'empty.txt'), '');
    const empty = await fail(join(dir, 'empty.txt'));
    expect([empty.code, empty.stderr]).toEqual([2, `${join(dir, 'empty.txt')}: the trace has no requests\n`]);
  });
});
