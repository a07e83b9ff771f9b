import { describe, expect, it } from 'vitest';
import { failureOf } from './sweep-job.js';

describe('a failed job', () => {
  it('keeps its message and the stacks of its error and of the causes under it, so --debug shows where a worker failed', () => {
    const root = new TypeError('no such node');
    const wrapped = new Error('topology c, replication 0 (seed 1): no such node', { cause: root });
    const f = failureOf(wrapped);
    expect(f.error).toBe('topology c, replication 0 (seed 1): no such node');
    expect(f.stack).toContain(`${wrapped.stack}\ncaused by: ${root.stack}`);
    expect(failureOf('plain')).toEqual({ error: 'plain' });
  });
});
