// RESP byte counts of requests and replies, from the protocol's framing, so bytes on the wire follow
// from key and value sizes. A command with k arguments is "*k\r\n" then "$len\r\narg\r\n" per argument.

/** Characters of `n` written in decimal (counted without building the string for whole numbers below 10^15). */
export function decimalLength(n: number): number {
  if (!(Number.isInteger(n) && n >= 0 && n < 1e15)) return String(n).length;
  let digits = 1;
  for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
  return digits;
}

function bulk(len: number): number {
  return decimalLength(len) + len + 5;
}

/** GET/DEL key (two arguments). */
export function keyCommandBytes(nameBytes: number, keyBytes: number): number {
  return 4 + bulk(nameBytes) + bulk(keyBytes);
}

/** SET key value. */
export function setCommandBytes(keyBytes: number, valueBytes: number): number {
  return 4 + bulk(3) + bulk(keyBytes) + bulk(valueBytes);
}

/** Bytes a lock key adds to its key's name: "lock:{" … "}" (the hash tag keeps it in its key's slot). */
const LOCK_KEY_EXTRA_BYTES = 7;
/** A lock's random token (16 bytes, so that only its holder's compare-and-delete removes it). */
const LOCK_TOKEN_BYTES = 16;

/** SET lock:{key} token NX PX ttlMs. */
export function lockCommandBytes(keyBytes: number, ttlMs: number): number {
  return 4 + bulk(3) + bulk(keyBytes + LOCK_KEY_EXTRA_BYTES) + bulk(LOCK_TOKEN_BYTES) + bulk(2) + bulk(2) + bulk(decimalLength(ttlMs));
}

/** DEL lock:{key}. */
export function unlockCommandBytes(keyBytes: number): number {
  return keyCommandBytes(3, keyBytes + LOCK_KEY_EXTRA_BYTES);
}

/** MSET k1 v1 … kn vn, given Σ over the pairs of bulk(key) + bulk(value) (`pairsBytes`). */
export function msetCommandBytes(pairs: number, pairsBytes: number): number {
  return decimalLength(2 * pairs + 1) + 3 + bulk(4) + pairsBytes;
}

/** One pair's bytes in an MSET. */
export function msetPairBytes(keyBytes: number, valueBytes: number): number {
  return bulk(keyBytes) + bulk(valueBytes);
}

/** MULTI, then the queued commands (`commandsBytes`), then EXEC. */
export function multiBytes(commandsBytes: number): number {
  return 4 + bulk(5) + commandsBytes + 4 + bulk(4);
}

/** EVALSHA <40-hex sha> numkeys k1..kn. */
export function evalshaCommandBytes(keys: number, keyBytes: number): number {
  return decimalLength(keys + 3) + 3 + bulk(7) + bulk(40) + bulk(decimalLength(keys)) + keys * bulk(keyBytes);
}

/** MGET k1..kn. */
export function mgetCommandBytes(keys: number, keyBytes: number): number {
  return decimalLength(keys + 1) + 3 + bulk(4) + keys * bulk(keyBytes);
}

/** A bulk-string reply of `valueBytes`, or the nil reply "$-1\r\n" when absent. */
export function valueReplyBytes(valueBytes: number, found: boolean): number {
  return found ? bulk(valueBytes) : 5;
}

/** "+OK\r\n", ":1\r\n" and other short replies. */
export const SIMPLE_REPLY_BYTES = 5;

/** The array header of an n-element reply. */
export function arrayHeaderBytes(n: number): number {
  return decimalLength(n) + 3;
}

/** A three-element array of bulk strings: PUBLISH channel message, and the "message" a subscriber receives. */
export function threeBulkBytes(a: number, b: number, c: number): number {
  return 4 + bulk(a) + bulk(b) + bulk(c);
}

/** RESP2 client-tracking invalidation: a "message" on __redis__:invalidate whose payload is an array of `keys` keys. */
export function trackingInvalidationBytes(keys: number, keyBytes: number): number {
  return 4 + bulk(7) + bulk(20) + arrayHeaderBytes(keys) + keys * bulk(keyBytes);
}
