// `cachetopo compare <runDirA> <runDirB> [--json]`: two run folders (results.json) or two sweep
// folders (sweep.json) side by side, every metric with its difference and whether it exceeds the
// combined confidence interval.

import { compareFolders } from '../../reports/compare/compare-folders.js';
import { compareMarkdown } from '../../reports/compare/compare-md.js';
import { OutputFolderError, readOutputFolder, type OutputFolder } from '../../reports/compare/output-folder.js';
import { UsageError } from '../exit-codes.js';

function read(dir: string): OutputFolder {
  try {
    return readOutputFolder(dir);
  } catch (error) {
    if (error instanceof OutputFolderError) throw new UsageError(`cachetopo compare: ${error.message}`);
    throw error;
  }
}

export function compareCommand(args: { a: string; b: string; json: boolean }): number {
  const a = read(args.a);
  const b = read(args.b);
  if (a.kind !== b.kind) throw new UsageError(`cachetopo compare: ${args.a} holds a ${a.kind} and ${args.b} a ${b.kind}; compare two runs or two sweeps`);
  let comparison;
  try {
    comparison = compareFolders(a, b);
  } catch (error) {
    // What passed the folders' checks and still cannot be read (an edited histogram, say) is damaged input.
    throw new UsageError(`cachetopo compare: ${args.a} or ${args.b}: damaged results (${error instanceof Error ? error.message.split('\n')[0] : String(error)}): write them again with cachetopo run or sweep`);
  }
  process.stdout.write(args.json ? `${JSON.stringify(comparison, null, 1)}\n` : compareMarkdown(comparison));
  return 0;
}
