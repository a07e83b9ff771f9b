// Faults of a distributed sweep on a real redis-server (loopback, stopped by PID) with `cachetopo
// worker` processes: a worker killed with SIGKILL while it holds a job (its job goes to the other
// worker once its lock expires; the outputs are byte-identical to `sweep --jobs 1`); a worker
// stopped with SIGTERM hands its job back at once; a coordinator killed mid-sweep and restarted
// finishes without any job running twice; a worker takes no job from another build's queue, and a
// job planned by another build put in its own queue is refused with both builds named; a job whose two runs logged different results is reported as nondeterministic
// with both results kept; a job under the coordinator's id holding other data stops it. Skipped with a message when redis-server is not installed.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Job, Queue, QueueEvents, Worker } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { queueName, queuedJobId, queuedRunOf, queueExecutor, type QueuedRun } from '../../experiment/distributed/queue-jobs.js';
import type { SweepJob } from '../../experiment/sweep/sweep-job.js';
import { redisInstalled, RedisFleet } from '../../validation/redis-fleet.js';
import { cli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

const installed = redisInstalled();
if (!installed) console.warn('test/distributed: skipped, redis-server is not installed (apt-get install -y redis-server redis-tools redis-sentinel)');

/** Four jobs of about two seconds each. */
const SWEEP = ['sweep', 'scenarios/mm1.yaml', '--set', 'duration=20s', '--set', 'warmup=0.5s', '--set', 'drain=0.1s',
  '--vary', 'workload.arrival.rate=50000/s,70000/s', '--replications', '2', '--quiet'];
const OUTPUTS = ['sweep.json', 'summary.csv', 'report.md', 'timeseries.csv'];

interface WorkerProcess {
  proc: ChildProcess;
  /** Every stderr line so far. */
  lines: string[];
  /** Resolves with the first line (past or future) matching `re`. */
  line(re: RegExp): Promise<string>;
  exited: Promise<number | null>;
}

function startWorker(url: string, ...extra: string[]): WorkerProcess {
  const proc = spawn(process.execPath, ['dist/cli/main.js', 'worker', '--queue', url, '--jobs', '1', ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
  const lines: string[] = [];
  const waiting: { re: RegExp; resolve: (l: string) => void }[] = [];
  let partial = '';
  proc.stderr!.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop()!;
    for (const l of parts) {
      lines.push(l);
      for (const w of waiting.filter((x) => x.re.test(l))) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(l);
      }
    }
  });
  return {
    proc, lines,
    line: (re) => new Promise((resolve) => {
      const seen = lines.find((l) => re.test(l));
      if (seen !== undefined) resolve(seen);
      else waiting.push({ re, resolve });
    }),
    exited: new Promise((resolve) => proc.once('exit', (code) => resolve(code))),
  };
}

/** The CLI's build (dist/), which the `cachetopo worker` processes are: its queue and the queued form of a job as it plans it. */
type QueueJobsModule = typeof import('../../experiment/distributed/queue-jobs.js');
const cliBuild = (): Promise<QueueJobsModule> => import(join(process.cwd(), 'dist/experiment/distributed/queue-jobs.js')) as Promise<QueueJobsModule>;

const jobIdOf = (line: string): string => /job (\S+) started/.exec(line)![1]!;
const sameOutputs = (a: string, b: string) => {
  for (const file of OUTPUTS) expect(readFileSync(join(a, file), 'utf8'), file).toBe(readFileSync(join(b, file), 'utf8'));
};

