// RESP byte counts of requests and replies, from the protocol's framing, so bytes on the wire follow
// from key and value sizes. A command with k arguments is "*k\r\n" then "$len\r\narg\r\n" per argument.
/** Characters of `n` written in decimal (counted without building the string for whole numbers below 10^15). */
export function decimalLength(n) {
    if (!(Number.isInteger(n) && n >= 0 && n < 1e15))
        return String(n).length;
    let digits = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10))
        digits++;
    return digits;
}
function bulk(len) {
    return decimalLength(len) + len + 5;
}
/** GET/DEL key (two arguments). */
export function keyCommandBytes(nameBytes, keyBytes) {
    return 4 + bulk(nameBytes) + bulk(keyBytes);
}
/** SET key value. */
export function setCommandBytes(keyBytes, valueBytes) {
    return 4 + bulk(3) + bulk(keyBytes) + bulk(valueBytes);
}
/** MGET k1..kn. */
export function mgetCommandBytes(keys, keyBytes) {
    return decimalLength(keys + 1) + 3 + bulk(4) + keys * bulk(keyBytes);
}
/** A bulk-string reply of `valueBytes`, or the nil reply "$-1\r\n" when absent. */
export function valueReplyBytes(valueBytes, found) {
    return found ? bulk(valueBytes) : 5;
}
/** "+OK\r\n", ":1\r\n" and other short replies. */
export const SIMPLE_REPLY_BYTES = 5;
/** The array header of an n-element reply. */
export function arrayHeaderBytes(n) {
    return decimalLength(n) + 3;
}
/** A three-element array of bulk strings: PUBLISH channel message, and the "message" a subscriber receives. */
export function threeBulkBytes(a, b, c) {
    return 4 + bulk(a) + bulk(b) + bulk(c);
}
/** RESP2 client-tracking invalidation: a "message" on __redis__:invalidate whose payload is an array of `keys` keys. */
export function trackingInvalidationBytes(keys, keyBytes) {
    return 4 + bulk(7) + bulk(20) + arrayHeaderBytes(keys) + keys * bulk(keyBytes);
}
//# sourceMappingURL=wire-sizes.js.map