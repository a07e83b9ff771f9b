// The validation suite: each experiment against real Redis on loopback and against cachetopo
// configured the same way. `fullPlan` is `npm run validate` (≤ 20 minutes on 2 cores); `quickPlan`
// is the subset `npm test` runs when redis-server is installed.

import type { Comparison } from './comparison.js';
import { busPubSub } from './experiments/bus-pubsub.js';
import { clientCaching, type ClientCachingPlan } from './experiments/client-caching.js';
import { clusterFailover, type FailoverPlan } from './experiments/cluster-failover.js';
import { clusterMget, type ClusterMgetPlan } from './experiments/cluster-mget.js';
import { idleGossip, type GossipPlan } from './experiments/idle-gossip.js';
import { migrateTimeout, type MigrateTimeoutPlan } from './experiments/migrate-timeout.js';
import { sentinelFailover, type SentinelPlan } from './experiments/sentinel-failover.js';
import { singleNode, type SingleNodePlan } from './experiments/single-node.js';
import { slotMigration, type MigrationPlan } from './experiments/slot-migration.js';
import { twemproxy, type TwemproxyPlan } from './experiments/twemproxy.js';
import { RedisFleet } from './redis-fleet.js';
import type { ExperimentResult } from './validation-report.js';
import { withRaisedPriority } from './measurement-priority.js';

export interface ValidationPlan {
  failover: FailoverPlan | null;
  gossip: GossipPlan | null;
  pubsubPublishes: number | null;
  singleNode: SingleNodePlan | null;
  sentinel: SentinelPlan | null;
  migration: MigrationPlan | null;
  migrateTimeout: MigrateTimeoutPlan | null;
  twemproxy: TwemproxyPlan | null;
  clientCaching: ClientCachingPlan | null;
  clusterMget: ClusterMgetPlan | null;
}

export const fullPlan: ValidationPlan = {
  failover: { timeoutsMs: [1500, 3000, 10000], realReplications: 4, simReplications: 20 },
  gossip: { sizes: [8, 16, 32], timeoutsMs: [3000, 10000], settleS: 12, windowS: 30, simReplications: 3 },
  pubsubPublishes: 5000,
  singleNode: { connections: [1, 8, 32], loadMs: 3000, calibrationPhaseMs: 500, replications: 5 },
  sentinel: { downAfterMs: [1500, 3000], faults: ['pause', 'kill'], realReplications: 3, simReplications: 10 },
  migration: { keys: [1000, 5000, 20_000, 50_000], valueBytes: [100, 1000], pipelines: [10, 50, 100], calibrationPhaseMs: 800, rounds: 3 },
  migrateTimeout: { timeoutsMs: [1000, 3000], keys: 5000, pipeline: 10, replications: 3 },
  twemproxy: { connections: [1, 8], loadMs: 3000, calibrationPhaseMs: 400, replications: 3 },
  clientCaching: { modes: ['tracking', 'bcast', 'pubsub'], loads: ['idle', 'busy'], loadMs: 3000, calibrationPhaseMs: 400, replications: 3 },
  clusterMget: { connections: [8], loadMs: 3000, calibrationPhaseMs: 400, replications: 3 },
};

export const quickPlan: ValidationPlan = {
  failover: { timeoutsMs: [1500], realReplications: 2, simReplications: 10 },
  gossip: { sizes: [8], timeoutsMs: [3000], settleS: 8, windowS: 15, simReplications: 2 },
  pubsubPublishes: 2000,
  singleNode: { connections: [1], loadMs: 2000, calibrationPhaseMs: 500, replications: 4 },
  sentinel: null,
  migration: { keys: [5000], valueBytes: [1000], pipelines: [50], calibrationPhaseMs: 600, rounds: 3 },
  migrateTimeout: { timeoutsMs: [1000], keys: 5000, pipeline: 10, replications: 1 },
  twemproxy: { connections: [1], loadMs: 2000, calibrationPhaseMs: 300, replications: 1 },
  clientCaching: { modes: ['tracking'], loads: ['idle'], loadMs: 1500, calibrationPhaseMs: 300, replications: 1 },
  clusterMget: null,
};

