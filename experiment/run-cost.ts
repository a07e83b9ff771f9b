// What a scenario will cost before it runs: events (the simulator's unit of work) and memory, from
// the scenario's own numbers, so that an input beyond what the machine can do is refused at once
// (exit 2, naming the fields that drive the cost) instead of running for hours or dying of memory.
// An estimate of the order of magnitude, not a prediction: each term is a count of modeled work
// (messages, cron ticks, node-table scans, keyspace entries) times a per-unit figure measured on
// the shipped scenarios (docs/performance.md). Terms:
// - requests: arrival rate × duration (closed loop: connections / the shortest round trip, bounded
//   by the client hosts' CPU), × messages per request (2 per round trip; a proxy hop doubles it; a
//   split MGET or pipeline adds a round trip per extra node; a write adds one per replica and one
//   per host an L1 invalidation reaches; a miss adds the origin's and the write-back's) × 4 events
//   per message (send, NIC, receive, CPU);
// - the cluster bus: per node, 10 cron ticks per second that scan the node table (N entries each),
//   and pings: one per second plus one to every peer each nodeTimeout/2, each answered by a pong;
// - Sentinel: each sentinel pings every instance every second and says hello every 2 s;
// - connections: a handshake each, and, when the timeout is shorter than a round trip, a handshake
//   every timeout (a broken connection then never reconnects in time);
// - memory: per key (the workload's sizes, each server's keyspace, the write ledger, slot tables),
//   per cluster node (its node table over every node, its slot table), per connection, per L1
//   entry, the requests in flight (rate × the time a request can stay: its timeouts), and, for an
//   open loop over what the servers serve at the cost model's service time, the servers' backlog.
//   A connection carries one attempt at a time, so a server holds at most one per connection
//   until its queue outlasts the timeout; then each connection times out, is closed (the server
//   still holds its attempt) and sends another every timeout, and the backlog grows by what those
//   attempts exceed the servers' capacity: max(0, min(rate × attempts, connections / timeout) −
//   capacity) × run time rows.

import { DIRECT_INDEX_MIN_SHARE } from '../sim/collections/id-index.js';
import type { Scenario } from '../models/scenario/scenario-schema.js';
import { createDistribution } from '../sim/dist/registry.js';
import { topologyNodeNames, type TopologyParams } from '../models/topology/topology-registry.js';
import { l1SlotCount } from '../models/l1/l1-params.js';
import { keysExpire } from '../models/workload/workload-params.js';
import { POLICIES_WITH_KEY_WORD } from '../models/server/eviction/eviction-registry.js';
import { runKeepsLedger } from './write-ledger-rule.js';

/** Events per message: the send, the sender's NIC, the receiver's NIC and the CPU that handles it. */
const EVENTS_PER_MESSAGE = 4;
/** Cluster cron ticks per second (clusterCron every 100 ms). */
const CRON_HZ = 10;
/** A node-table entry scanned by the cron costs about this share of an event's time. */
const SCAN_EVENT_SHARE = 0.1;
/** Sentinel: PING to every instance each second, hello over pub/sub every 2 s, INFO every 10 s. */
const SENTINEL_MESSAGES_PER_INSTANCE_PER_S = 2 + 0.5 + 0.2;

/** Memory per key of the workload (value size; a preload expiry), bytes. */
const WORKLOAD_BYTES_PER_KEY = 4;
/** A server's keyspace record per key, bytes (position, value size; +4 with an LRU/LFU word, +4 with versions, +8 with expiry): per key id when it holds at least a quarter of them… */
const KEYSPACE_RECORD_BYTES = 8;
/** …plus its dense list of keys held (bytes per held key); else records per held key and a hash index, bytes per held key. */
const DENSE_LIST_BYTES_PER_HELD_KEY = 4;
const HASH_INDEX_BYTES_PER_HELD_KEY = 24;
/** The write ledger: latest version and its time per key, bytes. */
const LEDGER_BYTES_PER_KEY = 12;
/** A cluster's key→slot map and slot index, bytes per key. */
const CLUSTER_BYTES_PER_KEY = 6;
/** One cluster node's record of one other node (node-table.ts): eight doubles and a few flags. */
const NODE_TABLE_BYTES_PER_ENTRY = 100;
/** Per slot, in each cluster node (owner, migrating, importing) and in each client host's slot map. */
const NODE_SLOT_BYTES = 6;
const CLIENT_SLOT_BYTES = 2;
/** A client connection (object, closures, idle-set entries). */
const CONNECTION_BYTES = 600;
/** An L1 entry per host (index, policy links, value size, version, time). */
const L1_BYTES_PER_ENTRY = 48;
/** A request row: its fixed fields, and per command of its stride. */
const ROW_BYTES = 120;
const ROW_BYTES_PER_COMMAND = 32;
/** A node (server, sentinel or proxy: its objects, executor and host) and an application host, bytes. */
const NODE_BYTES = 50_000;
const HOST_BYTES = 10_000;

