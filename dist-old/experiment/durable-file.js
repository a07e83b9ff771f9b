// Files that survive a crash or a power loss once written: the data is fsynced before the file is
// renamed into place, and the folder after, so a name present is a file complete.
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
/** Writes `text` to `path` and fsyncs it; `flag` 'wx' refuses an existing file (never follows a planted link). */
export function writeFileSynced(path, text, flag = 'w') {
    const fd = openSync(path, flag);
    try {
        const bytes = Buffer.from(text, 'utf8');
        for (let at = 0; at < bytes.length;)
            at += writeSync(fd, bytes, at, bytes.length - at);
        fsyncSync(fd);
    }
    finally {
        closeSync(fd);
    }
}
/** Makes the folder's entries (renames, new files) durable; a file system that refuses fsync on a folder is let be. */
export function fsyncFolder(dir) {
    let fd;
    try {
        fd = openSync(dir, 'r');
    }
    catch {
        return;
    }
    try {
        fsyncSync(fd);
    }
    catch {
        // EINVAL on some file systems: the renames are as durable as they can be there.
    }
    finally {
        closeSync(fd);
    }
}
/** Writes `text` to `path` through a temporary file: written, fsynced, renamed, and the folder fsynced. */
export function writeDurably(path, text) {
    const temporary = `${path}.tmp`;
    writeFileSynced(temporary, text);
    renameSync(temporary, path);
    fsyncFolder(dirname(path));
}
//# sourceMappingURL=durable-file.js.map