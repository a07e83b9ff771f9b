// Warm starts: each server gets its keys in popularity order (key 0 first), each key stored where the
// topology keeps it, with the workload's preloadTtl as expiry (if any).
// - everywhere: on all the servers, until the first server's maxmemory would be passed (single, replicated);
// - by owner: on the server that owns the key (and its copies), skipping keys that would pass the
//   owner's maxmemory (cluster, sharded tiers), and keys nobody owns (a cluster's slot left unassigned).

import type { RedisServer } from '../server/redis-server.js';
import type { ServerParams } from '../server/server-params.js';
import type { TopologyContext } from './topology.js';

const NONE: readonly RedisServer[] = [];

export function preloadEverywhere(ctx: TopologyContext, servers: readonly RedisServer[], params: ServerParams): void {
  const limit = params.maxmemory || Infinity;
  for (let key = 0; key < ctx.workload.keys; key++) {
    const bytes = ctx.factory.valueBytes[key]!;
    if (servers[0]!.keyspace.usedBytes + bytes + params.perKeyOverhead > limit) break;
    const expireAtNs = ctx.factory.preloadExpireAtNs(key);
    for (const s of servers) s.preload(key, bytes, expireAtNs);
  }
}

/**
 * Stores each key on `owner(key)` (none when null) and on `copies(owner)` while it fits in the owner's maxmemory. The
 * keys are taken owner by owner, each owner's in key order: every server gets the same keys in the
 * same order as key by key (a server's state depends on its own inserts only), and a server's tables
 * stay in the caches while it is filled.
 */
export function preloadByOwner(
  ctx: TopologyContext, params: ServerParams, owner: (key: number) => RedisServer | null, copies: (owner: RedisServer) => readonly RedisServer[] = () => NONE,
): void {
  const limit = params.maxmemory || Infinity;
  const keys = ctx.workload.keys;
  const owners: (RedisServer | null)[] = [];
  const indexOf = new Map<RedisServer | null, number>();
  // Each key's owner as an index into `owners` (16 bits while there are at most 65,536 of them: 20 MB for 10M keys).
  let ownerOf: Uint16Array | Int32Array = new Uint16Array(keys);
  for (let key = 0; key < keys; key++) {
    const server = owner(key);
    let i = indexOf.get(server);
    if (i === undefined) {
      i = owners.length;
      if (i === 0x10000) ownerOf = Int32Array.from(ownerOf);
      owners.push(server);
      indexOf.set(server, i);
    }
    ownerOf[key] = i;
  }
  // A counting sort by owner, stable: next[i] starts as where owner i's keys begin.
  const next = new Int32Array(owners.length + 1);
  for (let key = 0; key < keys; key++) next[ownerOf[key]! + 1]!++;
  for (let i = 1; i <= owners.length; i++) next[i]! += next[i - 1]!;
  const byOwner = new Int32Array(keys);
  for (let key = 0; key < keys; key++) byOwner[next[ownerOf[key]!]!++] = key;
  // Each owner's keys now end at next[its index], and begin where the previous owner's end.
  let at = 0;
  for (let i = 0; i < owners.length; i++) {
    const server = owners[i]!;
    if (server === null) {
      at = next[i]!;
      continue;
    }
    const copiesOf = copies(server);
    for (; at < next[i]!; at++) {
      const key = byOwner[at]!;
      const bytes = ctx.factory.valueBytes[key]!;
      if (server.keyspace.usedBytes + bytes + params.perKeyOverhead > limit) continue;
      const expireAtNs = ctx.factory.preloadExpireAtNs(key);
      server.preload(key, bytes, expireAtNs);
      for (const s of copiesOf) s.preload(key, bytes, expireAtNs);
    }
  }
}
