// `proxy`: a twemproxy-like tier. P proxy processes on their own hosts (proxy i in zone i mod zones)
// in front of sharded Redis servers (shard-tier.ts); each application host's client talks to one
// proxy, preferring proxies in its own zone (spread over them by host index), and fails over to the
// next proxy after a timeout if configured (proxy-client.ts). The proxies shard the keys (modulo or
// ketama), fragment MGETs and pipeline to the servers (models/proxy/proxy.ts). addNode/removeNode
// change the proxies' server list (rolled out to proxy i of P at rollout·i/P). Each server a proxy
// ejects (auto_eject_hosts) is announced as a cluster event `ejected` (node: the proxy).
// Node names: <topology>/shard-<i>, <topology>/spare-<i>, <topology>/proxy-<i> (all can be faulted).

import type { UsageSource } from '../host/busy-meter.js';
import { z } from 'zod';
import { count } from '../../sim/scenario/quantities.js';
import { strictObject } from '../../sim/scenario/strict.js';
import { ProxyClient } from '../client/proxy-client.js';
import type { FaultTarget } from '../faults/fault-injector.js';
import { ProxyProcess } from '../proxy/proxy.js';
import { CLUSTER_EVENT, ClusterEventKind, type ClusterEvent } from '../signals.js';
import { proxyProcessParams } from '../proxy/proxy-params.js';
import { buildShardTier } from './shard-tier.js';
import { shardingFields, shardNodeNames } from '../sharding/sharding-params.js';
import type { BuiltTopology, TopologyContext } from './topology.js';
import { serverEndpoint } from '../client/connection-pool.js';

const MAX_PROXIES = 100;

export const proxyParams = strictObject({
  name: z.string().min(1),
  kind: z.literal('proxy'),
  proxies: count().refine((n) => n >= 1 && n <= MAX_PROXIES, `expected 1 to ${MAX_PROXIES} proxies`).prefault(2)
    .describe('proxy processes, each on its own host (<topology>/proxy-<i>)'),
  failover: z.enum(['next-proxy', 'none'], { error: () => 'expected next-proxy or none' }).prefault('next-proxy')
    .describe('after a timeout, a client retries on the next proxy and stays there (next-proxy), or keeps its proxy (none)'),
  proxy: proxyProcessParams,
  ...shardingFields,
});

export type ProxyParams = z.output<typeof proxyParams>;

export function proxyNodeNames(p: ProxyParams): string[] {
  return [...shardNodeNames(p), ...Array.from({ length: Math.min(p.proxies, MAX_PROXIES) }, (_, i) => `${p.name}/proxy-${i}`)];
}

/** Proxies in the client's zone first, then the others; each group rotated by the client's index to spread clients. */
export function proxyPreference(client: number, clientZone: number, proxyZones: readonly number[]): number[] {
  const all = proxyZones.map((_, i) => i);
  const rotate = (group: number[]) => group.map((_, j) => group[(client + j) % group.length]!);
  return [...rotate(all.filter((i) => proxyZones[i] === clientZone)), ...rotate(all.filter((i) => proxyZones[i] !== clientZone))];
}

export function buildProxy(ctx: TopologyContext, p: ProxyParams): BuiltTopology {
  const tier = buildShardTier(ctx, p);
  const backends = tier.servers.map(serverEndpoint);
  const names = proxyNodeNames(p).slice(tier.servers.length);
  const events = ctx.bus.signal<ClusterEvent>(CLUSTER_EVENT);
  const ejected = (proxy: string, server: number) => {
    if (events.active) events.emit({ kind: ClusterEventKind.ejected, node: proxy, target: tier.servers[server]!.options.name, timeNs: ctx.engine.now, delayNs: 0, rank: 0 });
  };
  const proxies = names.map((name, i) => new ProxyProcess(
    ctx.engine, ctx.network, ctx.requests, ctx.factory, p.proxy, ctx.network.addHost(name, i % ctx.network.zoneCount), backends, tier.membership.map,
    (servers) => tier.membership.mapOf(servers), (server) => ejected(name, server), ctx.machines.of(name),
  ));
  tier.membership.routers.push(...proxies);
  for (const x of proxies) ctx.connections.addHolder(x);
  const endpoints = proxies.map((x) => ({ host: x.host, onRequest: x.onRequest, process: x }));
  const proxyZones = proxies.map((x) => ctx.network.zoneOf(x.host));
  const clients = ctx.clientHosts.map((host, i) => new ProxyClient(
    ctx, ctx.workload.clients, ctx.clientCpus[i]!, host, endpoints, proxyPreference(i, ctx.network.zoneOf(host), proxyZones), p.failover,
    ctx.workload.readThrough, ctx.streams.stream(`client/${i}/ttl`),
  ));
  const targets = new Map<string, FaultTarget>(tier.targets);
  proxies.forEach((x, i) => targets.set(names[i]!, {
    host: x.host,
    pause: () => x.executor.pause(),
    resume: () => x.resume(),
    crash: () => x.crash(),
    restart: () => x.restart(),
  }));
  const usage = proxies.map((x, i): UsageSource => ({ name: names[i]!, kind: 'proxy-cpu', capacity: 1, busyNsAt: (now) => x.executor.busyNsAt(now) }));
  return { clients, shared: tier.shared, targets, preload: tier.preload, addNode: tier.addNode, removeNode: tier.removeNode, usage };
}
