// Names and record shapes of the signals models emit. Records are reused by the emitter: a
// listener copies what it keeps (see sim/signal/signal.ts).

/**
 * Operation codes carried by requests and signals. The workload's requests are get … eval (mset:
 * one MSET; multi: MULTI, SETs, EXEC; eval: EVALSHA of a script over its keys); the
 * client library issues the follow-ups on its own: `populate` (write-back after a read-through),
 * `lock` (SET lock:{key} NX PX, stampede protection) and `poll` (a GET while another host holds the
 * lock). `unlock` (DEL lock:{key}) is only a command, sent with a populate.
 */
export const OPS = ['get', 'set', 'del', 'mget', 'pipeline', 'keys', 'mset', 'multi', 'eval', 'populate', 'lock', 'poll', 'unlock'] as const;
export type OpName = (typeof OPS)[number];
export const Op = {
  get: 0, set: 1, del: 2, mget: 3, pipeline: 4, keys: 5, mset: 6, multi: 7, eval: 8, populate: 9, lock: 10, poll: 11, unlock: 12,
} as const satisfies Record<OpName, number>;
/** Requests that are one command over several keys, or a transaction: in a cluster their keys must share a slot (else CROSSSLOT). */
export const isMultiKey = (op: number): boolean => op === Op.mget || op === Op.mset || op === Op.multi || op === Op.eval;
/** Ops the client library issues on its own, not the workload: reported apart, never counted as the workload's requests or reads. */
export const FOLLOW_UP_OPS: readonly OpName[] = ['populate', 'lock', 'poll', 'unlock'];
export const isFollowUp = (op: number): boolean => op >= Op.populate;
export const isFollowUpName = (op: string): boolean => (FOLLOW_UP_OPS as readonly string[]).includes(op);

/** How a request ended. 0 is success; the rest are error kinds as reports name them. */
export const OUTCOMES = ['ok', 'timeout', 'oom', 'moved', 'ask', 'tryagain', 'crossslot', 'clusterdown', 'redirect_limit', 'noreplicas', 'readonly', 'disconnected', 'loading'] as const;
export type OutcomeName = (typeof OUTCOMES)[number];
export const Outcome = {
  ok: 0, timeout: 1, oom: 2, moved: 3, ask: 4, tryagain: 5, crossslot: 6, clusterdown: 7, redirect_limit: 8, noreplicas: 9,
  readonly: 10, disconnected: 11, loading: 12,
} as const satisfies Record<OutcomeName, number>;

/** What a message on the wire is for; reports break bytes down by it. */
export const PURPOSES = ['client', 'origin', 'connect', 'gossip', 'replication', 'migration', 'pubsub', 'bus-pubsub', 'sentinel'] as const;
export type PurposeName = (typeof PURPOSES)[number];
export const Purpose = {
  client: 0, origin: 1, connect: 2, gossip: 3, replication: 4, migration: 5, pubsub: 6, 'bus-pubsub': 7, sentinel: 8,
} as const satisfies Record<PurposeName, number>;

/** `request.done`: a workload request finished (successfully or not), as the application saw it. */
export interface RequestDone {
  op: number;
  outcome: number;
  /** When the workload wanted the request to start (open loop: its arrival), ns. */
  startNs: number;
  endNs: number;
  /** Keys the request read and found in the cache tier / keys it read. */
  hits: number;
  reads: number;
  /** Keys read whose value was older than the latest acknowledged write. */
  stale: number;
  attempts: number;
  /** Keys answered by the in-process L1 cache (counted in `hits` too). */
  l1Hits: number;
  /** The application host that issued it (network host id). */
  host: number;
}
export const REQUEST_DONE = 'request.done';

/** `l1.stale-read`: an L1 hit returned a value older than the latest acknowledged write, written `stalenessNs` ago. */
export interface L1StaleRead {
  stalenessNs: number;
}
export const L1_STALE_READ = 'l1.stale-read';

