// `cachetopo keyslot <key…>` / `--file F [--hex]`: the hash slot of each key, one per line, in order,
// as Redis Cluster computes it. With --hex every line of F is a key's bytes in hex (an empty line is
// the empty key); without it every line is a key's bytes as written. The file is streamed twice, in
// bounded memory whatever its length: once to check every line (bad input is refused before any
// output), once to print the slots in chunks, waiting for stdout to drain (a slow pipe holds no backlog).
import { once } from 'node:events';
import { fileLines, FileReadError } from '../../experiment/trace/file-lines.js';
import { keySlot } from '../../models/cluster/key-slot.js';
import { UsageError } from '../exit-codes.js';
/** The longest line of a key file: keys this long are far beyond what a cache holds. */
const MAX_LINE_BYTES = 1 << 24;
const OUTPUT_CHUNK_CHARS = 1 << 16;
const HEX_LINE = /^(?:[0-9a-fA-F]{2})*$/;
export async function keyslotCommand(args) {
    if (!(Number.isInteger(args.slots) && args.slots >= 1 && args.slots <= 65536)) {
        throw new UsageError(`--slots: expected a whole number from 1 to 65536, got ${args.slots}`);
    }
    const keys = args.keys.map((k) => (args.hex ? hexKey(k, 'argument') : Buffer.from(k, 'utf8')));
    if (args.file === undefined && keys.length === 0)
        throw new UsageError('keyslot: give keys as arguments or --file F');
    if (args.file !== undefined)
        for (const [line, n] of keyLines(args.file))
            if (args.hex)
                hexKey(line.toString('latin1'), `${args.file}:${n}`);
    let out = keys.map((k) => `${keySlot(k, args.slots)}\n`).join('');
    if (args.file !== undefined) {
        for (const [line] of keyLines(args.file)) {
            out += `${keySlot(args.hex ? Buffer.from(line.toString('latin1'), 'hex') : line, args.slots)}\n`;
            if (out.length < OUTPUT_CHUNK_CHARS)
                continue;
            if (!process.stdout.write(out))
                await once(process.stdout, 'drain');
            out = '';
        }
    }
    process.stdout.write(out);
    return 0;
}
function* keyLines(file) {
    try {
        yield* fileLines(file, 'the file', MAX_LINE_BYTES);
    }
    catch (error) {
        if (error instanceof FileReadError)
            throw new UsageError(`${file}: ${error.message}`);
        throw error;
    }
}
function hexKey(text, where) {
    if (!HEX_LINE.test(text))
        throw new UsageError(`${where}: expected the key's bytes in hex (pairs of 0-9a-f), got "${text.slice(0, 40)}"`);
    return Buffer.from(text, 'hex');
}
//# sourceMappingURL=keyslot.js.map