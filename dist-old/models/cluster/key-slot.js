// The hash slot of a key exactly as Redis computes it (keyHashSlot, REDIS-MODEL §6): if the key
// has a "{" followed later by a "}" with at least one byte between them, only the bytes between
// the first "{" and the first "}" after it are hashed; otherwise the whole key. Binary-safe.
// slot = crc16 & (slots − 1) for a power-of-two slot count (16384 in Redis); other counts use mod.
import { crc16 } from './crc16.js';
export const REDIS_CLUSTER_SLOTS = 16384;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const utf8 = new TextEncoder();
export function keySlot(key, slots = REDIS_CLUSTER_SLOTS) {
    const bytes = typeof key === 'string' ? utf8.encode(key) : key;
    const open = bytes.indexOf(OPEN);
    let start = 0;
    let end = bytes.length;
    if (open >= 0) {
        const close = bytes.indexOf(CLOSE, open + 1);
        if (close > open + 1) {
            start = open + 1;
            end = close;
        }
    }
    const crc = crc16(bytes, start, end);
    return (slots & (slots - 1)) === 0 ? crc & (slots - 1) : crc % slots;
}
//# sourceMappingURL=key-slot.js.map