/** `l1.invalidated`: an invalidation of `key` dropped an entry (of version `version`) of application host `host`'s L1 older than the latest write, `delayNs` after that write was applied. */
export interface L1Invalidated {
  delayNs: number;
  host: number;
  key: number;
  version: number;
}
export const L1_INVALIDATED = 'l1.invalidated';

/** `l1.written`: application host `host` got the reply of its write of `key` (it succeeded; `version` is what it wrote, 0 with no ledger). */
export interface L1Written {
  host: number;
  key: number;
  version: number;
}
export const L1_WRITTEN = 'l1.written';

/** `l1.occupancy`: once a second, what the L1 of application host `host` holds. */
export interface L1Occupancy {
  host: number;
  entries: number;
  bytes: number;
}
export const L1_OCCUPANCY = 'l1.occupancy';

/** `l1.flushed`: application host `host`'s L1 emptied itself, dropping `entries` entries (a connection to Redis was lost: client tracking). */
export interface L1Flushed {
  host: number;
  entries: number;
}
export const L1_FLUSHED = 'l1.flushed';

/** `request.issued`: the workload issued a request (so requests never finished can be counted). */
export interface RequestIssued {
  startNs: number;
  op: number;
}
export const REQUEST_ISSUED = 'request.issued';

/** `net.message`: a message left a host. */
export interface NetMessage {
  purpose: number;
  sizeBytes: number;
  src: number;
  dst: number;
}
export const NET_MESSAGE = 'net.message';

/** `server.state`: what a server holds, reported once when the measurement window ends. */
export interface ServerState {
  server: number;
  name: string;
  host: number;
  keys: number;
  usedBytes: number;
  /** Its role then ('primary' or 'replica', as its topology sees it; 'down' for a dead process), or null where roles do not change (named by the node). */
  role: string | null;
}
export const SERVER_STATE = 'server.state';

/** `resource.usage`: a resource's busy unit-ns so far, read when the measurement window starts and when it ends. */
export interface ResourceUsage {
  name: string;
  kind: string;
  capacity: number;
  busyNs: number;
}
export const RESOURCE_USAGE = 'resource.usage';

/** `server.command`: a server executed a request's commands. */
export interface ServerCommand {
  server: number;
  startNs: number;
  /** The thread's time for the request, with the write its reply would take alone (done later, in beforeSleep's writes; shared when a connection has several replies), ns. */
  serviceNs: number;
  /** The part of serviceNs that is that write, ns (the thread's writes are `server.writes`). */
  writeNs: number;
  /** Keys looked up by reads, and how many were found. */
  lookups: number;
  hits: number;
  evictions: number;
  expirations: number;
}
export const SERVER_COMMAND = 'server.command';

/** `server.writes`: a server's beforeSleep wrote every connection with output (replies, invalidations, published messages), taking its thread `busyNs`. */
export interface ServerWrites {
  server: number;
  startNs: number;
  busyNs: number;
}
export const SERVER_WRITES = 'server.writes';

/** `server.expired`: a primary's active expiry cycle that began at `startNs` deleted `keys` expired keys. */
export interface ServerExpired {
  server: number;
  startNs: number;
  keys: number;
}
export const SERVER_EXPIRED = 'server.expired';

/** `origin.query`: the origin database answered a query. */
export interface OriginQuery {
  arrivalNs: number;
  startNs: number;
  endNs: number;
  keys: number;
}
export const ORIGIN_QUERY = 'origin.query';

/** `client.redirect`: a cluster client was answered MOVED, ASK or TRYAGAIN and will retry (outcome code). */
export interface ClientRedirect {
  outcome: number;
}
export const CLIENT_REDIRECT = 'client.redirect';

/** `replication.lost`: a replica was promoted without `writes` acknowledged writes of its old primary. */
export interface ReplicationLost {
  writes: number;
}
export const REPLICATION_LOST = 'replication.lost';

