// What a cluster client library does with a request whose keys span slots, and with MOVED, as read
// from each library's source (docs/models.md "Client profiles" cites the files):
// - ioredis 5.11.1 (lib/cluster/index.ts, lib/Pipeline.ts, lib/cluster/ClusterOptions.ts): a
//   cross-slot MGET/MSET goes to the first key's node (the server answers CROSSSLOT); a pipeline or
//   MULTI over several nodes is refused in the client; MOVED patches the slot, resends at once and
//   refreshes the map in the background (merged refreshes, no rate limit); maxRedirections 16; a
//   closed connection refreshes it too (retryDelayOnFailover), a command timeout does not.
// - Lettuce 6.8.2 (RedisAdvancedClusterAsyncCommandsImpl, ClusterDistributionChannelWriter,
//   ClusterTopologyRefreshOptions): MGET/MSET split per slot (SlotHash.partition), all parts at
//   once; commands routed one by one (a pipeline goes to each command's node); no transactions on
//   the cluster API; MOVED is followed without touching the map, and no failure refreshes it (no
//   adaptive or periodic refresh by default in 6.x); maxRedirects 5.
// - Jedis 5.2.0 (ClusterCommandArguments, MultiNodePipelineBase, ClusterCommandExecutor,
//   JedisClusterInfoCache): cross-slot MGET/MSET refused in the client; pipelines grouped per node;
//   transactions refused; MOVED renews the whole slot cache (CLUSTER SLOTS) before the retry;
//   maxAttempts 5, so at most 4 redirections; a connection failure (a socket timeout too) renews
//   the cache (handleConnectionProblem, from the second in a row of one command: approximated by
//   every request that fails).
// - redis-py 5.3.1 (redis/cluster.py, redis/commands/cluster.py): plain MGET/MSET refused, so
//   applications use mget_nonatomic/mset_nonatomic: one MGET/MSET per slot through a pipeline
//   grouped per node; transactions refused; MOVED patches the slot (a full reinitialization every
//   5th MOVED is abstracted away); RedisClusterRequestTTL 16 attempts, so 15 redirections; a
//   ConnectionError or TimeoutError reinitializes the map (nodes_manager.initialize).
// - go-redis 9.22.0 (osscluster.go, command_policy_resolver.go): MGET/MSET go to the first key's
//   node (the default policy resolver splits nothing; the server answers CROSSSLOT); pipelines split
//   per node in parallel; a TxPipeline over several slots refused (ErrCrossSlot); MOVED resends to
//   the address in the error and reloads the map lazily (200 ms cooldown); MaxRedirects 3; a
//   timeout or a dead node reloads nothing (a failing primary is still its slots' node), but a
//   request that finds the map older than ClusterStateReloadInterval (60 s) reloads it.
// `none` keeps this model's earlier behaviour. A field set in the scenario overrides the profile's.
// TRYAGAIN (a multi-key command whose keys a migration has split) is sent again by ioredis after
// retryDelayOnTryAgain (100 ms), by redis-py at once for the first half of its attempts and then
// after 50 ms, by go-redis after its retry backoff; Jedis and Lettuce give it to the application;
// `none` waits 50 ms.
// CLUSTERDOWN (a failover's window between FAIL and the promotion) is sent again by ioredis after
// retryDelayOnClusterDown (100 ms, refreshing the map), by redis-py after 0.25 s and a
// reinitialization (cluster_error_retry_attempts 3), by go-redis after its retry backoff (10 ms plus
// a jitter of up to 10 ms · 2^attempt, its mean here) within MaxRedirects; Jedis and Lettuce give it
// to the application.
// Abstracted: the libraries' timeouts, retries and connection handling otherwise (the scenario's
// clients settings apply to every profile; docs/models.md lists the libraries' defaults), so
// go-redis's retries of a pool timeout are not modeled; nor a retry that goes where a refresh made
// mid-request says (Jedis).
// Parameters: cluster client.profile and the fields of ClusterClientSettings.

import type { ClusterClientParams } from '../cluster/cluster-params.js';

type ClientProfile = 'none' | 'ioredis' | 'lettuce' | 'jedis' | 'redis-py' | 'go-redis';

/** The settings a profile fixes. */
export interface ClusterClientSettings {
  multiKey: 'split-per-node' | 'split-per-slot' | 'crossslot' | 'refuse';
  pipelines: 'split-per-node' | 'refuse';
  transactions: 'server' | 'refuse';
  onMoved: 'patch-and-refresh' | 'patch' | 'follow' | 'follow-and-refresh' | 'refresh-first';
  maxRedirects: number;
  refreshIntervalNs: number;
  refreshOnFailure: 'timeout-or-disconnect' | 'disconnect' | 'never';
  maxMapAgeNs: number;
  /** TRYAGAIN (a multi-key command during a slot's migration) sent again; null: the application gets it. */
  tryAgainRetry: ErrorRetry | null;
  /** CLUSTERDOWN (from FAIL to a promotion) sent again; null: the application gets it. */
  clusterDownRetry: ErrorRetry | null;
}