export const METHODS = {
  failover: 'A 3+3 cluster; the primary of slots 0–5460 is paused with SIGSTOP. Real: CLUSTER NODES of the five other nodes polled every 50 ms (first `fail?` = PFAIL, first `fail` = FAIL, its replica calling itself master = promotion; resolution 50 ms plus the poll\'s own time), and a writer SETting a random one of 100,000 keys every 10 ms with a 100 ms timeout, no retry, routed by a slot map refreshed as the simulated client does (MOVED, or a timeout, triggers CLUSTER SLOTS at most once per second); the first write is its first success on a slot of the paused shard. The node is then resumed (it rejoins as a replica) and the next replication pauses the shard\'s new primary after max(2 s, T) + U(0, 1 s) of quiet. Simulated: the same cluster and writer (100 SET/s, uniform spacing, 100 ms timeout, no retry), primary-0 paused at 20 s; phases from the failover timeline. Times are seconds after the pause.',
  gossip: 'N nodes (N/2 primaries with one replica each), idle. After a settling time, one window between two snapshots of every node\'s CLUSTER INFO counters (heartbeats = ping_sent + pong_sent deltas, per node per second; the spread is across nodes) and of the kernel\'s bytes_sent counters of every bus socket (`ss -tin`, loopback: no retransmissions), divided by the bus messages sent (cluster_stats_messages_sent). Simulated: the same cluster with 1 GET/s, gossip messages each node sent in a window of the same length after the same settling time (spread across nodes and replications).',
  sentinel: 'One primary + 2 replicas, 3 sentinels (quorum 2, failover-timeout 180 s, down-after T), started afresh for each replication (a sentinel that voted may not start another failover of the master for 2 × failover-timeout), the sentinels U(0, 1 s) apart; the primary is paused with SIGSTOP, or killed with SIGKILL (its host then resets the sentinels\' links and refuses their reconnects), 1–2 s after the set is ready. Real: a pub/sub connection to every sentinel, the first +sdown, +odown and +switch-master about the master (arrival times), and a writer SETting a random one of 100,000 keys every 10 ms with a 100 ms timeout, no retry, to the master as told by SENTINEL get-master-addr-by-name (asked again after a timeout or a connection closed by the server, as the simulated Sentinel-aware client does); the first write is its first success on another server. Simulated: the `sentinel` topology with the same parameters and writer, the primary paused (or crashed) at 20 s; phases from the failover timeline. Times are seconds after the pause (or the kill).',
  migration: 'A 3-primary cluster, no replicas; K keys of V bytes (random base64, which LZF cannot compress) sharing one hash tag whose slot is 0 (the lowest slot of primary-0). Real: `redis-cli --cluster reshard --cluster-slots 1 --cluster-pipeline B --cluster-yes` moves the slot (SETSLOT IMPORTING/MIGRATING, GETKEYSINSLOT + MIGRATE … KEYS in batches of B, SETSLOT NODE), timed from start to exit less the time of a `redis-cli --cluster check` of the same cluster just before (redis-cli\'s start-up, cluster load and check, which reshard also does first); each move takes it back where it was before the last, in rounds: a round measures (below), then moves the slot once with every pipeline size, in an order that turns by one from round to round (10, 50, 100; 50, 100, 10; 100, 10, 50), so that this machine\'s drift over minutes falls on every size alike; keys moved = COUNTKEYSINSLOT on the target; meanwhile a stale client (a raw connection to the old owner) GETs a random one of the K keys every 5 ms, and once more after the reshard, and counts ASK and MOVED answers. At the start of each round, `cachetopo calibrate`\'s measurement and fit (one connection, 3 repetitions, their median as in the calibration file) run against a standalone redis-server (calibrate refuses cluster mode): the server\'s costs, MIGRATE\'s (per command, per key, per KB, measured with MIGRATE … COPY to a stand-in target) and RESTORE\'s, the page faults of fresh memory (RESTOREs of new keys against replacing ones), and the one-way latency; and redis-cli\'s own CPU per command (user + system from bash\'s `times` over `redis-cli -r 10000 PING`) and the one-way latency that run\'s round trips leave after redis-cli\'s and the server\'s CPU (a migration\'s hops are redis-cli\'s and redis-server\'s, not a Node.js client\'s as in calibrate\'s); and on the cluster, what a nodes.conf save costs (every SETSLOT saves it before replying; the target\'s SETSLOT NODE, which bumps its configEpoch, fsyncs it too): the main-thread CPU of CLUSTER SETSLOT s STABLE less that of CLUSTER COUNTKEYSINSLOT, and the median round trip of CLUSTER SAVECONFIG (a save and an fsync) less SETSLOT\'s. Simulated, once per real move with its round\'s measurements: the same cluster and keys with that calibration, `tool.commandCpu`, that one-way latency and those nodes.conf costs (nothing fitted per point), a cluster client GETting one key every 5 ms, and the `reshard` operation moving slot 0 with pipeline B: duration from the migration stats (first slot start to last slot end), ASK and MOVED from the client\'s redirections (it follows ASK, and updates its map on MOVED, so it sees one MOVED where the raw connection would see one per read).',
  migrateTimeout: 'A 3-primary cluster, no replicas; K keys of 100 B in slot 0 on primary-0. Real: `redis-cli --cluster reshard --cluster-slots 1 --cluster-pipeline B --cluster-timeout T --cluster-yes` moves slot 0 to primary-1, which is paused (SIGSTOP) once COUNTKEYSINSLOT on the source shows 40 % of the keys gone, and resumed 200 ms after redis-cli has exited. Measured: whether redis-cli failed (its exit status), the time from the pause to its exit, the source\'s longest stall (a probe connection GETs a key of the source outside slot 0 every millisecond: the longest time between two replies from the pause to the exit), and the keys of slot 0 both nodes hold once the target has run what it had received (the COUNTKEYSINSLOT of both less K); then slot 0 is set STABLE on both and every node flushed for the next replication. Simulated, per replication: the same cluster and keys with the default costs (what is compared is set by the timeout, not by the costs), a client GETting a key of the slot 1,000 times a second (every GET reaches the source first, which serves it or answers ASK), the `reshard` operation with the same pipeline and `timeout`, and the target paused at 40 % of that move\'s undisturbed duration (a first run without the pause gives it) until 300 ms after the timeout: the tool failed when the run has a `migrate-failed` event; the time to it from the pause; the source\'s longest time without starting a command in between; the keys of both nodes at the end.',
  pubsub: 'A 3+3 cluster, settled; K publishes (pipelined) on the 10-byte channel "invalidate" with a 16-byte message (the L1 tier\'s invalidation channel and key sizes), sent to the primary owning the channel\'s slot. Bus messages = cluster_stats_messages_publish_sent (PUBLISH) or publishshard_sent (SPUBLISH) deltas over all nodes; their bytes = the bus sockets\' bytes_sent delta less the other messages (heartbeats) at 2256 + 3 × 104 B. Simulated: the same cluster with an L1 tier whose writes publish the key (invalidation mode pubsub / spublish): bus-pubsub messages per client publish, and their bytes.',
};

