// Pub/sub on one Redis process, for the invalidation channel of the L1 tier. A PUBLISH (or
// SPUBLISH) from a client runs on the server's thread (command + perKey per subscriber, the cost of
// writing each subscriber's output buffer), then a "message" goes to every local subscriber, and
// in a cluster the node hands it to the bus (cluster-bus.ts: classic PUBLISH to all other nodes,
// SPUBLISH to the nodes of its shard), whose receivers deliver it to their own subscribers.
// The publisher's integer reply (4 bytes) is not sent: the publishing client ignores it.
// Abstracted away: pattern subscriptions, the subscribe handshake (subscribers are in place at the
// start), client output-buffer limits. Channel names are CHANNEL_BYTES long.

import type { EventHandler } from '../../sim/engine/engine.js';
import type { Channel, Network } from '../network/network.js';
import type { RedisServer } from '../server/redis-server.js';
import type { ServerTask } from '../server/server-hooks.js';
import { Purpose } from '../signals.js';
import { threeBulkBytes } from '../workload/wire-sizes.js';

/** Length of the invalidation channel's name ("invalidate"; a sharded one carries a hash tag of similar length). */
export const CHANNEL_BYTES = 10;

interface Subscriber {
  host: number;
  channel: Channel;
  onMessage: EventHandler;
}

/** Encodes what a PUBLISH carries into a handler's number: the key and whether it is sharded. */
export function publishData(key: number, sharded: boolean): number {
  return key * 2 + (sharded ? 1 : 0);
}

export class PubSubNode implements ServerTask {
  /** Hands a message published here to the other nodes that deliver it (the cluster bus), if any. */
  propagate: ((key: number, sharded: boolean) => void) | null = null;
  readonly onPublish: EventHandler = (data) => this.server.submitTask(this.kind, data);
  private readonly subscribers: Subscriber[] = [];
  private readonly kind: number;

  constructor(private readonly network: Network, private readonly server: RedisServer, private readonly keyBytes: number) {
    this.kind = server.addTask(this);
  }

  subscribe(host: number, channel: Channel, onMessage: EventHandler): void {
    this.subscribers.push({ host, channel, onMessage });
  }

  /** Bytes of a PUBLISH/SPUBLISH command naming one key (the same framing as the message delivered). */
  publishBytes(sharded: boolean): number {
    return threeBulkBytes(sharded ? 8 : 7, CHANNEL_BYTES, this.keyBytes);
  }

  begin(): number {
    const cost = this.server.params.cost;
    return cost.request + cost.command + cost.perKey * this.subscribers.length;
  }

  finish(data: number): void {
    const sharded = data % 2 === 1;
    const key = (data - (sharded ? 1 : 0)) / 2;
    this.deliver(key, sharded);
    this.propagate?.(key, sharded);
  }

  /** Sends a message about `key` to every subscriber of this node (also for a message that came over the bus). */
  deliver(key: number, sharded: boolean): void {
    const bytes = this.publishBytes(sharded);
    const host = this.server.options.host;
    for (const s of this.subscribers) this.network.send(host, s.host, bytes, Purpose.pubsub, s.channel, s.onMessage, key);
  }
}
