// The queue's Redis is checked before any work: one that answers as Redis 4.0 (a fake server on a
// loopback port, replying to every command with an INFO text) is refused as bad input, exit 2 with
// one line naming the flag, the URL and both versions; no output folder is written.

import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

const INFO = '# Server\r\nredis_version:4.0.14\r\nloading:0\r\n';

describe('the queue\'s Redis version', () => {
  const server = createServer((socket) => {
    socket.on('error', () => {});
    socket.on('data', (chunk) => {
      const commands = chunk.toString().split('\r\n').filter((line) => line.startsWith('*')).length;
      for (let i = 0; i < commands; i++) socket.write(`$${Buffer.byteLength(INFO)}\r\n${INFO}\r\n`);
    });
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('refuses a Redis older than BullMQ needs (exit 2, one line) before any work', async () => {
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    const url = `redis://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const out = join(tempDir(), 'never');
    const r = await cli('sweep', 'scenarios/mm1.yaml', '--vary', 'workload.arrival.rate=50000/s,70000/s', '--queue', url, '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`--queue ${url}: Redis 4.0 is older than BullMQ needs (5.0 or later)`);
    expect(existsSync(out)).toBe(false);
  });
});