export const SINGLE_NODE_METHOD = 'A standalone redis-server with 10,000 preloaded 512-byte values. Each replication first runs `cachetopo calibrate`\'s measurement and fit (models/server/service-calibration.ts) with C connections, 3 repetitions, their median as in the calibration file (the server\'s costs per request shape; this Node.js client\'s event loop on one connection and on several: busy time per request and replies per turn, hence its turn and per-request CPU; the part of the turn the one-connection wall time shows off the request\'s path; the one-way latency), then, right after, C ioredis connections in a closed loop (one request outstanding each, no think time) of GET/SET 90/10 over the preloaded keys: p50 and p99 latency and throughput. Simulated, per replication: a `single` topology with that calibration applied, the same closed loop from one application host that is one event loop, a pool of C connections. Calibrating right before each measurement keeps both under the same conditions: this machine\'s speed drifts by tens of percent over seconds. A point during whose calibration and measurement other programs used more than 0.25 of a core (from /proc/stat, less this process and its server) is reported without a verdict: its latency measures them too. Every simulated process, the application hosts included, runs on one simulated machine of the harness\'s cores (`machines:`), as the real processes share them.';

export const CLUSTER_MGET_METHOD = 'A 3-primary Redis Cluster (no replicas) with 10,000 preloaded keys "key:<k>" of 512 B. Each replication first runs `cachetopo calibrate`\'s measurement and fit with C connections (3 repetitions, their median) against a standalone redis-server (calibrate refuses cluster mode), then C ioredis lanes, each with one connection to every primary, run a closed loop (3 s) of MGETs of 5 distinct random keys, each split by the owner of its keys\' slots into one part per node (a pipeline of GETs, or a GET for a single key: Redis refuses an MGET over several slots with CROSSSLOT), the parts sent in parallel, done when every part has answered: p50 and p99. Simulated, per replication: a `cluster` topology of 3 primaries with that calibration, the same closed loop from one application host that is one event loop, whose cluster client splits an MGET the same way (`multiKey: split-per-node`) and pays calibrate\'s `clients.pipelineCpu` for a part of several GETs. A point during whose calibration and measurement other programs used more than 0.25 of a core is reported without a verdict. Every simulated process, the application hosts included, runs on one simulated machine of the harness\'s cores (`machines:`), as the real processes share them.';

