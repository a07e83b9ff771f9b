// `cachetopo keyslot <key…>` / `--file F [--hex]`: the hash slot of each key, one per line, in order,
// as Redis Cluster computes it. With --hex every line of F is a key's bytes in hex (an empty line is
// the empty key); without it every line is a key as UTF-8 text.

import { readFileSync } from 'node:fs';
import { keySlot } from '../../models/cluster/key-slot.js';
import { UsageError } from '../exit-codes.js';

export function keyslotCommand(args: { keys: string[]; file?: string | undefined; hex: boolean; slots: number }): number {
  if (!(Number.isInteger(args.slots) && args.slots >= 1 && args.slots <= 65536)) {
    throw new UsageError(`--slots: expected a whole number from 1 to 65536, got ${args.slots}`);
  }
  const keys: Uint8Array[] = args.keys.map((k) => (args.hex ? hexKey(k, 'argument') : Buffer.from(k, 'utf8')));
  if (args.file !== undefined) keys.push(...fileKeys(args.file, args.hex));
  if (keys.length === 0) throw new UsageError('keyslot: give keys as arguments or --file F');
  process.stdout.write(`${keys.map((k) => keySlot(k, args.slots)).join('\n')}\n`);
  return 0;
}

function fileKeys(file: string, hex: boolean): Uint8Array[] {
  let text: string;
  try {
    text = readFileSync(file, hex ? 'latin1' : 'utf8');
  } catch (error) {
    throw new UsageError(`${file}: cannot read: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line, i) => {
    const content = line.endsWith('\r') ? line.slice(0, -1) : line;
    return hex ? hexKey(content, `${file}:${i + 1}`) : Buffer.from(content, 'utf8');
  });
}

function hexKey(text: string, where: string): Uint8Array {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(text)) throw new UsageError(`${where}: expected the key's bytes in hex (pairs of 0-9a-f), got "${text.slice(0, 40)}"`);
  return Buffer.from(text, 'hex');
}
