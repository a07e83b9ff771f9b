// A sweep, a capacity search and a run through a BullMQ queue on a real redis-server (loopback,
// stopped by PID): a coordinator (`sweep --queue`, `capacity --queue`, `run --queue`) and a
// `cachetopo worker` process write the same bytes as a local run; a second sweep coordinator finds every job done and runs none; a bad URL is exit 2 and an unreachable Redis
// exit 1, each one line. Skipped with a message when redis-server is not installed.

import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { redisInstalled, RedisFleet } from '../../validation/redis-fleet.js';
import { cli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

const installed = redisInstalled();
if (!installed) console.warn('test/distributed: skipped, redis-server is not installed (apt-get install -y redis-server redis-tools redis-sentinel)');

const SWEEP = ['sweep', 'scenarios/mm1.yaml', '--set', 'duration=1s', '--set', 'warmup=0.5s', '--set', 'drain=0.1s',
  '--vary', 'workload.arrival.rate=50000/s,70000/s', '--replications', '2', '--quiet'];

describe.skipIf(!installed)('sweeps through a BullMQ queue', () => {
  const fleet = installed ? new RedisFleet(22400) : null;
  afterAll(() => fleet?.stopAll());

  it('writes the same outputs as a local sweep, and a second coordinator finds every job done', async () => {
    const redis = await fleet!.server('queue', []);
    const url = `redis://127.0.0.1:${redis.port}`;
    const worker = spawn(process.execPath, ['dist/cli/main.js', 'worker', '--queue', url, '--jobs', '1', '--quiet'], { stdio: 'ignore' });
    try {
      const [queued, local, again] = [join(tempDir(), 'queued'), join(tempDir(), 'local'), join(tempDir(), 'again')];
      const q = await cli(...SWEEP, '--queue', url, '--out', queued);
      expect(q.code, q.stderr).toBe(0);
      expect((await cli(...SWEEP, '--jobs', '1', '--out', local)).code).toBe(0);
      for (const file of ['sweep.json', 'summary.csv', 'report.md', 'timeseries.csv']) {
        expect(readFileSync(join(queued, file), 'utf8'), file).toBe(readFileSync(join(local, file), 'utf8'));
      }
      worker.kill('SIGTERM');
      const r = await cli(...SWEEP.filter((a) => a !== '--quiet'), '--queue', url, '--out', again);
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(join(again, 'sweep.json'), 'utf8')).toBe(readFileSync(join(local, 'sweep.json'), 'utf8'));
    } finally {
      worker.kill('SIGKILL');
    }
  });

  it('finds the same capacity through the queue as on this machine\'s threads', async () => {
    const redis = await fleet!.server('capacity-queue', []);
    const url = `redis://127.0.0.1:${redis.port}`;
    const worker = spawn(process.execPath, ['dist/cli/main.js', 'worker', '--queue', url, '--jobs', '2', '--quiet'], { stdio: 'ignore' });
    try {
      const args = ['capacity', 'scenarios/mm1.yaml', '--slo', 'p99<=1ms', '--set', 'duration=2s', '--precision', '5%', '--quiet'];
      const [queued, local] = [join(tempDir(), 'queued'), join(tempDir(), 'local')];
      const q = await cli(...args, '--queue', url, '--out', queued);
      expect(q.code, q.stderr).toBe(0);
      expect((await cli(...args, '--jobs', '1', '--out', local)).code).toBe(0);
      for (const file of ['capacity.csv', 'capacity.json', 'report.md']) expect(readFileSync(join(queued, file), 'utf8'), file).toBe(readFileSync(join(local, file), 'utf8'));
    } finally {
      worker.kill('SIGKILL');
    }
  });

  it('runs every topology × replication of `run --queue` on a worker, with the same outputs as run --jobs 1', async () => {
    const redis = await fleet!.server('run-queue', []);
    const url = `redis://127.0.0.1:${redis.port}`;
    const worker = spawn(process.execPath, ['dist/cli/main.js', 'worker', '--queue', url, '--jobs', '2', '--quiet'], { stdio: 'ignore' });
    try {
      const args = ['run', 'scenarios/clustering-tax.yaml', '--set', 'duration=0.5s', '--set', 'warmup=0.2s', '--set', 'replications=2', '--quiet'];
      const [queued, local] = [join(tempDir(), 'queued'), join(tempDir(), 'local')];
      const q = await cli(...args, '--queue', url, '--out', queued);
      expect(q.code, q.stderr).toBe(0);
      expect((await cli(...args, '--jobs', '1', '--out', local)).code).toBe(0);
      const files = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && e.name !== 'perf.json').map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
      expect(files(queued)).toEqual(files(local));
      for (const f of files(local)) expect(readFileSync(join(queued, f), 'utf8'), f).toBe(readFileSync(join(local, f), 'utf8'));
    } finally {
      worker.kill('SIGKILL');
    }
  });

  it('refuses a malformed URL (exit 2) and an unreachable Redis (exit 1), each in one line, before any work', async () => {
    const bad = await cli(...SWEEP, '--queue', 'http://127.0.0.1:1', '--out', join(tempDir(), 'x'));
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('--queue: expected a redis:// or rediss:// URL, got "http://127.0.0.1:1"');
    const down = await cli(...SWEEP, '--queue', 'redis://127.0.0.1:1', '--out', join(tempDir(), 'y'));
    expect(down.code).toBe(1);
    expect(down.stderr.trim().split('\n')).toHaveLength(1);
    expect(down.stderr).toMatch(/cannot reach the queue's Redis at redis:\/\/127\.0\.0\.1:1/);
  });
});