export interface CostTerm {
  /** What is counted, in words, with its figure: "150,000/s × 10 s = 1.5e6 requests". */
  what: string;
  /** The field that drives the term most (located when the term is named in an error). */
  path: (string | number)[];
  events: number;
  bytes: number;
}

export interface RunCost {
  topology: string;
  events: number;
  bytes: number;
  terms: CostTerm[];
}

const fmt = (x: number) => (x >= 1e5 ? x.toExponential(1).replace('e+', 'e') : Math.round(x).toLocaleString('en-US'));
const seconds = (ns: number) => `${Number((ns / 1e9).toPrecision(3))} s`;

/** The servers a topology runs (Redis processes, not sentinels or proxies), and the cluster's node count. */
function servers(t: TopologyParams): { servers: number; primaries: number; replicasPerPrimary: number; clusterNodes: number } {
  switch (t.kind) {
    case 'cluster': {
      const replicas = Array.isArray(t.replicasPerPrimary) ? t.replicasPerPrimary.reduce((a, r) => a + r, 0) : t.primaries * t.replicasPerPrimary;
      const nodes = t.primaries + replicas + t.spareNodes;
      return { servers: nodes, primaries: t.primaries, replicasPerPrimary: replicas / t.primaries, clusterNodes: nodes };
    }
    case 'replicated': case 'sentinel': return { servers: 1 + t.replicas, primaries: 1, replicasPerPrimary: t.replicas, clusterNodes: 0 };
    case 'sharded': case 'proxy': return { servers: t.shards + t.spareNodes, primaries: t.shards, replicasPerPrimary: 0, clusterNodes: 0 };
    case 'single': return { servers: 1, primaries: 1, replicasPerPrimary: 0, clusterNodes: 0 };
    case 'local-only': return { servers: 0, primaries: 0, replicasPerPrimary: 0, clusterNodes: 0 };
  }
}

/**
 * Requests per second `servers` serving servers of topology `t` complete, from the cost model's mean service time
 * of the workload's mean request (or `serviceTime`'s mean); Infinity for a topology without servers. An L1 or a
 * replica serving reads raises it, so an over-capacity backlog is estimated high there, never low.
 */
function serversCapacityPerS(scenario: Scenario, t: TopologyParams, servers: number): number {
  if (!('server' in t) || servers === 0) return Infinity;
  const w = scenario.workload;
  const m = w.mix;
  const multiKeys = (m.mset ? m.mset.share * m.mset.keys : 0) + (m.multi ? m.multi.share * m.multi.keys : 0) + (m.eval ? m.eval.share * m.eval.keys : 0);
  const keys = m.get + m.set + m.del + (m.mget ? m.mget.share * m.mget.keys : 0) + (m.pipeline ? m.pipeline.share * m.pipeline.commands : 0) + multiKeys;
  const commands = m.get + m.set + m.del + (m.mget?.share ?? 0) + (m.pipeline ? m.pipeline.share * m.pipeline.commands : 0) + multiKeys + (m.multi ? 2 * m.multi.share : 0);
  const cost = t.server.cost;
  const serviceNs = t.server.serviceTime
    ? createDistribution(t.server.serviceTime).mean
    : cost.request + commands * cost.command + keys * (cost.perKey + (cost.perKB * createDistribution(w.valueSize).mean) / 1000);
  return serviceNs > 0 ? (servers * 1e9) / serviceNs : Infinity;
}

