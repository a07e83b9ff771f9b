// Reading a file (or standard input) in chunks, and line by line as bytes, in bounded memory: a line
// is split at '\n' on the bytes (a multi-byte UTF-8 character across two chunks stays whole), with a
// trailing '\r' removed, and a line longer than `maxLineBytes` is refused. Opening refuses anything
// but a regular file (a FIFO nobody writes to would hang), unless `-` asks for standard input.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
const CHUNK_BYTES = 1 << 22;
export class FileReadError extends Error {
}
/** Successive chunks of `file` (`-`: standard input), each valid until the next is asked for; `what` names it in errors ("the trace"). */
export function* fileChunks(file, what) {
    let fd;
    try {
        fd = file === '-' ? 0 : openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    }
    catch (error) {
        const code = error.code;
        throw new FileReadError(`cannot read ${what}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : error.message}`);
    }
    try {
        if (fd !== 0) {
            const stat = fstatSync(fd);
            if (!stat.isFile())
                throw new FileReadError(`cannot read ${what}: not a regular file (${stat.isDirectory() ? 'a folder' : 'a device, pipe or socket; give - to read standard input'})`);
        }
        const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
        for (;;) {
            const bytes = readSync(fd, buffer, 0, CHUNK_BYTES, null);
            if (bytes === 0)
                return;
            yield buffer.subarray(0, bytes);
        }
    }
    finally {
        if (fd !== 0)
            closeSync(fd);
    }
}
/** Every line of `file` as bytes with its number (a last line without '\n' included, an empty last one not); each valid until the next. */
export function* fileLines(file, what, maxLineBytes) {
    let carry = Buffer.alloc(0);
    let lineNumber = 0;
    const line = (bytes) => [bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, -1) : bytes, ++lineNumber];
    for (const data of fileChunks(file, what)) {
        let start = 0;
        for (let nl = data.indexOf(0x0a); nl >= 0; nl = data.indexOf(0x0a, start)) {
            if (carry.length > 0) {
                yield line(Buffer.concat([carry, data.subarray(start, nl)]));
                carry = Buffer.alloc(0);
            }
            else
                yield line(data.subarray(start, nl));
            start = nl + 1;
        }
        if (carry.length + data.length - start > maxLineBytes)
            throw new FileReadError(`line ${lineNumber + 1}: longer than ${maxLineBytes.toLocaleString('en-US')} bytes`);
        carry = Buffer.concat([carry, data.subarray(start)]);
    }
    if (carry.length > 0)
        yield line(carry);
}
//# sourceMappingURL=file-lines.js.map