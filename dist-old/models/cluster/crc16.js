// CRC-16/XMODEM (poly 0x1021, init 0, no reflection, no final xor), the checksum Redis Cluster
// hashes keys with (REDIS-MODEL §6). The 256-entry table is computed at load, not copied.
const TABLE = (() => {
    const table = new Uint16Array(256);
    for (let byte = 0; byte < 256; byte++) {
        let crc = byte << 8;
        for (let bit = 0; bit < 8; bit++)
            crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
        table[byte] = crc;
    }
    return table;
})();
/** CRC-16/XMODEM of bytes[start, end). */
export function crc16(bytes, start = 0, end = bytes.length) {
    let crc = 0;
    for (let i = start; i < end; i++)
        crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ bytes[i]) & 0xff];
    return crc;
}
//# sourceMappingURL=crc16.js.map