// Reads back what `cachetopo run` (results.json) or `cachetopo sweep` (sweep.json) wrote into an
// output folder, for comparisons. "Infinity" strings become Infinity again.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS_FORMAT } from '../../experiment/results.js';
export class OutputFolderError extends Error {
}
function parse(path) {
    try {
        const data = JSON.parse(readFileSync(path, 'utf8'), (_k, v) => (v === 'Infinity' ? Infinity : v));
        if (typeof data !== 'object' || data === null)
            throw new Error('not an object');
        return data;
    }
    catch (error) {
        throw new OutputFolderError(`${path}: damaged (${error instanceof Error ? error.message.split('\n')[0] : String(error)}): write it again with cachetopo run or sweep`);
    }
}
export function readOutputFolder(dir) {
    if (!existsSync(dir) || !statSync(dir).isDirectory())
        throw new OutputFolderError(`${dir}: no such folder`);
    const sweepFile = join(dir, 'sweep.json');
    const runFile = join(dir, 'results.json');
    if (existsSync(sweepFile)) {
        const summary = parse(sweepFile);
        if (!Array.isArray(summary.points) || !Array.isArray(summary.axes))
            throw new OutputFolderError(`${sweepFile}: damaged (no points or axes): write it again with cachetopo sweep`);
        return { kind: 'sweep', dir, summary };
    }
    if (!existsSync(runFile)) {
        throw new OutputFolderError(`${dir}: neither results.json (written by cachetopo run with --format json) nor sweep.json (written by cachetopo sweep)`);
    }
    const results = parse(runFile);
    if (!(typeof results.format === 'number' && results.format >= 1 && results.format <= RESULTS_FORMAT))
        throw new OutputFolderError(`${runFile}: results format ${String(results.format)}, this cachetopo reads formats 1 to ${RESULTS_FORMAT}`);
    if (!Array.isArray(results.topologies))
        throw new OutputFolderError(`${runFile}: damaged (no topologies): write it again with cachetopo run`);
    return { kind: 'run', dir, results };
}
//# sourceMappingURL=output-folder.js.map