// `cachetopo calibrate` against a real redis-server on a loopback port (stopped by PID): it either
// writes a file with the medians, the spread of every fitted value and the machine's load, or, when
// its repetitions disagree (a busy machine), writes nothing and says why on one line, exit 1.

import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { redisInstalled, RedisFleet } from '../../validation/redis-fleet.js';
import { cli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

const installed = redisInstalled();

describe.skipIf(!installed)('calibrate on a live server', () => {
  const fleet = installed ? new RedisFleet(22480) : null;
  afterAll(() => fleet?.stopAll());

  it('on Ctrl-C stops, deletes its keys from the server and exits 130, writing nothing', async () => {
    const { port } = await fleet!.server('calibrate-interrupted', []);
    const out = join(tempDir(), 'interrupted.yaml');
    const child = spawn(process.execPath, ['dist/cli/main.js', 'calibrate', '--redis', `redis://127.0.0.1:${port}`, '--repeats', '2', '--phase', '500', '--out', out],
      { stdio: ['ignore', 'ignore', 'pipe'] });
    const redis = new Redis(port, '127.0.0.1');
    try {
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      while ((await redis.dbsize()) < 1000) await new Promise((r) => setTimeout(r, 50));
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(stderr).toMatch(/calibrate: interrupted; nothing written, and its keys deleted from the server\n$/);
      expect(await redis.dbsize()).toBe(0);
      expect(existsSync(out)).toBe(false);
    } finally {
      child.kill('SIGKILL');
      redis.disconnect();
    }
  });

  it('says in one line (exit 1) that a server which stopped answering failed the measurement, and that its keys could not be deleted', async () => {
    const server = await fleet!.server('calibrate-paused', []);
    const url = `redis://127.0.0.1:${server.port}`;
    const out = join(tempDir(), 'paused.yaml');
    const child = spawn(process.execPath, ['dist/cli/main.js', 'calibrate', '--redis', url, '--repeats', '2', '--phase', '500', '--out', out],
      { stdio: ['ignore', 'ignore', 'pipe'] });
    const redis = new Redis(server.port, '127.0.0.1');
    try {
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      while ((await redis.dbsize()) < 1000) await new Promise((r) => setTimeout(r, 50));
      fleet!.pause(server);
      expect(await exited).toBe(1);
      fleet!.resume(server);
      expect(stderr).toBe(`cachetopo: calibrate: ${url} failed during the measurement: Command timed out; its keys under cachetopo:calibrate: could not be deleted `
        + `(redis-cli -u '${url}' --scan --pattern 'cachetopo:calibrate:*' | xargs -r redis-cli -u '${url}' del)\n`);
      expect(await redis.dbsize()).toBeGreaterThan(0);
      expect(existsSync(out)).toBe(false);
    } finally {
      fleet!.resume(server);
      child.kill('SIGKILL');
      redis.disconnect();
    }
  });

  it('names why it cannot reach a server (a wrong password), with the password hidden', async () => {
    const { port } = await fleet!.server('calibrate-auth', ['requirepass sekret']);
    const r = await cli('calibrate', '--redis', `redis://:wrongpw@127.0.0.1:${port}`, '--repeats', '2', '--phase', '300');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`calibrate: cannot reach redis://:***@127.0.0.1:${port}: WRONGPASS invalid username-password pair or user is disabled.\n`);
  });

  it('writes the medians (MIGRATE\'s and RESTORE\'s costs among them) with the spread of every fitted value and the machine\'s load, or nothing and one line (exit 1) when the repetitions disagree', async () => {
    const url = `redis://127.0.0.1:${(await fleet!.server('calibrate', [])).port}`;
    const out = join(tempDir(), 'calibration.yaml');
    const r = await cli('calibrate', '--redis', url, '--repeats', '2', '--phase', '300', '--out', out);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^calibrate: 2 repetitions; spread server\.cost\.request \d+\.\d %, .*; load average \d+\.\d\d on \d+ cores, idle event loop late by/);
    if (r.code === 1) {
      expect(lines.length, r.stderr).toBe(2);
      expect(lines[1]).toMatch(/^cachetopo: calibrate wrote nothing: \S+ (disagrees by \d+ % over 2 repetitions|came out)/);
      expect(existsSync(out)).toBe(false);
      return;
    }
    expect(r.code, r.stderr).toBe(0);
    expect(lines.length).toBe(1);
    const file = parse(readFileSync(out, 'utf8')) as { set: Record<string, string>; spread: Record<string, { medianNs: number; spread: number }>; machine: Record<string, number> };
    for (const field of ['request', 'migrate', 'dumpPerKey', 'dumpPerKB', 'restorePerKey', 'restorePerKB']) {
      expect(file.set[`topologies.*.server.cost.${field}`]).toBe(`${file.spread[`server.cost.${field}`]!.medianNs}ns`);
    }
    for (const s of Object.values(file.spread)) expect(s.spread).toBeGreaterThanOrEqual(0);
    expect(Object.keys(file.machine).sort()).toEqual(['cores', 'idleLoopDelayMeanMs', 'idleLoopDelayP99Ms', 'loadAverage1m']);
  });

  it('refuses a single repetition before contacting the server (exit 2, one line)', async () => {
    const r = await cli('calibrate', '--redis', 'redis://127.0.0.1:1', '--repeats', '1');
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('--repeats: expected 2 to 20 (the repetitions are compared with each other)');
  });
});