export const CLIENT_CACHING_METHOD = 'A standalone redis-server with 200 preloaded keys "key:<k>" of 100 B, and two application hosts, each its own Node.js process (validation/l1-host.ts) with an L1 that can hold every key and C ioredis connections (RESP2) in closed loops of GET/SET 80/20 over uniform keys: idle (one connection per host, 2 ms think time) and busy (four per host, no think time: 8 busy connections, and two Node.js processes and the server wanting more than the machine\'s 2 cores). A GET is answered by the L1 when it holds the key, else by Redis (the value is kept); a SET drops the key from the writer\'s L1 first. Invalidation: tracking and bcast, every data connection runs CLIENT TRACKING ON REDIRECT (BCAST) to one connection of its host subscribed to __redis__:invalidate; pubsub, after each SET\'s reply the writer sends PUBLISH invalidate <key> on a connection of its own, and every host is subscribed. Every value names the write that wrote it and SET … GET returns the one it replaced, so the logs give each key\'s chain of versions in the server\'s order. Each replication first runs `cachetopo calibrate`\'s measurement and fit with C connections (3 repetitions, their median). Measured on the machine\'s monotonic clock: the invalidation delay, from the reply of the write that replaced a dropped entry\'s version (at the writing host) to the invalidation\'s arrival (at the other), negative when it overtook that reply; and invalidation messages (BCAST: keys) per write, compared with what the model\'s rule makes of the same reads and writes. Simulated, per replication: a `single` topology with that calibration and an L1 of every key in the same invalidation mode, two application hosts that are event loops, the same closed loops after a 1 s warm-up; the delay from the `l1.written` and `l1.invalidated` signals, paired by version the same way. Every simulated process, the application hosts included, runs on one simulated machine of the harness\'s cores (`machines:`), as the real processes share them.';

