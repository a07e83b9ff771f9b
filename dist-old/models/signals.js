// Names and record shapes of the signals models emit. Records are reused by the emitter: a
// listener copies what it keeps (see sim/signal/signal.ts).
/** Operation codes carried by requests and signals. */
export const OPS = ['get', 'set', 'del', 'mget', 'pipeline', 'keys', 'populate'];
export const Op = { get: 0, set: 1, del: 2, mget: 3, pipeline: 4, keys: 5, populate: 6 };
/** How a request ended. 0 is success; the rest are error kinds as reports name them. */
export const OUTCOMES = ['ok', 'timeout', 'oom', 'moved', 'ask', 'tryagain', 'crossslot', 'clusterdown', 'redirect_limit', 'noreplicas', 'readonly', 'disconnected'];
export const Outcome = {
    ok: 0, timeout: 1, oom: 2, moved: 3, ask: 4, tryagain: 5, crossslot: 6, clusterdown: 7, redirect_limit: 8, noreplicas: 9,
    readonly: 10, disconnected: 11,
};
/** What a message on the wire is for; reports break bytes down by it. */
export const PURPOSES = ['client', 'origin', 'connect', 'gossip', 'replication', 'migration', 'pubsub', 'bus-pubsub', 'sentinel'];
export const Purpose = {
    client: 0, origin: 1, connect: 2, gossip: 3, replication: 4, migration: 5, pubsub: 6, 'bus-pubsub': 7, sentinel: 8,
};
export const REQUEST_DONE = 'request.done';
export const L1_STALE_READ = 'l1.stale-read';
export const L1_INVALIDATED = 'l1.invalidated';
export const L1_OCCUPANCY = 'l1.occupancy';
export const REQUEST_ISSUED = 'request.issued';
export const NET_MESSAGE = 'net.message';
export const SERVER_STATE = 'server.state';
export const RESOURCE_USAGE = 'resource.usage';
export const SERVER_COMMAND = 'server.command';
export const ORIGIN_QUERY = 'origin.query';
export const CLIENT_REDIRECT = 'client.redirect';
export const REPLICATION_LOST = 'replication.lost';
/**
 * Failover events, cluster and Sentinel, in the order a failover goes through them. Sentinel: a
 * sentinel saw its master (or an instance) `sdown` / `odown`; `election`: it was elected leader;
 * `promoted`: the replica ran REPLICAOF NO ONE; `switch-master`: the leader's INFO poll saw it as a
 * master (+promoted-slave; from then on sentinels hand out its address); `failover-end`: replicas reconfigured.
 */
export const CLUSTER_EVENTS = [
    'pfail', 'fail', 'election', 'promoted', 'first-write', 'demoted', 'state-fail', 'state-ok', 'election-scheduled',
    'sdown', 'odown', 'switch-master', 'failover-end',
];
export const ClusterEventKind = {
    pfail: 0, fail: 1, election: 2, promoted: 3, 'first-write': 4, demoted: 5, 'state-fail': 6, 'state-ok': 7, 'election-scheduled': 8,
    sdown: 9, odown: 10, 'switch-master': 11, 'failover-end': 12,
};
export const CLUSTER_EVENT = 'cluster.event';
export const FAULT_KINDS = ['pause', 'resume', 'crash', 'restart', 'partition', 'heal', 'degrade', 'restore'];
export const FAULT_INJECTED = 'fault.injected';
export const SLOT_MIGRATED = 'migration.slot';
//# sourceMappingURL=signals.js.map