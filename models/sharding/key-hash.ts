// The hash of a workload key for client-side sharding and the proxy: twemproxy's default key hash,
// `fnv1a_64` (hashkit/nc_fnv.c), over the key's name "key:<k>" (ASCII). twemproxy computes it in
// 32-bit arithmetic with the 64-bit FNV constants truncated (offset 0x84222325, prime 0x1b3), which
// equals the low 32 bits of the real 64-bit FNV-1a. Computed on the fly from the key id (digits by
// arithmetic, no string): no memory per key, tens of ns per key.

const FNV_OFFSET = 0x84222325;
const FNV_PRIME = 0x1b3;

function step(hash: number, byte: number): number {
  return Math.imul(hash ^ byte, FNV_PRIME);
}

/** The hash of "key:" (the prefix every workload key name shares). */
const PREFIX_HASH = [0x6b, 0x65, 0x79, 0x3a].reduce(step, FNV_OFFSET);

/** twemproxy's fnv1a_64 of the name of workload key `key` ("key:<key>"), as an unsigned 32-bit number. */
export function keyHash(key: number): number {
  let hash = PREFIX_HASH;
  let unit = 1;
  while (unit * 10 <= key) unit *= 10;
  for (; unit >= 1; unit /= 10) hash = step(hash, 0x30 + (Math.floor(key / unit) % 10));
  return hash >>> 0;
}
