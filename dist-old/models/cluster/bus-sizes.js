// Byte sizes of cluster-bus messages on the wire (REDIS-MODEL §2.1–2.2, x86-64 Redis 7.0). The
// header carries the sender's slot bitmap of slots/8 bytes (2048 for 16384 slots), so the header
// is 208 + slots/8 bytes (2256 at 16384). Redis 7.2+ adds a 48-byte shard-id extension to every
// PING/PONG/MEET.
export const GOSSIP_ENTRY_BYTES = 104;
export const FAIL_BODY_BYTES = 40;
export const SHARD_ID_EXTENSION_BYTES = 48;
const HEADER_WITHOUT_BITMAP = 2256 - 2048;
export function headerBytes(slots) {
    return HEADER_WITHOUT_BITMAP + Math.ceil(slots / 8);
}
/** PING, PONG or MEET with `entries` gossip entries (PFAIL entries included). */
export function heartbeatBytes(slots, entries, shardIdExtension) {
    return headerBytes(slots) + GOSSIP_ENTRY_BYTES * entries + (shardIdExtension ? SHARD_ID_EXTENSION_BYTES : 0);
}
/** FAIL: header + the failed node's id. */
export function failBytes(slots) {
    return headerBytes(slots) + FAIL_BODY_BYTES;
}
/** UPDATE: header + configEpoch (8) + node id (40) + slot bitmap. */
export function updateBytes(slots) {
    return headerBytes(slots) + 48 + Math.ceil(slots / 8);
}
/** PUBLISH / PUBLISHSHARD: header + channel_len and message_len (4 each) + the channel and message bytes. */
export function publishBytes(slots, channelBytes, messageBytes) {
    return headerBytes(slots) + 8 + channelBytes + messageBytes;
}
/** Gossip entries wanted per heartbeat: clamp(floor(N/10), 3, N − 2), N = known nodes including self. */
export function wantedGossip(knownNodes) {
    return Math.max(0, Math.min(Math.max(Math.floor(knownNodes / 10), 3), knownNodes - 2));
}
//# sourceMappingURL=bus-sizes.js.map