/** The cost of one run: topology `index` of `scenario`, one replication. */
export function runCost(scenario: Scenario, index: number): RunCost {
  const t = scenario.topologies[index]!;
  const w = scenario.workload;
  const c = w.clients;
  const tp = ['topologies', index];
  const s = servers(t);
  const runNs = scenario.duration + scenario.drain;
  const terms: CostTerm[] = [];
  const add = (what: string, path: (string | number)[], events: number, bytes: number) => terms.push({ what, path, events, bytes });

  const oneWayNs = createDistribution(scenario.network.latency.sameZone).mean;
  const serverNs = 'server' in t ? t.server.cost.request + t.server.cost.command : 0;
  const roundTripNs = 2 * oneWayNs + serverNs + c.requestCpu + c.replyCpu;
  const a = w.arrival;
  let ratePerS: number;
  let rateWhat: string;
  let ratePath: (string | number)[];
  if (a.kind === 'open') {
    ratePerS = a.rate;
    rateWhat = `workload.arrival.rate × duration = ${fmt(a.rate)}/s × ${seconds(scenario.duration)}`;
    ratePath = ['workload', 'arrival', 'rate'];
  } else {
    const perConnection = 1e9 / Math.max(1, createDistribution(a.think).mean + roundTripNs);
    const clientCpuNs = c.requestCpu + c.replyCpu;
    const clientCapacity = clientCpuNs > 0 ? (c.hosts * c.cores * 1e9) / clientCpuNs : Infinity;
    ratePerS = Math.min(a.connections * perConnection, clientCapacity);
    rateWhat = `workload.arrival.connections × duration = ${fmt(a.connections)} connections at up to ${fmt(ratePerS)} requests/s × ${seconds(scenario.duration)}`;
    ratePath = ['workload', 'arrival', 'connections'];
  }
  const requests = ratePerS * (scenario.duration / 1e9);

  const m = w.mix;
  const pipelineWrites = m.pipeline?.op === 'set' ? 1 : m.pipeline?.op === 'get' ? 0 : m.set / Math.max(1e-9, m.get + m.set);
  const writes = m.set + m.del + (m.pipeline ? m.pipeline.share * m.pipeline.commands * pipelineWrites : 0)
    + (m.mset ? m.mset.share * m.mset.keys : 0) + (m.multi ? m.multi.share * m.multi.keys : 0);
  let messages = t.kind === 'proxy' ? 4 : t.kind === 'local-only' ? 0 : 2;
  if (t.kind === 'cluster' || t.kind === 'sharded' || t.kind === 'proxy') {
    const spread = (k: number) => Math.min(k, s.primaries) - 1;
    messages += 2 * ((m.mget ? m.mget.share * spread(m.mget.keys) : 0) + (m.pipeline ? m.pipeline.share * spread(m.pipeline.commands) : 0));
  }
  messages += writes * s.replicasPerPrimary;
  const l1 = t.l1;
  if (l1 && ['pubsub', 'spublish', 'tracking', 'bcast'].includes(l1.invalidation.mode)) messages += writes * (c.hosts + s.servers);
  const mayMiss = t.kind === 'local-only' || !w.preload || keysExpire(w) || ('server' in t && t.server.maxmemory > 0);
  if (w.readThrough && mayMiss) messages += 0.5 * (m.get + (m.mget ? m.mget.share : 0)) * 4;
  add(`${rateWhat} = ${fmt(requests)} requests × ${Number(messages.toFixed(1))} messages × ${EVENTS_PER_MESSAGE} events`, ratePath,
    requests * messages * EVENTS_PER_MESSAGE, 0);

  if (s.clusterNodes > 0 && t.kind === 'cluster') {
    const n = s.clusterNodes;
    const pingsPerNodePerS = 1 + (n - 1) / Math.max(0.1, t.nodeTimeout / 2e9);
    const runS = runNs / 1e9;
    add(`the cluster bus: ${fmt(n)} nodes × ${fmt(pingsPerNodePerS)} pings/s × ${seconds(runNs)}, and cron scans of ${fmt(n)} × ${fmt(n)} entries ${CRON_HZ} times a second`,
      [...tp, 'primaries'],
      n * runS * (pingsPerNodePerS * 2 * EVENTS_PER_MESSAGE + CRON_HZ * (1 + n * SCAN_EVENT_SHARE)),
      n * n * NODE_TABLE_BYTES_PER_ENTRY + n * t.slots * NODE_SLOT_BYTES + c.hosts * t.slots * CLIENT_SLOT_BYTES);
  }
  if (t.kind === 'sentinel') {
    add(`Sentinel: ${t.sentinels} sentinels × ${s.servers} instances`, [...tp, 'sentinels'],
      t.sentinels * s.servers * SENTINEL_MESSAGES_PER_INSTANCE_PER_S * (runNs / 1e9) * 2 * EVENTS_PER_MESSAGE, 0);
  }

  const endpoints = t.kind === 'proxy' ? t.proxies : t.kind === 'local-only' ? 0 : s.servers;
  const connections = c.hosts * c.poolSize * endpoints;
  const storm = c.timeout < 2 * roundTripNs ? runNs / c.timeout : 0;
  add(`connections: workload.clients.hosts × poolSize × ${endpoints} endpoint(s) = ${fmt(connections)}${storm > 0 ? `, each resending its handshake every ${seconds(c.timeout)} (a timeout shorter than a round trip)` : ''}`,
    storm > 0 ? ['workload', 'clients', 'timeout'] : ['workload', 'clients', 'hosts'],
    connections * (1 + storm) * EVENTS_PER_MESSAGE, connections * CONNECTION_BYTES);

  const withVersions = runKeepsLedger(scenario, t) || s.replicasPerPrimary > 0;
  const share = s.primaries > 0 ? 1 / s.primaries : 1;
  const policyWord = 'server' in t && POLICIES_WITH_KEY_WORD.has(t.server.maxmemoryPolicy);
  const record = KEYSPACE_RECORD_BYTES + (policyWord ? 4 : 0) + (withVersions ? 4 : 0) + (keysExpire(w) ? 8 : 0);
  const direct = share >= DIRECT_INDEX_MIN_SHARE;
  /** An index by key id with a list of the keys in it (the keys with a TTL; client tracking's tracked keys, and its readers' heads). */
  const indexedList = direct ? 4 + share * DENSE_LIST_BYTES_PER_HELD_KEY : share * (HASH_INDEX_BYTES_PER_HELD_KEY + DENSE_LIST_BYTES_PER_HELD_KEY);
  const tracking = l1 !== undefined && (l1.invalidation.mode === 'tracking' || l1.invalidation.mode === 'bcast') ? 2 * indexedList : 0;
  const perServerKey = (direct ? record + share * DENSE_LIST_BYTES_PER_HELD_KEY : share * (record + HASH_INDEX_BYTES_PER_HELD_KEY))
    + (keysExpire(w) ? indexedList : 0) + tracking;
  const sharedPerKey = WORKLOAD_BYTES_PER_KEY + (w.preloadTtl ? 8 : 0) + (withVersions ? LEDGER_BYTES_PER_KEY : 0) + (t.kind === 'cluster' ? CLUSTER_BYTES_PER_KEY : 0);
  add(`the keyspace: workload.keys × ${s.servers} server(s)${share < 1 ? ` holding ${fmt(share * 100)} % each` : ''} = ${fmt(w.keys)} × ${s.servers}`, ['workload', 'keys'],
    0, w.keys * (s.servers * perServerKey + sharedPerKey));
  const nodes = topologyNodeNames(t).length;
  add(`${fmt(nodes)} node(s) and ${fmt(c.hosts)} application host(s)`, c.hosts * HOST_BYTES > nodes * NODE_BYTES ? ['workload', 'clients', 'hosts'] : tp,
    0, nodes * NODE_BYTES + c.hosts * HOST_BYTES);
  if (l1) {
    const entries = l1SlotCount(l1, w.keys);
    add(`the L1: workload.clients.hosts × ${fmt(entries)} entries`, [...tp, 'l1'], 0, c.hosts * entries * L1_BYTES_PER_ENTRY);
  }
  const stride = Math.max(1, m.mget?.keys ?? 1, m.pipeline?.commands ?? 1);
  const stayNs = Math.min(runNs, c.timeout * (c.retries + 1) + c.retryBackoff * c.retries);
  const inFlight = ratePerS * (stayNs / 1e9);
  add(`requests in flight: up to ${fmt(inFlight)} (rate × timeouts) × ${stride} command(s) each`, ratePath,
    0, inFlight * (ROW_BYTES + stride * ROW_BYTES_PER_COMMAND));
  const capacityPerS = serversCapacityPerS(scenario, t, s.primaries);
  const attemptsPerS = Math.min(ratePerS * (c.retries + 1), connections / (c.timeout / 1e9));
  const excessPerS = a.kind === 'open' ? Math.max(0, attemptsPerS - capacityPerS) : 0;
  if (excessPerS > 0) {
    const rows = excessPerS * (runNs / 1e9);
    add(`a backlog: ${fmt(connections)} connections each sending an attempt every ${seconds(c.timeout)} (${fmt(attemptsPerS)}/s) is over what ${fmt(s.primaries)} server(s) serve (about ${fmt(capacityPerS)}/s at the cost model's service time), so up to ${fmt(rows)} attempts queue over ${seconds(runNs)}`,
      ['workload', 'clients', 'timeout'], 0, rows * (ROW_BYTES + stride * ROW_BYTES_PER_COMMAND));
  }

  return {
    topology: t.name,
    events: terms.reduce((x, term) => x + term.events, 0),
    bytes: terms.reduce((x, term) => x + term.bytes, 0),
    terms,
  };
}

export interface ScenarioCost {
  runs: RunCost[];
  /** Events of every run: each topology × `replications`. */
  events: number;
  /** The most memory one run needs. */
  peakRunBytes: number;
}

export function scenarioCost(scenario: Scenario, replications = scenario.replications): ScenarioCost {
  const runs = scenario.topologies.map((_, i) => runCost(scenario, i));
  return {
    runs,
    events: runs.reduce((x, r) => x + r.events, 0) * replications,
    peakRunBytes: Math.max(...runs.map((r) => r.bytes)),
  };
}

/** The term that weighs most in `pick`'s measure, across runs. */
export function heaviestTerm(runs: readonly RunCost[], pick: (t: CostTerm) => number): { run: RunCost; term: CostTerm } {
  let best = { run: runs[0]!, term: runs[0]!.terms[0]! };
  for (const run of runs) for (const term of run.terms) if (pick(term) > pick(best.term)) best = { run, term };
  return best;
}

export { fmt as formatCount };
