// An output folder that always holds exactly one run's outputs, written all or nothing.
// - Before any simulation, `prepareOutputFolder` makes sure the folder can be created and written
//   and that every file name fits (255 bytes a name, 4,096 a path): a bad --out is bad input. It
//   refuses a folder that holds another kind's outputs (a run into a sweep's folder would remove the
//   sweep's files), and one without a manifest (nor, for a sweep or a capacity search, the record of
//   an interrupted one) that holds files named as this kind's outputs: cachetopo did not write them,
//   and would overwrite them.
// - `writeOutputFiles` writes every file under a temporary name first (fsynced); only when all are
//   written are they renamed into place (then the folders are fsynced), so a failure (a full disk)
//   leaves the previous outputs as they were and no temporary file behind, and is one line naming
//   the file. The folder's manifest (`.cachetopo-outputs.json`) lists what the last run wrote; files
//   of the previous run that this one does not rewrite are removed, so a narrower --format leaves
//   no stale results.json for `compare` to read. Only files a manifest lists are ever removed.

import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fsyncFolder, writeFileSynced } from '../experiment/durable-file.js';

const MANIFEST = '.cachetopo-outputs.json';
const MAX_NAME_BYTES = 255;
const MAX_PATH_BYTES = 4096;

/** What a folder holds the outputs of, and the file each kind always writes (its marker). */
export type OutputKind = 'run' | 'sweep' | 'capacity';
const MARKERS: readonly [OutputKind, string][] = [['sweep', 'sweep-plan.json'], ['capacity', 'probes'], ['run', 'perf.json']];
/** The names each kind writes at the top of its folder (files, plots, folders). */
const OUTPUT_NAMES: Record<OutputKind, RegExp> = {
  run: /^(report\.md|summary\.csv|timeseries\.csv|results\.json|perf\.json|.+\.svg|hgrm)$/,
  sweep: /^(report\.md|summary\.csv|timeseries\.csv|sweep\.json|sweep-.+\.svg|hgrm|runs)$/,
  capacity: /^(report\.md|capacity\.csv|capacity\.json|capacity-.+\.svg|probes)$/,
};

/** --out cannot be used (bad input: nothing was done). */
export class OutputFolderRefused extends Error {}
/** A write failed midway (a failure of the run: exit 1). */
export class OutputWriteError extends Error {}

const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on device', EDQUOT: 'disk quota exceeded', EACCES: 'permission denied', EPERM: 'permission denied',
  EROFS: 'read-only file system', EIO: 'input/output error', ENAMETOOLONG: 'file name too long', ENOTDIR: 'a parent is not a folder',
  EISDIR: 'is a folder', EEXIST: 'exists',
};

export function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return (code && REASONS[code]) ?? (error instanceof Error ? error.message.split('\n')[0]! : String(error));
}

/** The file operations the writer uses (a test may make one fail). */
export interface FileOps {
  writeFile(path: string, text: string): void;
  rename(from: string, to: string): void;
}

const nodeOps: FileOps = {
  writeFile: (path, text) => writeFileSynced(path, text, 'wx'),
  rename: renameSync,
};

/** Checks that `dir` can hold the outputs of a `kind` named `names` (relative paths); creates it, and says whether it was new. Throws OutputFolderRefused. */
export function prepareOutputFolder(dir: string, flag: string, kind: OutputKind, names: readonly string[]): boolean {
  if (dir === '') throw new OutputFolderRefused(`${flag}: expected a folder name`);
  for (const name of names) {
    const long = name.split('/').find((part) => Buffer.byteLength(part) > MAX_NAME_BYTES);
    if (long !== undefined) throw new OutputFolderRefused(`${flag} ${dir}: the output file name "${long.slice(0, 40)}…" is ${Buffer.byteLength(long)} bytes, more than ${MAX_NAME_BYTES}: use shorter names`);
    if (Buffer.byteLength(join(dir, name)) > MAX_PATH_BYTES) throw new OutputFolderRefused(`${flag} ${dir}: the path of ${name} would exceed ${MAX_PATH_BYTES} bytes`);
  }
  try {
    if (statSync(dir, { throwIfNoEntry: false })?.isDirectory() === false) throw new OutputFolderRefused(`${flag} ${dir}: is a file, not a folder`);
    refuseBlockedNames(dir, flag, names);
    refuseOthersFiles(dir, flag, kind);
    const created = !existsSync(dir);
    makeFolder(dir, flag);
    const probe = join(dir, `.cachetopo-probe-${process.pid}`);
    nodeOps.writeFile(probe, '');
    unlinkSync(probe);
    return created;
  } catch (error) {
    if (error instanceof OutputFolderRefused) throw error;
    throw new OutputFolderRefused(`${flag} ${dir}: cannot write there: ${reasonOf(error)}`);
  }
}