export const TWEMPROXY_METHOD = 'Three standalone redis-servers with 10,000 preloaded 512-byte keys "key:<k>", each on the server twemproxy maps it to, and nutcracker (twemproxy 0.5.0) in front of them: ketama over fnv1a_64, the servers named proxy/shard-<i> on the ring as the simulated ones are, one connection to each, no auto-eject. Each replication first runs `cachetopo calibrate`\'s measurement and fit against one of the servers with C connections (3 repetitions, their median), then four closed loops of C connections (one request outstanding each, 3 s each): GET of a random key and MGET of 5 distinct random keys, each direct (GET to the key\'s server; MGET split into one MGET per server, sent in parallel, as client-side sharding does) and through nutcracker: p50 and p99 of each, and what the proxy adds (through it less direct). Nutcracker\'s CPU per GET and per MGET of 5 keys on all 3 servers while redis-benchmark keeps it from sleeping (32 connections; /proc/<pid>/stat) and the MGETs the servers received per MGET (INFO commandstats) give its CPU per request and per server reply (a GET is one of each, an MGET one request and f replies); the same GETs from one connection, where it sleeps twice per GET (its voluntary context switches), give the CPU of a turn of its event loop: a quarter of the difference from the saturated CPU per GET (four turns a GET: two that wake from sleep, two that write what those forwarded). Its CPU per GET during the GET loop through it, and per MGET during the MGET loop (with its sleeps per MGET, logged), are measured too. The MGETs of the latency loops are counted the same way. Simulated, per replication: the `proxy` topology (1 proxy, 3 shards, ketama fnv1a_64) with that proxy CPU (per request, per reply, per turn), and the `sharded` topology as the direct client, both with that calibration, the same closed loops from one application host after a 1 s warm-up, and the proxy\'s CPU per GET and per MGET (its busy share over the requests served). Backend MGETs are compared with what the model\'s shard map makes of the keys the real MGETs asked for (one MGET per distinct server). Every simulated process, the application hosts included, runs on one simulated machine of the harness\'s cores (`machines:`), as the real processes share them.';

export async function runValidation(plan: ValidationPlan, log: (line: string) => void): Promise<ExperimentResult[]> {
  return withRaisedPriority(() => runExperiments(plan, log));
}

async function runExperiments(plan: ValidationPlan, log: (line: string) => void): Promise<ExperimentResult[]> {
  const results: ExperimentResult[] = [];
  const run = async (title: string, method: string, body: (fleet: RedisFleet) => Promise<Comparison[]>) => {
    const fleet = new RedisFleet();
    const started = performance.now();
    try {
      results.push({ title, method, rows: await body(fleet) });
    } catch (error) {
      const failure = error instanceof Error ? error.message : String(error);
      results.push({ title, method, rows: [], failure });
      log(`${title}: failed: ${error instanceof Error && error.stack !== undefined ? error.stack : failure}`);
    } finally {
      fleet.stopAll();
    }
    log(`${title}: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  };
  if (plan.pubsubPublishes !== null) {
    const k = plan.pubsubPublishes;
    await run('PUBLISH vs SPUBLISH bus fan-out', METHODS.pubsub, (fleet) => busPubSub(fleet, k, log));
  }
  if (plan.singleNode) {
    const p = plan.singleNode;
    await run('Single-node latency after calibrate', SINGLE_NODE_METHOD, (fleet) => singleNode(fleet, p, log));
  }
  if (plan.gossip) {
    const g = plan.gossip;
    await run('Idle gossip vs cluster size and cluster-node-timeout', METHODS.gossip, (fleet) => idleGossip(fleet, g, log));
  }
  if (plan.migration) {
    const m = plan.migration;
    await run('Slot migration of K keys', METHODS.migration, (fleet) => slotMigration(fleet, m, log));
  }
  if (plan.migrateTimeout) {
    const m = plan.migrateTimeout;
    await run('A reshard whose target stops answering: MIGRATE\'s timeout', METHODS.migrateTimeout, (fleet) => migrateTimeout(fleet, m, log));
  }
  if (plan.twemproxy) {
    const p = plan.twemproxy;
    await run('twemproxy in front of 3 servers', TWEMPROXY_METHOD, (fleet) => twemproxy(fleet, p, log));
  }
  if (plan.clusterMget) {
    const p = plan.clusterMget;
    await run('Cluster MGET latency under load', CLUSTER_MGET_METHOD, (fleet) => clusterMget(fleet, p, log));
  }
  if (plan.clientCaching) {
    const p = plan.clientCaching;
    await run('Client-side caching: invalidation delay and messages', CLIENT_CACHING_METHOD, (fleet) => clientCaching(fleet, p, log));
  }
  if (plan.sentinel) {
    const p = plan.sentinel;
    await run('Sentinel failover vs down-after-milliseconds', METHODS.sentinel, (fleet) => sentinelFailover(fleet, p, log));
  }
  if (plan.failover) {
    const f = plan.failover;
    await run('Cluster failover vs cluster-node-timeout', METHODS.failover, (fleet) => clusterFailover(fleet, f, log));
  }
  return results;
}
