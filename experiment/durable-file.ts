// Files that survive a crash or a power loss once written: the data is fsynced before the file is
// renamed into place, and the folder after, so a name present is a file complete.

import { closeSync, existsSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { threadId } from 'node:worker_threads';

/** Writes `text` to `path` and fsyncs it; `flag` 'wx' refuses an existing file (never follows a planted link). */
export function writeFileSynced(path: string, text: string, flag: 'w' | 'wx' = 'w'): void {
  const fd = openSync(path, flag);
  try {
    const bytes = Buffer.from(text, 'utf8');
    for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes the folder's entries (renames, new files) durable; a file system that refuses fsync on a folder is let be. */
export function fsyncFolder(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // EINVAL on some file systems: the renames are as durable as they can be there.
  } finally {
    closeSync(fd);
  }
}

let temporaries = 0;

/**
 * Writes `text` to `path` through a temporary file: written, fsynced, renamed, and the folder
 * fsynced. The temporary file's name is this process's own, so two processes writing the same file
 * (two sweeps run into one folder) never rename each other's.
 */
export function writeDurably(path: string, text: string): void {
  const temporary = `${path}.${process.pid}-${threadId}-${temporaries++}.tmp`;
  writeFileSynced(temporary, text);
  renameSync(temporary, path);
  fsyncFolder(dirname(path));
}

/** Moves a damaged `file` aside, to `<file>.damaged` or, when that is taken by an earlier one, `<file>.damaged-2`, -3…; returns the name it got. */
export function keepAside(file: string): string {
  let aside = `${file}.damaged`;
  for (let n = 2; existsSync(aside); n++) aside = `${file}.damaged-${n}`;
  renameSync(file, aside);
  return aside;
}
