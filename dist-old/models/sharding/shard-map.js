// Which server a key goes to, given the list of servers a client (or proxy) is configured with, as
// twemproxy's two distributions compute it (hashkit/nc_modula.c, nc_ketama.c):
// - modulo: server list[hash mod N]; the list keeps its configured order, an added server goes last.
// - ketama: a continuum of `pointsPerServer` points per server (libketama: for i in 0..points/4−1,
//   the MD5 digest of "<server name>-<i>" gives 4 points, its little-endian 32-bit words); a key goes
//   to the first point ≥ its hash, wrapping to the first point. Points are sorted by value, ties by
//   list position (qsort's order there is unspecified).
// The key hash is one of key-hash.ts's. Servers have equal weights (weights are not modeled). A map is
// immutable: a membership change builds a new one. Per key: one hash and, for ketama, a binary search
// over N·points typed-array entries.
import { createHash } from 'node:crypto';
import { KEY_HASHES } from './key-hash.js';
class ModuloMap {
    servers;
    keyHash;
    constructor(servers, keyHash) {
        this.servers = servers;
        this.keyHash = keyHash;
    }
    serverOf(key) {
        return this.servers[this.keyHash(key) % this.servers.length];
    }
}
class KetamaMap {
    servers;
    keyHash;
    points;
    owners;
    constructor(servers, keyHash, names, pointsPerServer) {
        this.servers = servers;
        this.keyHash = keyHash;
        const values = [];
        const owners = [];
        servers.forEach((node, position) => {
            for (let i = 0; i < pointsPerServer / 4; i++) {
                const digest = createHash('md5').update(`${names[node]}-${i}`).digest();
                for (let word = 0; word < 4; word++) {
                    values.push(digest.readUInt32LE(word * 4));
                    owners.push(position);
                }
            }
        });
        const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b] || owners[a] - owners[b]);
        this.points = Uint32Array.from(order, (i) => values[i]);
        this.owners = Int32Array.from(order, (i) => servers[owners[i]]);
    }
    serverOf(key) {
        const hash = this.keyHash(key);
        const points = this.points;
        let left = 0;
        let right = points.length;
        while (left < right) {
            const middle = (left + right) >>> 1;
            if (points[middle] < hash)
                left = middle + 1;
            else
                right = middle;
        }
        return this.owners[right === points.length ? 0 : right];
    }
}
/** The map for `servers` (node indexes, in configured order; `names[node]` is a node's ketama name). */
export function shardMap(h, servers, names) {
    if (servers.length === 0)
        throw new RangeError('a shard map needs at least one server');
    const hash = KEY_HASHES[h.keyHash];
    return h.hashing === 'modulo' ? new ModuloMap(servers, hash) : new KetamaMap(servers, hash, names, h.pointsPerServer);
}
//# sourceMappingURL=shard-map.js.map