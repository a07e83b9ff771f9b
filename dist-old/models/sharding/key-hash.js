// The hash of a workload key for client-side sharding and the proxy, as twemproxy's `hash:` option
// computes it over the key's name "key:<k>" (ASCII; hashkit/nc_fnv.c, nc_murmur.c):
// - fnv1a_64 (twemproxy's default): FNV-1a in 32-bit arithmetic with the 64-bit constants truncated
//   (offset 0x84222325, prime 0x1b3), i.e. the low 32 bits of the real 64-bit FNV-1a. Its prime is a
//   multiple of 3 and its low bits follow the last digits closely: with `modulo` over 3 servers,
//   "key:0".."key:99999" split 31.5 / 43.6 / 24.9 %, a real property of that configuration.
// - murmur: twemproxy's MurmurHash2 (seed 0xdeadbeef·length, 4-byte little-endian blocks).
// The name is written into a scratch buffer from the key id (no string, no memory per key).
const name = new Uint8Array(24);
name.set([0x6b, 0x65, 0x79, 0x3a]);
/** Writes "key:<key>" into `name`; returns its length. */
function writeName(key) {
    let unit = 1;
    while (unit * 10 <= key)
        unit *= 10;
    let len = 4;
    for (; unit >= 1; unit /= 10)
        name[len++] = 0x30 + (Math.floor(key / unit) % 10);
    return len;
}
function fnv1a64(key) {
    const len = writeName(key);
    let hash = 0x84222325;
    for (let i = 0; i < len; i++)
        hash = Math.imul(hash ^ name[i], 0x1b3);
    return hash >>> 0;
}
const M = 0x5bd1e995;
function murmur(key) {
    const len = writeName(key);
    let h = (Math.imul(0xdeadbeef, len) ^ len) >>> 0;
    let i = 0;
    for (; len - i >= 4; i += 4) {
        let k = name[i] | (name[i + 1] << 8) | (name[i + 2] << 16) | (name[i + 3] << 24);
        k = Math.imul(k, M);
        k ^= k >>> 24;
        k = Math.imul(k, M);
        h = Math.imul(h, M) ^ k;
    }
    const rest = len - i;
    if (rest === 3)
        h ^= name[i + 2] << 16;
    if (rest >= 2)
        h ^= name[i + 1] << 8;
    if (rest >= 1)
        h = Math.imul(h ^ name[i], M);
    h ^= h >>> 13;
    h = Math.imul(h, M);
    h ^= h >>> 15;
    return h >>> 0;
}
export const KEY_HASHES = { fnv1a_64: fnv1a64, murmur };
//# sourceMappingURL=key-hash.js.map