// Scheduled operations an operator performs during a run (as opposed to faults), declared once.

import { z } from 'zod';
import { count, durationNs, real } from '../../sim/scenario/quantities.js';
import { strictObject } from '../../sim/scenario/strict.js';

const migrateTimeout = () => durationNs().refine((ns) => ns > 0, 'expected a positive timeout').prefault('60s')
  .describe('MIGRATE\'s timeout (redis-cli --cluster-timeout): a batch whose answers are not back by then fails with IOERR, and the tool stops');

const node = () => z.string().regex(/^[^/]+\/.+$/, 'expected "<topology>/<node>", e.g. cluster/primary-0');

export const operationParams = z.union([
  strictObject({
    at: durationNs().describe('virtual time the operation starts'),
    reshard: strictObject({
      from: node().describe('source primary'),
      to: node().describe('target primary'),
      slots: count().refine((n) => n >= 1, 'expected ≥ 1 slot').describe('slots to move (the source\'s lowest-numbered)'),
      pipeline: count().refine((n) => n >= 1, 'expected ≥ 1 key').prefault(10).describe('keys per MIGRATE (redis-cli --cluster-pipeline)'),
      timeout: migrateTimeout(),
    }).refine((r) => r.from !== r.to, { error: 'expected a target other than the source (redis-cli refuses to reshard a node to itself)', path: ['to'] }),
  }).transform((o) => ({ kind: 'reshard' as const, atNs: o.at, from: o.reshard.from, to: o.reshard.to, slots: o.reshard.slots, pipeline: o.reshard.pipeline, timeoutNs: o.reshard.timeout })),
  strictObject({
    at: durationNs().describe('virtual time of the command'),
    failover: node().describe('the replica that takes over (CLUSTER FAILOVER sent to it)'),
    mode: z.enum(['default', 'force', 'takeover'], { error: () => 'expected default, force or takeover' }).prefault('default')
      .describe('CLUSTER FAILOVER [FORCE|TAKEOVER]'),
  }).transform((o) => ({ kind: 'failover' as const, atNs: o.at, node: o.failover, mode: o.mode })),
  strictObject({
    at: durationNs().describe('virtual time add-node starts'),
    addNode: node().describe('a spare node (<topology>/spare-<i>) joining the cluster, or the server list of a sharded or proxy topology'),
    meet: node().optional().describe('cluster: an existing node it meets (required); sharded and proxy: none'),
    replicaOf: node().optional().describe('cluster: a primary it then replicates (default: it stays an empty primary)'),
  }).transform((o) => ({ kind: 'addNode' as const, atNs: o.at, node: o.addNode, meet: o.meet ?? null, replicaOf: o.replicaOf ?? null })),
  strictObject({
    at: durationNs().describe('virtual time rebalance starts'),
    rebalance: z.string().min(1).describe('the cluster topology'),
    pipeline: count().refine((n) => n >= 1, 'expected ≥ 1 key').prefault(10).describe('keys per MIGRATE'),
    timeout: migrateTimeout(),
    weights: z.record(node(), real(0, 1e6)).prefault({}).describe('weight per primary (default 1; 0 empties it)'),
  }).transform((o) => ({ kind: 'rebalance' as const, atNs: o.at, topology: o.rebalance, pipeline: o.pipeline, timeoutNs: o.timeout, weights: o.weights })),
  strictObject({
    at: durationNs().describe('virtual time del-node runs'),
    removeNode: node().describe('cluster: an empty node (a replica, or a primary emptied by rebalance) to forget and shut down; sharded and proxy: a server taken out of the server list'),
  }).transform((o) => ({ kind: 'removeNode' as const, atNs: o.at, node: o.removeNode })),
], {
  error: () => 'expected an operation: { at, reshard: { from, to, slots } }, { at, failover: replica, mode? }, '
    + '{ at, addNode: spare, meet?: node, replicaOf? }, { at, rebalance: topology, weights? } or { at, removeNode: node }',
});

export type Operation = z.output<typeof operationParams>;
