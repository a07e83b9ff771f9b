// An output folder that always holds exactly one run's outputs, written all or nothing.
// - Before any simulation, `prepareOutputFolder` makes sure the folder can be created and written
//   and that every file name fits (255 bytes a name, 4,096 a path): a bad --out is bad input.
// - `writeOutputFiles` writes every file under a temporary name first (fsynced); only when all are
//   written are they renamed into place (then the folders are fsynced), so a failure (a full disk)
//   leaves the previous outputs as they were and no temporary file behind, and is one line naming
//   the file. The folder's manifest (`.cachetopo-outputs.json`) lists what the last run wrote; files
//   of the previous run that this one does not rewrite are removed, so a narrower --format leaves
//   no stale results.json for `compare` to read. Only files cachetopo wrote are ever removed.
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fsyncFolder, writeFileSynced } from '../experiment/durable-file.js';
const MANIFEST = '.cachetopo-outputs.json';
const MAX_NAME_BYTES = 255;
const MAX_PATH_BYTES = 4096;
/** Output files of a run folder written before manifests existed, recognised by name. */
const LEGACY_OUTPUTS = /^(results\.json|summary\.csv|timeseries\.csv|report\.md|perf\.json|sweep\.json|sweep\.csv|[^/]+\.svg|hgrm\/[^/]+\.hgrm)$/;
/** --out cannot be used (bad input: nothing was done). */
export class OutputFolderRefused extends Error {
}
/** A write failed midway (a failure of the run: exit 1). */
export class OutputWriteError extends Error {
}
const REASONS = {
    ENOSPC: 'no space left on device', EDQUOT: 'disk quota exceeded', EACCES: 'permission denied', EPERM: 'permission denied',
    EROFS: 'read-only file system', EIO: 'input/output error', ENAMETOOLONG: 'file name too long', ENOTDIR: 'a parent is not a folder',
    EISDIR: 'is a folder', EEXIST: 'exists',
};
export function reasonOf(error) {
    const code = error.code;
    return (code && REASONS[code]) ?? (error instanceof Error ? error.message.split('\n')[0] : String(error));
}
const nodeOps = {
    writeFile: (path, text) => writeFileSynced(path, text, 'wx'),
    rename: renameSync,
};
/** Checks that `dir` can hold files named `names` (relative paths); creates it. Throws OutputFolderRefused. */
export function prepareOutputFolder(dir, flag, names) {
    for (const name of names) {
        const long = name.split('/').find((part) => Buffer.byteLength(part) > MAX_NAME_BYTES);
        if (long !== undefined)
            throw new OutputFolderRefused(`${flag} ${dir}: the output file name "${long.slice(0, 40)}…" is ${Buffer.byteLength(long)} bytes, more than ${MAX_NAME_BYTES}: use shorter names`);
        if (Buffer.byteLength(join(dir, name)) > MAX_PATH_BYTES)
            throw new OutputFolderRefused(`${flag} ${dir}: the path of ${name} would exceed ${MAX_PATH_BYTES} bytes`);
    }
    try {
        if (statSync(dir, { throwIfNoEntry: false })?.isDirectory() === false)
            throw new OutputFolderRefused(`${flag} ${dir}: is a file, not a folder`);
        mkdirSync(dir, { recursive: true });
        const probe = join(dir, `.cachetopo-probe-${process.pid}`);
        nodeOps.writeFile(probe, '');
        unlinkSync(probe);
    }
    catch (error) {
        if (error instanceof OutputFolderRefused)
            throw error;
        throw new OutputFolderRefused(`${flag} ${dir}: cannot write there: ${reasonOf(error)}`);
    }
}
function previousOutputs(dir) {
    try {
        const listed = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8'));
        if (Array.isArray(listed) && listed.every((f) => typeof f === 'string'))
            return listed.filter((f) => !f.startsWith('/') && !f.split('/').includes('..'));
    }
    catch {
        // No manifest (a folder of an older cachetopo, or a new one): the known output names stand for it.
    }
    const list = (sub) => {
        try {
            return readdirSync(join(dir, sub)).map((n) => (sub === '' ? n : `${sub}/${n}`));
        }
        catch {
            return [];
        }
    };
    return [...list(''), ...list('hgrm')].filter((name) => LEGACY_OUTPUTS.test(name));
}
/**
 * Writes `files` ([relative path, text]) into `dir` as one run's outputs (see the header); returns
 * their paths. Throws OutputWriteError naming the file that could not be written.
 */
export function writeOutputFiles(dir, files, ops = nodeOps) {
    const stamp = `${process.pid}-${Date.now().toString(36)}`;
    const temporary = (name) => join(dir, dirname(name), `.${name.split('/').at(-1)}.${stamp}.tmp`);
    const attempted = [];
    const folders = new Set([dir, ...files.map(([name]) => join(dir, dirname(name)))]);
    try {
        for (const folder of folders)
            mkdirSync(folder, { recursive: true });
        for (const [name, text] of files) {
            try {
                ops.writeFile(temporary(name), text);
            }
            catch (error) {
                throw new OutputWriteError(`cannot write ${join(dir, name)}: ${reasonOf(error)}`);
            }
            finally {
                attempted.push(name);
            }
        }
        const manifest = JSON.stringify(files.map(([name]) => name).sort());
        try {
            ops.writeFile(temporary(MANIFEST), `${manifest}\n`);
        }
        catch (error) {
            throw new OutputWriteError(`cannot write ${join(dir, MANIFEST)}: ${reasonOf(error)}`);
        }
        finally {
            attempted.push(MANIFEST);
        }
    }
    catch (error) {
        for (const name of attempted)
            removeQuietly(temporary(name));
        if (error instanceof OutputWriteError)
            throw error;
        throw new OutputWriteError(`cannot write into ${dir}: ${reasonOf(error)}`);
    }
    const stale = previousOutputs(dir).filter((name) => !files.some(([n]) => n === name));
    for (const name of [...files.map(([n]) => n), MANIFEST])
        ops.rename(temporary(name), join(dir, name));
    for (const name of stale)
        removeQuietly(join(dir, name));
    for (const folder of folders)
        fsyncFolder(folder);
    return files.map(([name]) => join(dir, name));
}
function removeQuietly(path) {
    try {
        unlinkSync(path);
    }
    catch {
        // Already gone.
    }
}
//# sourceMappingURL=run-folder.js.map