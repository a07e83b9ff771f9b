import { appendFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/temp-dir.js';
import { jobInputsDigest } from './job-inputs.js';

describe('jobInputsDigest', () => {
  it('is the same for the same bytes at another path, and changes when the scenario file or its trace file changes', () => {
    const dir = tempDir();
    for (const f of ['trace-workload.yaml', 'tiny.txt']) copyFileSync(join('test/fixtures/traces', f), join(dir, f));
    const job = { file: join(dir, 'trace-workload.yaml'), sets: [] };
    const before = jobInputsDigest(job);
    expect(jobInputsDigest({ file: 'test/fixtures/traces/trace-workload.yaml', sets: [] })).toBe(before);
    appendFileSync(join(dir, 'tiny.txt'), 'one-more-key\n');
    const traceEdited = jobInputsDigest(job);
    expect(traceEdited).not.toBe(before);
    appendFileSync(job.file, '# edited\n');
    expect(jobInputsDigest(job)).not.toBe(traceEdited);
  });
});