/**
 * Failover events, cluster and Sentinel, in the order a failover goes through them. Sentinel: a
 * sentinel saw its master (or an instance) `sdown` / `odown`; `election`: it was elected leader;
 * `promoted`: the replica ran REPLICAOF NO ONE; `switch-master`: the leader's INFO poll saw it as a
 * master (+promoted-slave; from then on sentinels hand out its address); `failover-end`: replicas reconfigured.
 * Proxy: `ejected`: a proxy took a server out of its ring (auto_eject_hosts). Cluster tool:
 * `migrate-failed`: a MIGRATE from `node` to `target` failed (IOERR) and the tool stopped;
 * `del-node-refused`: del-node of `node` refused, as redis-cli refuses it ("is not empty"): it owns slots;
 * `tool-refused`: a reshard or rebalance refused before it began, as redis-cli's cluster check refuses
 * it: `node` has an open slot (MIGRATING or IMPORTING: another move is under way or was cut short), or
 * is a source or target that is not a primary;
 * `tool-failed`: the tool stopped midway on a command `node` could not answer: its process died (its
 * host reset the tool's connection, which redis-cli does not make again) or it refused (SETSLOT on a
 * replica: "Please use SETSLOT only with masters");
 * `tool-unfinished`: the run ended while the tool was still moving slots from `node` to `target`.
 */
export const CLUSTER_EVENTS = [
  'pfail', 'fail', 'election', 'promoted', 'first-write', 'demoted', 'state-fail', 'state-ok', 'election-scheduled',
  'sdown', 'odown', 'switch-master', 'failover-end', 'ejected', 'migrate-failed', 'del-node-refused', 'tool-refused', 'tool-failed',
  'tool-unfinished',
] as const;
export type ClusterEventName = (typeof CLUSTER_EVENTS)[number];
export const ClusterEventKind = {
  pfail: 0, fail: 1, election: 2, promoted: 3, 'first-write': 4, demoted: 5, 'state-fail': 6, 'state-ok': 7, 'election-scheduled': 8,
  sdown: 9, odown: 10, 'switch-master': 11, 'failover-end': 12, ejected: 13, 'migrate-failed': 14, 'del-node-refused': 15,
  'tool-refused': 16, 'tool-failed': 17, 'tool-unfinished': 18,
} as const satisfies Record<ClusterEventName, number>;

/** `cluster.event`: node `node` did or saw something about node `target` (itself for state changes); names as in the scenario. */
export interface ClusterEvent {
  kind: number;
  node: string;
  target: string;
  timeNs: number;
  /** election-scheduled: the delay until the vote request, ns; otherwise 0. */
  delayNs: number;
  /** election-scheduled: the replica's rank; otherwise 0. */
  rank: number;
}
export const CLUSTER_EVENT = 'cluster.event';

export const FAULT_KINDS = ['pause', 'resume', 'crash', 'restart', 'partition', 'heal', 'degrade', 'restore'] as const;

/** `fault.injected`: a scheduled fault happened to node(s) `node` (scenario names, comma-separated). */
export interface FaultInjected {
  kind: number;
  node: string;
  timeNs: number;
}
export const FAULT_INJECTED = 'fault.injected';

/** `migration.slot`: a resharding moved one slot (its keys) from one node to another. */
export interface SlotMigrated {
  slot: number;
  /** Source and target node names. */
  from: string;
  to: string;
  keys: number;
  bytes: number;
  startNs: number;
  endNs: number;
}
export const SLOT_MIGRATED = 'migration.slot';

/**
 * `server.persistence`: persistence work of server `server` (scenario-wide id): kind 0 a fork for BGSAVE
 * (durationNs: the main thread's pause), 1 an fsync on the main thread (appendfsync always), 2 the main
 * thread blocked behind a busy background fsync (everysec), 3 a snapshot saved (cowBytes: the pages
 * the parent copied while the child wrote it; datasetBytes: the dataset at its fork).
 */
export interface ServerPersistence {
  server: number;
  kind: number;
  durationNs: number;
  cowBytes: number;
  datasetBytes: number;
}
export const SERVER_PERSISTENCE = 'server.persistence';
