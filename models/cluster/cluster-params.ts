// Parameters of a `cluster` topology, declared once. Timings and defaults from REDIS-MODEL.md.

import { z } from 'zod';
import { count, durationNs } from '../../sim/scenario/quantities.js';
import { strictObject } from '../../sim/scenario/strict.js';
import { FSYNC_LATENCY, serverParams } from '../server/server-params.js';
import { distributionSchema } from '../../sim/dist/registry.js';
import { l1Params } from '../l1/l1-params.js';

/** Node indexes are 16-bit in slot maps (as Redis Cluster's practical limit is ~1,000 nodes). */
export const MAX_NODES = 32767;

export const clusterClientParams = strictObject({
  profile: z.enum(['none', 'ioredis', 'lettuce', 'jedis', 'redis-py', 'go-redis'], { error: () => 'expected none, ioredis, lettuce, jedis, redis-py or go-redis' })
    .prefault('none').describe('the client library whose behaviour the fields below default to (models/client/client-profiles.ts); none: split per node, patch and refresh on MOVED'),
  multiKey: z.enum(['split-per-node', 'split-per-slot', 'crossslot', 'refuse'], { error: () => 'expected split-per-node, split-per-slot, crossslot or refuse' }).optional()
    .describe('MGET/MSET over several slots: one pipeline of GETs/SETs per node, one MGET/MSET per slot (parts in parallel), sent as is (the server answers CROSSSLOT), or refused by the client (default: the profile\'s)'),
  pipelines: z.enum(['split-per-node', 'refuse'], { error: () => 'expected split-per-node or refuse' }).optional()
    .describe('a pipeline over several nodes: one part per node in parallel, or refused by the client (default: the profile\'s)'),
  transactions: z.enum(['server', 'refuse'], { error: () => 'expected server or refuse' }).optional()
    .describe('MULTI … EXEC or EVAL over several slots: sent to the first key\'s node (CROSSSLOT), or refused by the client (default: the profile\'s)'),
  onMoved: z.enum(['patch-and-refresh', 'patch', 'follow', 'follow-and-refresh', 'refresh-first'], { error: () => 'expected patch-and-refresh, patch, follow, follow-and-refresh or refresh-first' }).optional()
    .describe('on MOVED: patch the slot and refresh the map in the background, patch only, resend without touching the map (with or without a background refresh), or refresh the map first and resend by it (default: the profile\'s)'),
  maxRedirects: count().refine((n) => n <= 100, 'expected at most 100 redirections (counted in one byte per request)').optional().describe('MOVED/ASK redirections followed before giving up (default: the profile\'s)'),
  readFrom: z.enum(['primary', 'replica', 'nearest'], { error: () => 'expected primary, replica or nearest' }).prefault('primary')
    .describe('where read-only requests go: the slot\'s primary; its replicas in turn; or the nearest of the primary and its replicas (same zone, else same region, else the primary; ties in turn), replicas over READONLY connections (stale reads possible)'),
  tryAgainDelay: durationNs().optional().describe('wait before retrying after TRYAGAIN (default: the profile\'s; none: 50ms)'),
  refreshInterval: durationNs().optional()
    .describe('least time between two background slot-map refreshes (CLUSTER SLOTS) triggered by MOVED or failures (default: the profile\'s; none: 1s)'),
  refreshOnFailure: z.enum(['timeout-or-disconnect', 'disconnect', 'never'], { error: () => 'expected timeout-or-disconnect, disconnect or never' }).optional()
    .describe('whether a request that failed on its node refreshes the slot map from another node: after a timeout or a lost connection (Jedis, redis-py), a lost connection only (ioredis), or never (Lettuce 6 and go-redis: they keep sending to a dead primary until a MOVED or a reload) (default: the profile\'s)'),
  maxMapAge: durationNs().optional()
    .describe('a request finding the slot map older than this reloads it in the background (go-redis\'s ClusterStateReloadInterval, 60 s; default: the profile\'s, none for the others)'),
}).prefault({});

