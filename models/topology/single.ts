// `single`: one Redis server on its own host in the first zone; every application host keeps a
// connection pool to it.

import { z } from 'zod';
import { strictObject } from '../../sim/scenario/strict.js';
import { StandaloneClient } from '../client/standalone-client.js';
import { RedisServer } from '../server/redis-server.js';
import { processFaultTarget } from '../faults/fault-injector.js';
import { serverParams } from '../server/server-params.js';
import { l1Params } from '../l1/l1-params.js';
import { preloadEverywhere } from './preload.js';
import type { BuiltTopology, TopologyContext } from './topology.js';
import { oneNodeTier } from './one-node-tier.js';
import { keysExpire } from '../workload/workload-params.js';
import { serverEndpoint } from '../client/connection-pool.js';

export const singleParams = strictObject({
  name: z.string().min(1),
  kind: z.literal('single'),
  server: serverParams,
  l1: l1Params.optional().describe('an in-process cache on each application host in front of this topology'),
});

export type SingleParams = z.output<typeof singleParams>;

export function singleNodeNames(params: SingleParams): string[] {
  return [`${params.name}/server-0`];
}

export function buildSingle(ctx: TopologyContext, params: SingleParams): BuiltTopology {
  const [name] = singleNodeNames(params);
  const host = ctx.network.addHost(name!, 0);
  const server = new RedisServer(ctx.engine, ctx.network, ctx.requests, params.server, {
    id: 0, name: name!, host, keyCount: ctx.workload.keys, withExpiry: keysExpire(ctx.workload), ledger: ctx.ledger ?? undefined, machine: ctx.machines.of(name!),
  }, ctx.streams, ctx.bus);
  const clients = ctx.clientHosts.map((clientHost, i) => new StandaloneClient(
    ctx, ctx.workload.clients, ctx.clientCpus[i]!, clientHost, serverEndpoint(server),
    ctx.workload.readThrough, ctx.streams.stream(`client/${i}/ttl`),
  ));
  return {
    clients,
    shared: oneNodeTier([server]),
    targets: new Map([[name!, processFaultTarget(server)]]),
    preload: () => preloadEverywhere(ctx, [server], params.server),
  };
}
