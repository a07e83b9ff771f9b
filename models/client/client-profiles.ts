// What a cluster client library does with a request whose keys span slots, and with MOVED, as read
// from each library's source (docs/models.md "Client profiles" cites the files):
// - ioredis 5.11.1 (lib/cluster/index.ts, lib/Pipeline.ts, lib/cluster/ClusterOptions.ts): a
//   cross-slot MGET/MSET goes to the first key's node (the server answers CROSSSLOT); a pipeline or
//   MULTI over several nodes is refused in the client; MOVED patches the slot, resends at once and
//   refreshes the map in the background (merged refreshes, no rate limit); maxRedirections 16.
// - Lettuce 6.8.2 (RedisAdvancedClusterAsyncCommandsImpl, ClusterDistributionChannelWriter,
//   ClusterTopologyRefreshOptions): MGET/MSET split per slot (SlotHash.partition), all parts at
//   once; commands routed one by one (a pipeline goes to each command's node); no transactions on
//   the cluster API; MOVED is followed without touching the map (no adaptive refresh by default);
//   maxRedirects 5.
// - Jedis 5.2.0 (ClusterCommandArguments, MultiNodePipelineBase, ClusterCommandExecutor,
//   JedisClusterInfoCache): cross-slot MGET/MSET refused in the client; pipelines grouped per node;
//   transactions refused; MOVED renews the whole slot cache (CLUSTER SLOTS) before the retry;
//   maxAttempts 5.
// - redis-py 5.3.1 (redis/cluster.py, redis/commands/cluster.py): plain MGET/MSET refused, so
//   applications use mget_nonatomic/mset_nonatomic: one MGET/MSET per slot through a pipeline
//   grouped per node; transactions refused; MOVED patches the slot (a full reinitialization every
//   5th MOVED is abstracted away); RedisClusterRequestTTL 16.
// - go-redis 9.22.0 (osscluster.go, command_policy_resolver.go): MGET/MSET go to the first key's
//   node (the default policy resolver splits nothing; the server answers CROSSSLOT); pipelines split
//   per node in parallel; a TxPipeline over several slots refused (ErrCrossSlot); MOVED resends to
//   the address in the error and reloads the map lazily (200 ms cooldown); MaxRedirects 3.
// `none` keeps this model's earlier behaviour. A field set in the scenario overrides the profile's.
// Abstracted: the libraries' timeouts, retries and connection handling (the scenario's clients
// settings apply to every profile; docs/models.md lists the libraries' defaults).
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
}

const CLIENT_PROFILES: Record<ClientProfile, ClusterClientSettings> = {
  'none': { multiKey: 'split-per-node', pipelines: 'split-per-node', transactions: 'server', onMoved: 'patch-and-refresh', maxRedirects: 5, refreshIntervalNs: 1e9 },
  'ioredis': { multiKey: 'crossslot', pipelines: 'refuse', transactions: 'refuse', onMoved: 'patch-and-refresh', maxRedirects: 16, refreshIntervalNs: 0 },
  'lettuce': { multiKey: 'split-per-slot', pipelines: 'split-per-node', transactions: 'refuse', onMoved: 'follow', maxRedirects: 5, refreshIntervalNs: 0 },
  'jedis': { multiKey: 'refuse', pipelines: 'split-per-node', transactions: 'refuse', onMoved: 'refresh-first', maxRedirects: 5, refreshIntervalNs: 0 },
  'redis-py': { multiKey: 'split-per-slot', pipelines: 'split-per-node', transactions: 'refuse', onMoved: 'patch', maxRedirects: 16, refreshIntervalNs: 0 },
  'go-redis': { multiKey: 'crossslot', pipelines: 'split-per-node', transactions: 'refuse', onMoved: 'follow-and-refresh', maxRedirects: 3, refreshIntervalNs: 200e6 },
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
  };
}
