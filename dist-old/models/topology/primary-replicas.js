// What `replicated` and `sentinel` share: the parameters of one primary with R replicas, and their
// wiring: a Redis server per node on its own host (the primary in the first zone, replica j in zone
// j + 1 mod zones), asynchronous replication through one hub, one write ledger, and
// min-replicas-to-write when set. Node names: <topology>/primary, <topology>/replica-<j>.
import { z } from 'zod';
import { count, durationNs } from '../../sim/scenario/quantities.js';
import { MinReplicas } from '../replication/min-replicas.js';
import { ReplicationHub } from '../replication/replication-hub.js';
import { WriteLedger } from '../replication/write-ledger.js';
import { RedisServer } from '../server/redis-server.js';
import { serverParams } from '../server/server-params.js';
import { keysExpire } from '../workload/workload-params.js';
import { l1Params } from '../l1/l1-params.js';
/** The parameter fields after `name` and `kind`. */
const MAX_REPLICAS = 100;
export const primaryReplicaFields = {
    replicas: count().refine((n) => n <= MAX_REPLICAS, `expected at most ${MAX_REPLICAS} replicas`).prefault(1).describe('replicas of the primary'),
    readFrom: z.enum(['primary', 'replica', 'nearest'], { error: () => 'expected primary, replica or nearest' }).prefault('primary')
        .describe("where read-only requests go: the primary, the replicas in turn, or a replica in the client's zone (else the primary)"),
    minReplicasToWrite: count().prefault(0).describe('min-replicas-to-write (0 = off)'),
    minReplicasMaxLag: durationNs().prefault('10s').describe('min-replicas-max-lag'),
    server: serverParams,
    l1: l1Params.optional().describe('an in-process cache on each application host in front of this topology'),
};
/** The node names; a replica count out of bounds (being reported by validation) names no replicas. */
export function primaryReplicaNames(p) {
    const replicas = p.replicas <= MAX_REPLICAS ? p.replicas : 0;
    return [`${p.name}/primary`, ...Array.from({ length: replicas }, (_, j) => `${p.name}/replica-${j}`)];
}
export function buildPrimaryReplicas(ctx, p) {
    const zones = ctx.network.zoneCount;
    const ledger = ctx.ledger ?? new WriteLedger(ctx.workload.keys);
    const servers = primaryReplicaNames(p).map((name, i) => new RedisServer(ctx.engine, ctx.network, ctx.requests, p.server, {
        id: i, name, host: ctx.network.addHost(name, i % zones), keyCount: ctx.workload.keys, withExpiry: keysExpire(ctx.workload), ledger,
    }, ctx.streams, ctx.bus));
    const hub = new ReplicationHub(ctx.engine, ctx.network, servers, ctx.workload.keyBytes);
    for (let i = 1; i < servers.length; i++)
        hub.follow(i, 0);
    const minReplicas = p.minReplicasToWrite > 0
        ? new MinReplicas(ctx.engine, ctx.network, ctx.requests, servers, hub, p.minReplicasToWrite, p.minReplicasMaxLag)
        : null;
    return { servers, hub, minReplicas, endpoints: servers.map((s) => ({ host: s.options.host, onRequest: s.onRequest })) };
}
//# sourceMappingURL=primary-replicas.js.map