export const clusterParams = strictObject({
  name: z.string().min(1),
  kind: z.literal('cluster'),
  primaries: count().refine((n) => n >= 1 && n <= MAX_NODES, `expected 1 to ${MAX_NODES} primaries`).prefault(3).describe('primaries (shards)'),
  replicasPerPrimary: z.union([count(), z.array(count()).min(1)], { error: () => 'expected a whole number ≥ 0, or one per primary' })
    .prefault(1).describe('replicas of each primary: one number for all, or a list with one per primary'),
  spareNodes: count().refine((n) => n <= 1000, 'expected at most 1,000 spare nodes').prefault(0)
    .describe('redis-server processes started in cluster mode but not yet met (<topology>/spare-<i>), for addNode operations'),
  slots: count().refine((n) => n >= 1 && n <= 65536, 'expected 1 to 65536 slots').prefault(16384)
    .describe('hash slots (16384 in Redis); each bus header carries a slots/8-byte bitmap'),
  slotRanges: z.array(z.string().regex(/^\s*\d+(-\d+)?(\s*,\s*\d+(-\d+)?)*\s*$/, 'expected slot ranges like "0-5460" or "0-99,200-299"'))
    .optional().describe('slots of each primary, one entry per primary (default: redis-cli\'s even split); slots nobody owns make the cluster down'),
  nodeTimeout: durationNs().refine((ns) => ns >= 1e6, 'expected at least 1ms (cluster-node-timeout is in milliseconds)')
    .refine((ns) => ns <= 86_400e9, 'expected at most 24h (cluster-node-timeout is seconds to minutes in practice)').prefault('15s').describe('cluster-node-timeout'),
  redisVersion: z.enum(['7.0', '7.2'], { error: () => 'expected "7.0" or "7.2"' }).prefault('7.0')
    .describe('bus format: 7.2+ adds a 48-byte shard-id extension to every heartbeat'),
  requireFullCoverage: z.boolean().prefault(true).describe('cluster-require-full-coverage'),
  allowReadsWhenDown: z.boolean().prefault(false).describe('cluster-allow-reads-when-down'),
  replicaNoFailover: z.boolean().prefault(false).describe('cluster-replica-no-failover: replicas never start a failover of their own (a manual CLUSTER FAILOVER still runs)'),
  minReplicasToWrite: count().prefault(0).describe('min-replicas-to-write on every primary (0 = off): writes refused with NOREPLICAS while fewer replicas ACKed within minReplicasMaxLag'),
  minReplicasMaxLag: durationNs().prefault('10s').describe('min-replicas-max-lag'),
  nodesConf: strictObject({
    saveCpu: durationNs().prefault('6us')
      .describe('main-thread time of one nodes.conf save besides formatting its lines: open, fstat, write, close (35 µs measured on a 2-core VM, scaled as the server\'s syscall-bound costs are)'),
    saveCpuPerNode: durationNs().prefault('500ns').describe('main-thread time per node known to format its line of nodes.conf (as measured on the VM, 3 vs 16 nodes: string formatting is CPU-bound, so not scaled)'),
    fsyncLatency: distributionSchema(durationNs).prefault(FSYNC_LATENCY)
      .describe('time of one fsync(2) of nodes.conf, after a change of epoch or a vote (the disk: an assumption of a cloud SSD volume; measure yours)'),
  }).prefault({}).describe('each node\'s nodes.conf, saved on the main thread before the replies whenever the node\'s view changes (models/cluster/nodes-conf.ts)'),
  tool: strictObject({
    commandCpu: durationNs().prefault('4us')
      .describe('CPU of redis-cli --cluster per command, on its own host: writing it, waking from the blocking read of the reply, parsing it'),
  }).prefault({}).describe('the operator\'s redis-cli --cluster, which runs reshard, rebalance, add-node and del-node'),
  server: serverParams,
  client: clusterClientParams,
  l1: l1Params.optional().describe('an in-process cache on each application host in front of this topology'),
}).superRefine((p, ctx) => {
  if (Array.isArray(p.replicasPerPrimary) && p.replicasPerPrimary.length !== p.primaries) {
    ctx.addIssue({ code: 'custom', path: ['replicasPerPrimary'], message: `expected one replica count per primary (${p.primaries}), got ${p.replicasPerPrimary.length}` });
  }
  const replicas = Array.isArray(p.replicasPerPrimary) ? p.replicasPerPrimary.reduce((a, r) => a + r, 0) : p.primaries * p.replicasPerPrimary;
  if (p.primaries + replicas + p.spareNodes > MAX_NODES) {
    ctx.addIssue({ code: 'custom', path: ['replicasPerPrimary'], message: `expected at most ${MAX_NODES} nodes in all, got ${p.primaries + replicas + p.spareNodes}` });
  }
  if (p.slotRanges) {
    if (p.slotRanges.length !== p.primaries) {
      ctx.addIssue({ code: 'custom', path: ['slotRanges'], message: `expected one entry per primary (${p.primaries}), got ${p.slotRanges.length}` });
    }
    const seen = new Set<number>();
    p.slotRanges.forEach((text, i) => {
      for (const [a, b] of parseSlotRanges(text)) {
        if (b < a || b >= p.slots) {
          ctx.addIssue({ code: 'custom', path: ['slotRanges', i], message: `expected ranges within 0-${p.slots - 1}, low to high`, input: text });
          return;
        }
        for (let slot = a; slot <= b; slot++) {
          if (seen.has(slot)) {
            ctx.addIssue({ code: 'custom', path: ['slotRanges', i], message: `slot ${slot} is given to two primaries`, input: text });
            return;
          }
          seen.add(slot);
        }
      }
    });
  }
  if (p.primaries > p.slots) {
    ctx.addIssue({ code: 'custom', path: ['primaries'], message: `expected at most one primary per slot (${p.slots} slots)`, input: p.primaries });
  }
});

export type ClusterParams = z.output<typeof clusterParams>;

/** "0-99,200" → [[0, 99], [200, 200]]. */
export function parseSlotRanges(text: string): [number, number][] {
  return text.split(',').map((part) => {
    const [a, b] = part.trim().split('-').map(Number);
    return [a!, b ?? a!];
  });
}
export type ClusterClientParams = z.output<typeof clusterClientParams>;
