// Test support: runs the built CLI (dist/cli/main.js) with arguments and returns its exit code and
// output, whether it succeeded or not; many runs at most `limit` processes at a time (default: the
// cores), so a test never floods a busy machine; and a run's CPU time measured by GNU time, which
// other load on the machine does not inflate the way it inflates wall time.

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(file: string, args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await exec(file, args, { maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

export function cli(...args: string[]): Promise<CliResult> {
  return run(process.execPath, ['dist/cli/main.js', ...args]);
}

/** The CLI run under GNU time (/usr/bin/time): also its CPU seconds, user + system. */
export async function cliTimed(...args: string[]): Promise<CliResult & { cpuSeconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'cachetopo-time-'));
  try {
    const out = join(dir, 'time');
    const result = await run('/usr/bin/time', ['-o', out, '-f', '%U %S', process.execPath, 'dist/cli/main.js', ...args]);
    const [user, system] = readFileSync(out, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
    return { ...result, cpuSeconds: user! + system! };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `task(item)` for every item, at most `limit` at a time; results in the items' order. */
export async function eachBounded<T, R>(items: readonly T[], task: (item: T) => Promise<R>, limit = availableParallelism()): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** The CLI in this process (runCli), stdout and stderr captured: for properties that run it thousands of times. */
export async function cliInProcess(...args: string[]): Promise<CliResult> {
  const { runCli } = await import('../../cli/cli.js');
  const out: string[] = [];
  const err: string[] = [];
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    const code = await runCli(args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  }
}
