// The shared tier of a topology whose writes all go to one node (single, or a primary with
// replicas): invalidations are published on that node (the first server) and every host
// subscribes there; sharded pub/sub is the same thing without a cluster. Reads go where the
// client library sends them.

import type { RedisServer } from '../server/redis-server.js';
import type { SharedTier } from './topology.js';

const FIRST: readonly number[] = [0];

export function oneNodeTier(servers: readonly RedisServer[], readNodes: (client: number) => readonly number[] = () => FIRST): SharedTier {
  return { servers, trackOn: (client, track) => readNodes(client).forEach((node) => track(node)), publishTo: () => 0, subscribeOn: () => FIRST };
}