describe.skipIf(!installed)('distributed sweeps under faults', () => {
  const fleet = installed ? new RedisFleet(22440) : null;
  const workers: WorkerProcess[] = [];
  const queues: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const w of workers) w.proc.kill('SIGKILL');
    for (const q of queues) await q.close();
    fleet?.stopAll();
  });
  const redisUrl = async (name: string) => `redis://127.0.0.1:${(await fleet!.server(name, [])).port}`;
  const worker = (url: string, ...extra: string[]) => {
    const w = startWorker(url, ...extra);
    workers.push(w);
    return w;
  };

  it('a worker killed with SIGKILL while it holds a job of the shipped node-timeout-sweep: another worker runs that job, and the outputs equal sweep --jobs 1', async () => {
    const url = await redisUrl('sigkill');
    const [victim, survivor] = [worker(url, '--lock-duration', '2s'), worker(url, '--lock-duration', '2s')];
    const [queued, local] = [join(tempDir(), 'queued'), join(tempDir(), 'local')];
    const shipped = ['sweep', 'scenarios/node-timeout-sweep.yaml', '--replications', '2', '--quiet'];
    const coordinator = cli(...shipped, '--queue', url, '--out', queued);
    const held = jobIdOf(await victim.line(/job \S+ started/));
    victim.proc.kill('SIGKILL');
    const q = await coordinator;
    expect(q.code, q.stderr).toBe(0);
    expect(victim.lines.some((l) => l.includes(`job ${held} done`))).toBe(false);
    expect(survivor.lines).toContain(`cachetopo worker: job ${held} done`);
    expect((await cli(...shipped, '--jobs', '1', '--out', local)).code).toBe(0);
    sameOutputs(queued, local);
  });

  it('a worker stopped with SIGTERM hands its job back to the queue at once and exits 0', async () => {
    const url = await redisUrl('sigterm');
    const first = worker(url, '--lock-duration', '600s');
    const coordinator = cli(...SWEEP, '--queue', url, '--out', join(tempDir(), 'q'));
    const held = jobIdOf(await first.line(/job \S+ started/));
    first.proc.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const queue = new Queue((await cliBuild()).queueName(), { connection: { host: '127.0.0.1', port: Number(new URL(url).port) } });
    queues.push(queue);
    expect(await (await Job.fromId(queue, held))!.getState()).toBe('waiting');
    const second = worker(url, '--lock-duration', '600s');
    const q = await coordinator;
    expect(q.code, q.stderr).toBe(0);
    expect(second.lines).toContain(`cachetopo worker: job ${held} done`);
  });

  it('a coordinator killed mid-sweep and restarted finishes without running any job twice', async () => {
    const url = await redisUrl('restart');
    const w = worker(url);
    const out = join(tempDir(), 'q');
    const first = spawn(process.execPath, ['dist/cli/main.js', ...SWEEP, '--queue', url, '--out', out], { stdio: 'ignore' });
    await w.line(/job \S+ done/);
    await w.line(/job \S+ started/);
    first.kill('SIGKILL');
    const again = await cli(...SWEEP.filter((a) => a !== '--quiet'), '--queue', url, '--out', out);
    expect(again.code, again.stderr).toBe(0);
    const started = w.lines.filter((l) => / started$/.test(l));
    expect(started).toHaveLength(4);
    expect(new Set(started).size).toBe(4);
    const local = join(tempDir(), 'local');
    expect((await cli(...SWEEP, '--jobs', '1', '--out', local)).code).toBe(0);
    sameOutputs(out, local);
  });

  it('refuses a job planned by another build, naming both builds', async () => {
    const url = await redisUrl('other-build');
    worker(url);
    const connection = { host: '127.0.0.1', port: Number(new URL(url).port), db: 0 };
    const name = (await cliBuild()).queueName();
    const queue = new Queue<QueuedRun, string>(name, { connection });
    const events = new QueueEvents(name, { connection });
    queues.push(queue, events);
    await events.waitUntilReady();
    const job: SweepJob = { point: 0, replication: 0, file: 'scenarios/mm1.yaml', sets: ['duration=2s'], maxEvents: Infinity };
    const failed = new Promise<string>((resolve) => events.on('failed', ({ failedReason }) => resolve(failedReason)));
    await queue.add('run', { plan: 'other', code: '0.0.0+000000000000', inputs: 'x', job }, { jobId: 'other-build-job', attempts: 1 });
    expect(await failed).toMatch(/^job other-build-job built by cachetopo 0\.0\.0\+000000000000, this worker is \d+\.\d+\.\d+\+[0-9a-f]{12}: run the same build everywhere$/);
  });

  it('leaves the jobs of another build\'s queue alone and runs its own build\'s', async () => {
    const url = await redisUrl('build-queues');
    const connection = { host: '127.0.0.1', port: Number(new URL(url).port), db: 0 };
    const job: SweepJob = { point: 0, replication: 0, file: 'scenarios/mm1.yaml', sets: ['duration=2s'], maxEvents: Infinity };
    const build = await cliBuild();
    const other = new Queue<QueuedRun, string>('cachetopo-runs-0.0.0+000000000000', { connection });
    const mine = new Queue<QueuedRun, string>(build.queueName(), { connection });
    const events = new QueueEvents(build.queueName(), { connection });
    queues.push(other, mine, events);
    await events.waitUntilReady();
    await other.add('run', { ...build.queuedRunOf('other', job), code: '0.0.0+000000000000' }, { jobId: 'older-build-job' });
    const w = worker(url);
    const done = new Promise<string>((resolve) => events.on('completed', ({ jobId }) => resolve(jobId)));
    const run = build.queuedRunOf('mine', job);
    await mine.add('run', run, { jobId: build.queuedJobId(run) });
    expect(await done).toBe(build.queuedJobId(run));
    expect(await other.getJobState('older-build-job')).toBe('waiting');
    expect(w.lines.some((l) => l.includes('older-build-job'))).toBe(false);
  });

  it('reports a job whose two runs logged different results as nondeterministic, and keeps both results', async () => {
    const url = await redisUrl('nondeterminism');
    const connection = { host: '127.0.0.1', port: Number(new URL(url).port), db: 0 };
    const job: SweepJob = { point: 0, replication: 0, file: 'scenarios/mm1.yaml', sets: ['duration=2s'], maxEvents: Infinity };
    const run = queuedRunOf('plan', job);
    const versions = ['{"seed":1,"events":10}', '{"seed":1,"events":11}'];
    const twice = new Worker<QueuedRun, string>(queueName(), async (j) => {
      for (const [i, json] of versions.entries()) await j.log(JSON.stringify({ sha: `${i}`.repeat(64), worker: `w${i}`, gz: gzipSync(json).toString('base64') }));
      return versions[1]!;
    }, { connection });
    queues.push(twice);
    const keepDir = join(tempDir(), 'kept');
    const outcomes: string[] = [];
    await queueExecutor({ connection, plan: 'plan', keepDir })([job], {
      progress: () => {},
      done: () => outcomes.push('done'),
      failed: (_job, error) => outcomes.push(error),
    }, new AbortController().signal);
    const id = queuedJobId(run);
    expect(outcomes).toEqual([`nondeterministic: 2 runs of queued job ${id} gave different results, kept in ${join(keepDir, `${id}-000000000000.json`)} (worker w0) and ${join(keepDir, `${id}-111111111111.json`)} (worker w1)`]);
    expect(readdirSync(keepDir).sort()).toEqual([`${id}-000000000000.json`, `${id}-111111111111.json`]);
    expect(readFileSync(join(keepDir, `${id}-111111111111.json`), 'utf8')).toBe(versions[1]);
    expect(existsSync(join(keepDir, `${id}-000000000000.json`))).toBe(true);
  });

  it('stops (a failure, not a result) when a job under one of its ids holds another plan\'s data', async () => {
    const url = await redisUrl('conflict');
    const connection = { host: '127.0.0.1', port: Number(new URL(url).port), db: 0 };
    const job: SweepJob = { point: 0, replication: 0, file: 'scenarios/mm1.yaml', sets: ['duration=2s'], maxEvents: Infinity };
    const run = queuedRunOf('plan', job);
    const queue = new Queue<QueuedRun, string>(queueName(), { connection });
    queues.push(queue);
    await queue.add('run', { ...run, plan: 'another' }, { jobId: queuedJobId(run) });
    const outcomes: string[] = [];
    const events = { progress: () => {}, done: () => outcomes.push('done'), failed: (_j: SweepJob, e: string) => outcomes.push(e) };
    await expect(queueExecutor({ connection, plan: 'plan', keepDir: tempDir() })([job], events, new AbortController().signal))
      .rejects.toThrow(`the queue holds a job ${queuedJobId(run)} that is not this plan's (another tool or a damaged queue wrote it); use another Redis database in --queue`);
    expect(outcomes).toEqual([]);
  });
});
