// Parameters shared by the `sharded` (client-side sharding) and `proxy` (twemproxy-like) topologies:
// the servers the keys are spread over, how keys map to them, and how a membership change spreads.
import { z } from 'zod';
import { count, durationNs } from '../../sim/scenario/quantities.js';
import { serverParams } from '../server/server-params.js';
import { l1Params } from '../l1/l1-params.js';
export const MAX_SHARDS = 1000;
export const shardingFields = {
    shards: count().refine((n) => n >= 1 && n <= MAX_SHARDS, `expected 1 to ${MAX_SHARDS} shards`).prefault(3)
        .describe('Redis servers the keys are spread over (<topology>/shard-<i>)'),
    spareNodes: count().refine((n) => n <= MAX_SHARDS, `expected at most ${MAX_SHARDS} spare nodes`).prefault(0)
        .describe('Redis servers started but in nobody\'s server list (<topology>/spare-<i>), for addNode operations'),
    hashing: z.enum(['modulo', 'ketama'], { error: () => 'expected modulo or ketama' }).prefault('ketama')
        .describe('key → server: modulo (hash(key) mod N, twemproxy\'s modula) or ketama (consistent-hash ring with virtual nodes, twemproxy\'s default)'),
    keyHash: z.enum(['fnv1a_64', 'murmur'], { error: () => 'expected fnv1a_64 or murmur' }).prefault('fnv1a_64')
        .describe('hash of the key name, as twemproxy\'s hash option: fnv1a_64 (its default; skewed under modulo, see key-hash.ts) or murmur (MurmurHash2)'),
    pointsPerServer: count().refine((n) => n >= 4 && n <= 10_000 && n % 4 === 0, 'expected a multiple of 4 from 4 to 10,000').prefault(160)
        .describe('ketama: points per server on the ring, 4 per MD5 digest (libketama and twemproxy: 160)'),
    rollout: durationNs().prefault('0s')
        .describe('a membership change (addNode, removeNode) reaches router i of n (client or proxy) at its time + rollout·i/n, as a rolling config deploy; 0s: all at once'),
    server: serverParams,
    l1: l1Params.optional().describe('an in-process cache on each application host in front of this topology'),
};
/** <topology>/shard-<i>, then <topology>/spare-<i>. */
export function shardNodeNames(p) {
    return [
        ...Array.from({ length: Math.min(p.shards, MAX_SHARDS) }, (_, i) => `${p.name}/shard-${i}`),
        ...Array.from({ length: Math.min(p.spareNodes, MAX_SHARDS) }, (_, i) => `${p.name}/spare-${i}`),
    ];
}
//# sourceMappingURL=sharding-params.js.map