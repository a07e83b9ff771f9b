// `cachetopo replay <trace> --policy lru,fifo,lfu --capacity 10000,100000 [--format F] [--column C] [--json]`:
// hit ratios of the cache policies over a trace file, fast (no network, no servers).

import { readTrace, TRACE_FORMATS, TraceError, type TraceFormat } from '../../experiment/trace/read-trace.js';
import { replay } from '../../experiment/trace/replay.js';
import { CACHE_POLICY_NAMES, type CachePolicyName } from '../../models/cache/policy-registry.js';
import { UsageError } from '../exit-codes.js';

function list(text: string, flag: string): string[] {
  const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) throw new UsageError(`${flag}: expected a comma-separated list`);
  return items;
}

export function replayCommand(args: { trace: string; policy: string; capacity: string; format: string; column: string; json: boolean }): number {
  const policies = list(args.policy, '--policy');
  const bad = policies.filter((p) => !(CACHE_POLICY_NAMES as string[]).includes(p));
  if (bad.length > 0) throw new UsageError(`--policy: unknown policy "${bad.join(', ')}" (known: ${CACHE_POLICY_NAMES.join(', ')})`);
  const capacities = list(args.capacity, '--capacity').map((c) => {
    const n = Number(c.replaceAll('_', ''));
    if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`--capacity: expected whole numbers ≥ 1, got "${c}"`);
    return n;
  });
  if (!(TRACE_FORMATS as readonly string[]).includes(args.format)) {
    throw new UsageError(`--format: unknown trace format "${args.format}" (known: ${TRACE_FORMATS.join(', ')})`);
  }
  let trace;
  try {
    trace = readTrace(args.trace, args.format as TraceFormat, args.column);
  } catch (error) {
    if (error instanceof TraceError) throw new UsageError(error.message);
    throw error;
  }
  if (trace.keys.length === 0) throw new UsageError(`${args.trace === '-' ? 'standard input' : args.trace}: the trace has no requests`);
  const results = replay(trace, policies as CachePolicyName[], capacities);
  if (args.json) process.stdout.write(`${JSON.stringify(results)}\n`);
  else {
    process.stdout.write(`${trace.keys.length.toLocaleString('en-US')} requests, ${trace.uniqueKeys.toLocaleString('en-US')} distinct keys\n`);
    process.stdout.write('policy  capacity      hits  hit ratio\n');
    for (const r of results) {
      process.stdout.write(`${r.policy.padEnd(6)}  ${String(r.capacity).padStart(8)}  ${String(r.hits).padStart(8)}  ${(100 * r.hitRatio).toFixed(3).padStart(8)} %\n`);
    }
  }
  return 0;
}
