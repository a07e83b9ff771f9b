// Scheduled operations an operator performs during a run (as opposed to faults), declared once.

import { z } from 'zod';
import { count, durationNs } from '../../sim/scenario/quantities.js';
import { strictObject } from '../../sim/scenario/strict.js';

const node = () => z.string().regex(/^[^/]+\/.+$/, 'expected "<topology>/<node>", e.g. cluster/primary-0');

export const operationParams = z.union([
  strictObject({
    at: durationNs().describe('virtual time the operation starts'),
    reshard: strictObject({
      from: node().describe('source primary'),
      to: node().describe('target primary'),
      slots: count().refine((n) => n >= 1, 'expected ≥ 1 slot').describe('slots to move (the source\'s lowest-numbered)'),
      pipeline: count().refine((n) => n >= 1, 'expected ≥ 1 key').prefault(10).describe('keys per MIGRATE (redis-cli --cluster-pipeline)'),
    }),
  }).transform((o) => ({ kind: 'reshard' as const, atNs: o.at, ...o.reshard, mode: 'default' as const })),
  strictObject({
    at: durationNs().describe('virtual time of the command'),
    failover: node().describe('the replica that takes over (CLUSTER FAILOVER sent to it)'),
    mode: z.enum(['default', 'force', 'takeover'], { error: () => 'expected default, force or takeover' }).prefault('default')
      .describe('CLUSTER FAILOVER [FORCE|TAKEOVER]'),
  }).transform((o) => ({ kind: 'failover' as const, atNs: o.at, from: o.failover, to: o.failover, slots: 0, pipeline: 0, mode: o.mode })),
], {
  error: () => 'expected an operation: { at: 10s, reshard: { from: cluster/primary-0, to: cluster/primary-1, slots: 100 } } '
    + 'or { at: 10s, failover: cluster/replica-0-0, mode: default }',
});

export type Operation = z.output<typeof operationParams>;
