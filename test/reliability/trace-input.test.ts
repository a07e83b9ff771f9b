// Trace files as untrusted input: a folder, a device or a FIFO is refused at once (standard input
// only when `-` asks for it), a key longer than 1,024 bytes is refused naming its line, and no
// message quotes more than 80 characters of the file however long its lines are.

import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTrace, TraceError } from '../../experiment/trace/read-trace.js';
import { cli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

const errorOf = (f: () => unknown): TraceError => {
  try {
    f();
  } catch (error) {
    if (error instanceof TraceError) return error;
    throw error;
  }
  throw new Error('no TraceError');
};

describe('reading a trace', () => {
  it('refuses a folder, a device and a FIFO before reading anything', () => {
    const dir = tempDir();
    expect(errorOf(() => readTrace(dir, 'plain')).message).toBe(`${dir}: cannot read the trace: not a regular file (a folder)`);
    expect(errorOf(() => readTrace('/dev/zero', 'plain')).message).toMatch(/not a regular file \(a device, pipe or socket; give - to read standard input\)/);
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(errorOf(() => readTrace(fifo, 'csv')).message).toMatch(/not a regular file/);
  });

  it('names the line of a key longer than 1,024 bytes, quoting 80 characters of it', () => {
    const file = join(tempDir(), 'long.txt');
    writeFileSync(file, `a\nb\n${'k'.repeat(100_000)}\n`);
    const message = errorOf(() => readTrace(file, 'plain')).message;
    expect(message).toMatch(/long\.txt: line 3: a key of more than 1024 bytes \("k{80}…"\)$/);
    const noBreaks = join(tempDir(), 'one-line.txt');
    writeFileSync(noBreaks, 'x'.repeat(10_000_000));
    expect(errorOf(() => readTrace(noBreaks, 'plain')).message.length).toBeLessThan(250);
  });

  it('quotes at most 80 characters of a CSV header that lacks the column', () => {
    const file = join(tempDir(), 'wide.csv');
    writeFileSync(file, `${Array.from({ length: 5000 }, (_, i) => `column${i}`).join(',')}\n${'1,'.repeat(4999)}1\n`);
    const message = errorOf(() => readTrace(file, 'csv', 'key')).message;
    expect(message).toMatch(/wide\.csv: no column "key" \(columns: column0, column1, .*…\)$/);
    expect(message.length).toBeLessThan(250);
  });

  it('reads standard input when `-` is given to replay', async () => {
    const r = spawnSync(process.execPath, ['dist/cli/main.js', 'replay', '-', '--capacity', '2', '--json'], { input: 'a\nb\na\nc\na\n', encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ policy: 'lru', capacity: 2, requests: 5, hits: 2, hitRatio: 0.4 }]);
    const refused = await cli('replay', '/dev/zero');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^\/dev\/zero: cannot read the trace: not a regular file/);
  });
});