/**
 * Makes `dir` and its missing parents one at a time. Node 20's recursive mkdirSync loops forever where
 * mkdir fails with ENOENT under a parent that exists (under /proc); this refuses such a folder instead.
 */
function makeFolder(dir: string, flag: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) missing.unshift(d);
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new OutputFolderRefused(`${flag} ${dir}: cannot write there: ${dirname(d)} takes no new folders`);
      throw error;
    }
  }
}

/** Refuses a folder of another kind's outputs, or one holding files named as this kind's outputs that cachetopo did not write. */
function refuseOthersFiles(dir: string, flag: string, kind: OutputKind): void {
  const other = MARKERS.find(([k, marker]) => k !== kind && existsSync(join(dir, marker)));
  if (other) throw new OutputFolderRefused(`${flag} ${dir}: holds a ${other[0]}'s outputs (${other[1]}), which a ${kind} would remove: use another folder`);
  // A run's folder is ours only with its manifest (a run writes all at the end); a sweep or a search keeps its record before its first report.
  if (existsSync(join(dir, MANIFEST)) || (kind !== 'run' && existsSync(join(dir, MARKERS.find(([k]) => k === kind)![1])))) return;
  const foreign = (existsSync(dir) ? readdirSync(dir) : []).filter((name) => OUTPUT_NAMES[kind].test(name)).sort();
  if (foreign.length > 0) {
    throw new OutputFolderRefused(`${flag} ${dir}: holds ${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ' and more' : ''}, not written by cachetopo (no ${MANIFEST}): use another folder, or move them`);
  }
}

/** Refuses names that a folder is in the way of, and folders that a file is in the way of (`hgrm` a file, `report.md` a folder). */
function refuseBlockedNames(dir: string, flag: string, names: readonly string[]): void {
  for (const name of names) {
    const parts = name.split('/');
    for (let i = 1; i < parts.length; i++) {
      const sub = parts.slice(0, i).join('/');
      if (statSync(join(dir, sub), { throwIfNoEntry: false })?.isDirectory() === false) throw new OutputFolderRefused(`${flag} ${dir}: ${sub} is a file, where the outputs need a folder`);
    }
    if (statSync(join(dir, name), { throwIfNoEntry: false })?.isDirectory()) throw new OutputFolderRefused(`${flag} ${dir}: ${name} is a folder, where an output file goes`);
  }
}

/** The files the folder's manifest says cachetopo wrote there last (none without a manifest). */
function previousOutputs(dir: string): string[] {
  try {
    const listed = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as unknown;
    if (Array.isArray(listed) && listed.every((f) => typeof f === 'string')) return listed.filter((f) => !f.startsWith('/') && !f.split('/').includes('..'));
  } catch {
    // No manifest, or a damaged one: nothing is known to be ours, so nothing is removed.
  }
  return [];
}

/**
 * Writes `files` ([relative path, text]) into `dir` as one run's outputs (see the header); returns
 * their paths. Throws OutputWriteError naming the file that could not be written.
 */
export function writeOutputFiles(dir: string, files: readonly [string, string][], ops: FileOps = nodeOps): string[] {
  const stamp = `${process.pid}-${Date.now().toString(36)}`;
  const temporary = (name: string) => join(dir, dirname(name), `.${name.split('/').at(-1)}.${stamp}.tmp`);
  const attempted: string[] = [];
  const folders = new Set([dir, ...files.map(([name]) => join(dir, dirname(name)))]);
  try {
    for (const folder of folders) mkdirSync(folder, { recursive: true });
    for (const [name, text] of files) {
      try {
        ops.writeFile(temporary(name), text);
      } catch (error) {
        throw new OutputWriteError(`cannot write ${join(dir, name)}: ${reasonOf(error)}`);
      } finally {
        attempted.push(name);
      }
    }
    const manifest = JSON.stringify(files.map(([name]) => name).sort());
    try {
      ops.writeFile(temporary(MANIFEST), `${manifest}\n`);
    } catch (error) {
      throw new OutputWriteError(`cannot write ${join(dir, MANIFEST)}: ${reasonOf(error)}`);
    } finally {
      attempted.push(MANIFEST);
    }
  } catch (error) {
    for (const name of attempted) removeQuietly(temporary(name));
    if (error instanceof OutputWriteError) throw error;
    throw new OutputWriteError(`cannot write into ${dir}: ${reasonOf(error)}`);
  }
  const stale = previousOutputs(dir).filter((name) => !files.some(([n]) => n === name));
  for (const name of [...files.map(([n]) => n), MANIFEST]) ops.rename(temporary(name), join(dir, name));
  for (const name of stale) removeQuietly(join(dir, name));
  for (const folder of folders) fsyncFolder(folder);
  return files.map(([name]) => join(dir, name));
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}
