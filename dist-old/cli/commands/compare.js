// `cachetopo compare <runDirA> <runDirB> [--json]`: two run folders (results.json) or two sweep
// folders (sweep.json) side by side, every metric with its difference and whether it exceeds the
// combined confidence interval.
import { compareFolders } from '../../reports/compare/compare-folders.js';
import { compareMarkdown } from '../../reports/compare/compare-md.js';
import { OutputFolderError, readOutputFolder } from '../../reports/compare/output-folder.js';
import { UsageError } from '../exit-codes.js';
function read(dir) {
    try {
        return readOutputFolder(dir);
    }
    catch (error) {
        if (error instanceof OutputFolderError)
            throw new UsageError(`cachetopo compare: ${error.message}`);
        throw error;
    }
}
export function compareCommand(args) {
    const a = read(args.a);
    const b = read(args.b);
    if (a.kind !== b.kind)
        throw new UsageError(`cachetopo compare: ${args.a} holds a ${a.kind} and ${args.b} a ${b.kind}; compare two runs or two sweeps`);
    const comparison = compareFolders(a, b);
    process.stdout.write(args.json ? `${JSON.stringify(comparison, null, 1)}\n` : compareMarkdown(comparison));
    return 0;
}
//# sourceMappingURL=compare.js.map