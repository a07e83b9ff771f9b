// A sweep, a capacity search and a run through a BullMQ queue on a real redis-server (loopback,
// stopped by PID): a coordinator (`sweep --queue`, `capacity --queue`, `run --queue`) and a
// `cachetopo worker` process write the same bytes as a local run; a second sweep coordinator finds every job done and runs none; a bad URL is exit 2 and an unreachable Redis
// exit 1, each one line. Skipped with a message when redis-server is not installed.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
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

  const workers: ChildProcess[] = [];
  afterAll(() => {
    for (const w of workers) w.kill('SIGKILL');
  });
  /** A fresh Redis with one worker process of `threads` threads; runs `args` through it and with --jobs 1, both must succeed. */
  const queuedAndLocal = async (name: string, threads: string, args: string[]) => {
    const url = `redis://127.0.0.1:${(await fleet!.server(name, [])).port}`;
    const worker = spawn(process.execPath, ['dist/cli/main.js', 'worker', '--queue', url, '--jobs', threads, '--quiet'], { stdio: 'ignore' });
    workers.push(worker);
    const [queued, local] = [join(tempDir(), 'queued'), join(tempDir(), 'local')];
    const q = await cli(...args, '--queue', url, '--out', queued);
    expect(q.code, q.stderr).toBe(0);
    expect((await cli(...args, '--jobs', '1', '--out', local)).code).toBe(0);
    return { url, worker, queued, local };
  };
  const same = (a: string, b: string, files: readonly string[]) => {
    for (const f of files) expect(readFileSync(join(a, f), 'utf8'), f).toBe(readFileSync(join(b, f), 'utf8'));
  };

  it('writes the same outputs as a local sweep, and a second coordinator finds every job done', async () => {
    const { url, worker, queued, local } = await queuedAndLocal('queue', '1', SWEEP);
    same(queued, local, ['sweep.json', 'summary.csv', 'report.md', 'timeseries.csv']);
    worker.kill('SIGTERM');
    const again = join(tempDir(), 'again');
    const r = await cli(...SWEEP.filter((a) => a !== '--quiet'), '--queue', url, '--out', again);
    expect(r.code, r.stderr).toBe(0);
    same(again, local, ['sweep.json']);
  });

  it('adds its jobs again when the queue\'s Redis loses them (restarted without its data), and finishes with the same outputs', async () => {
    const url = `redis://127.0.0.1:${(await fleet!.server('lost', [])).port}`;
    const out = join(tempDir(), 'lost');
    const coordinator = cli(...SWEEP, '--queue', url, '--out', out);
    const queued = `bull:cachetopo-runs-`;
    const redis = new Redis(url);
    try {
      while ((await redis.keys(`${queued}*:wait`)).length === 0) await new Promise((r) => setTimeout(r, 50));
      await redis.flushall();
    } finally {
      redis.disconnect();
    }
    const worker = spawn(process.execPath, ['dist/cli/main.js', 'worker', '--queue', url, '--jobs', '1', '--quiet'], { stdio: 'ignore' });
    workers.push(worker);
    const r = await coordinator;
    expect(r.code, r.stderr).toBe(0);
    const local = join(tempDir(), 'lost-local');
    expect((await cli(...SWEEP, '--jobs', '1', '--out', local)).code).toBe(0);
    same(out, local, ['sweep.json', 'summary.csv']);
  });

  it('finds the same capacity through the queue as on this machine\'s threads', async () => {
    const { queued, local } = await queuedAndLocal('capacity-queue', '2',
      ['capacity', 'scenarios/mm1.yaml', '--slo', 'p99<=1ms', '--set', 'duration=2s', '--precision', '5%', '--quiet']);
    same(queued, local, ['capacity.csv', 'capacity.json', 'report.md']);
  });

  it('runs every topology × replication of `run --queue` on a worker, with the same outputs as run --jobs 1', async () => {
    const { queued, local } = await queuedAndLocal('run-queue', '2',
      ['run', 'scenarios/clustering-tax.yaml', '--set', 'duration=0.5s', '--set', 'warmup=0.2s', '--set', 'replications=2', '--quiet']);
    const files = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name !== 'perf.json').map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
    expect(files(queued)).toEqual(files(local));
    same(queued, local, files(local));
  });

  it('refuses a malformed URL and an unreachable Redis (exit 2, as calibrate refuses a server it cannot reach), each in one line naming the cause, before any work, leaving no folder behind', async () => {
    const bad = await cli(...SWEEP, '--queue', 'http://127.0.0.1:1', '--out', join(tempDir(), 'x'));
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('--queue: expected a redis:// or rediss:// URL, got "http://127.0.0.1:1"');
    for (const command of [SWEEP, ['run', 'scenarios/mm1.yaml'], ['capacity', 'scenarios/mm1.yaml', '--slo', 'p99<=1ms']]) {
      const out = join(tempDir(), `down-${command[0]}`);
      const down = await cli(...command, '--queue', 'redis://127.0.0.1:1', '--out', out);
      expect(down.code).toBe(2);
      expect(down.stderr.trim()).toBe("cannot reach the queue's Redis at redis://127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1");
      expect(existsSync(out), command[0]).toBe(false);
    }
  });

  it('names bad input in the scenario before it tries the queue', async () => {
    const r = await cli(...SWEEP, '--set', 'nosuch=1', '--queue', 'redis://127.0.0.1:1', '--out', join(tempDir(), 'z'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^--set nosuch=1: nosuch: unknown key "nosuch"/);
  });
});
