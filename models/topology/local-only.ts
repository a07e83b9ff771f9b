// `local-only`: each application host keeps its own in-process cache (the `l1` block, required)
// and there is no shared cache tier: misses read the origin database, writes go to it, and the
// other hosts learn of a write only by their invalidation path (TTL-only or versioned keys: there
// is no Redis to carry pub/sub or tracking). Every host holds its own copy of the hot keys.

import { z } from 'zod';
import { strictObject } from '../../sim/scenario/strict.js';
import { OriginOnlyClient } from '../client/origin-only-client.js';
import { l1Params } from '../l1/l1-params.js';
import type { BuiltTopology, TopologyContext } from './topology.js';

export const localOnlyParams = strictObject({
  name: z.string().min(1),
  kind: z.literal('local-only'),
  l1: l1Params.refine((p) => p.invalidation.mode === 'ttl' || p.invalidation.mode === 'versioned',
    { message: 'expected invalidation mode ttl or versioned (there is no shared tier to carry pub/sub or tracking)', path: ['invalidation', 'mode'] })
    .describe('the in-process cache of each application host'),
});

export type LocalOnlyParams = z.output<typeof localOnlyParams>;

export function localOnlyNodeNames(): string[] {
  return [];
}

export function buildLocalOnly(ctx: TopologyContext): BuiltTopology {
  const origin = ctx.origin;
  const ledger = ctx.ledger;
  if (!origin || !ledger) throw new Error('local-only needs read-through to an origin and a write ledger');
  // No cache tier to hold a lock or a value to refresh: stampede protection does not apply.
  const clients = ctx.clientHosts.map((host, i) => new OriginOnlyClient(
    { ...ctx, protection: null }, ctx.workload.clients, ctx.clientCpus[i]!, host, origin, ledger, ctx.streams.stream(`client/${i}/ttl`),
  ));
  return {
    clients,
    shared: { servers: [], trackOn: () => {}, publishTo: () => -1, subscribeOn: () => [] },
    targets: new Map(),
    preload: () => {},
  };
}