/**
 * How a library sends a command again after an error reply: after `delayNs`, or after go-redis's
 * backoff (`delayNs` plus the mean of its jitter, delayNs / 2 · 2^attempt), at once for the first
 * `immediate` tries (redis-py's TRYAGAIN), the map refreshed first or not, at most `attempts` times
 * counted with the redirections (and never past maxRedirects).
 */
export interface ErrorRetry {
  delayNs: number;
  backoff: boolean;
  immediate: number;
  refresh: boolean;
  attempts: number;
}

/** The wait before try `attempt` (1, 2, …) of `retry`, ns. */
export function retryDelayNs(retry: ErrorRetry, attempt: number): number {
  if (attempt <= retry.immediate) return 0;
  return retry.backoff ? retry.delayNs * (1 + 2 ** attempt / 2) : retry.delayNs;
}

/** A retry after a fixed wait, within the redirections, the map untouched. */
const after = (delayNs: number): ErrorRetry => ({ delayNs, backoff: false, immediate: 0, refresh: false, attempts: Infinity });
/** go-redis's retry backoff (MinRetryBackoff 10 ms) within MaxRedirects. */
const GO_REDIS_BACKOFF: ErrorRetry = { delayNs: 10e6, backoff: true, immediate: 0, refresh: false, attempts: Infinity };

const CLIENT_PROFILES: Record<ClientProfile, ClusterClientSettings> = {
  'none': { multiKey: 'split-per-node', pipelines: 'split-per-node', transactions: 'server', onMoved: 'patch-and-refresh', maxRedirects: 5, refreshIntervalNs: 1e9, refreshOnFailure: 'timeout-or-disconnect', maxMapAgeNs: Infinity, tryAgainRetry: after(50e6), clusterDownRetry: null },
  'ioredis': { multiKey: 'crossslot', pipelines: 'refuse', transactions: 'refuse', onMoved: 'patch-and-refresh', maxRedirects: 16, refreshIntervalNs: 0, refreshOnFailure: 'disconnect', maxMapAgeNs: Infinity, tryAgainRetry: after(100e6), clusterDownRetry: { ...after(100e6), refresh: true } },
  'lettuce': { multiKey: 'split-per-slot', pipelines: 'split-per-node', transactions: 'refuse', onMoved: 'follow', maxRedirects: 5, refreshIntervalNs: 0, refreshOnFailure: 'never', maxMapAgeNs: Infinity, tryAgainRetry: null, clusterDownRetry: null },
  'jedis': { multiKey: 'refuse', pipelines: 'split-per-node', transactions: 'refuse', onMoved: 'refresh-first', maxRedirects: 4, refreshIntervalNs: 0, refreshOnFailure: 'timeout-or-disconnect', maxMapAgeNs: Infinity, tryAgainRetry: null, clusterDownRetry: null },
  'redis-py': { multiKey: 'split-per-slot', pipelines: 'split-per-node', transactions: 'refuse', onMoved: 'patch', maxRedirects: 15, refreshIntervalNs: 0, refreshOnFailure: 'timeout-or-disconnect', maxMapAgeNs: Infinity, tryAgainRetry: { ...after(50e6), immediate: 8 }, clusterDownRetry: { ...after(250e6), refresh: true, attempts: 3 } },
  'go-redis': { multiKey: 'crossslot', pipelines: 'split-per-node', transactions: 'refuse', onMoved: 'follow-and-refresh', maxRedirects: 3, refreshIntervalNs: 200e6, refreshOnFailure: 'never', maxMapAgeNs: 60e9, tryAgainRetry: GO_REDIS_BACKOFF, clusterDownRetry: GO_REDIS_BACKOFF },
};

/** The cluster client's settings: the scenario's fields over its profile's. */
export function clusterClientSettings(p: ClusterClientParams): ClusterClientSettings {
  const preset = CLIENT_PROFILES[p.profile];
  return {
    multiKey: p.multiKey ?? preset.multiKey,
    pipelines: p.pipelines ?? preset.pipelines,
    transactions: p.transactions ?? preset.transactions,
    onMoved: p.onMoved ?? preset.onMoved,
    maxRedirects: p.maxRedirects ?? preset.maxRedirects,
    refreshIntervalNs: p.refreshInterval ?? preset.refreshIntervalNs,
    refreshOnFailure: p.refreshOnFailure ?? preset.refreshOnFailure,
    maxMapAgeNs: p.maxMapAge ?? preset.maxMapAgeNs,
    tryAgainRetry: p.tryAgainDelay === undefined ? preset.tryAgainRetry : after(p.tryAgainDelay),
    clusterDownRetry: preset.clusterDownRetry,
  };
}
