// Test support: fresh temporary folders under one root per test file, deleted after the file's
// tests by removeTempDirs (test/support/setup.ts registers it for every test file), so test runs
// leave nothing in the system's temp folder.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let root: string | null = null;

export function removeTempDirs(): void {
  if (root !== null) rmSync(root, { recursive: true, force: true });
  root = null;
}

export function tempDir(): string {
  root ??= mkdtempSync(join(tmpdir(), 'cachetopo-test-'));
  return mkdtempSync(join(root, 'd-'));
}
