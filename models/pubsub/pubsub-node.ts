// Pub/sub on one Redis process, for the invalidation channel of the L1 tier. A PUBLISH (or
// SPUBLISH) from a client runs on the server's thread (command + perKey per subscriber, the cost of
// filling each subscriber's output buffer; the publisher's reply's write is in its `request`), then
// a "message" goes to every local subscriber in beforeSleep's writes (its connection's write,
// redis-server.ts; src/pubsub.c addReplyPubsubMessage), and
// in a cluster the node hands it to the bus (cluster-bus.ts: classic PUBLISH to all other nodes,
// SPUBLISH to the nodes of its shard), whose receivers deliver it to their own subscribers, paying
// perKey per subscriber too (with the bus message's own cost).
// The publisher's integer reply (4 bytes) is not sent: the publishing client ignores it.
// A subscriber connection dies with its node's process; a cluster client subscribes again elsewhere
// (topology.ts resubscribeOn, with-l1.ts).
// Abstracted away: pattern subscriptions, the subscribe handshake (subscribers are in place at the
// start, and a resubscription at once when the old node dies), client output-buffer limits. Channel names are CHANNEL_BYTES long.

import type { EventHandler } from '../../sim/engine/engine.js';
import type { Channel, Network } from '../network/network.js';
import type { RedisServer } from '../server/redis-server.js';
import type { ServerTask } from '../server/server-hooks.js';
import type { WriteSender } from '../server/pending-writes.js';
import { Purpose } from '../signals.js';
import { threeBulkBytes } from '../workload/wire-sizes.js';

/** Length of the invalidation channel's name ("invalidate"; a sharded one carries a hash tag of similar length). */
export const CHANNEL_BYTES = 10;

/** A subscriber connection of a host. */
class Subscriber implements WriteSender {
  constructor(private readonly node: PubSubNode, readonly host: number, readonly channel: Channel, private readonly onMessage: EventHandler) {}

  /** Sends the message of publishData `data`. */
  sendWritten(data: number, delayNs: number): void {
    const node = this.node;
    node.network.send(node.server.options.host, this.host, node.publishBytes(publishedSharded(data)), Purpose.pubsub, this.channel, this.onMessage, publishedKey(data), delayNs);
  }
}

/** Encodes what a PUBLISH carries into a handler's number: the key and whether it is sharded. */
export function publishData(key: number, sharded: boolean): number {
  return key * 2 + (sharded ? 1 : 0);
}

/** The key a publishData number carries. */
const publishedKey = (data: number): number => Math.floor(data / 2);
/** Whether a publishData number is an SPUBLISH's. */
const publishedSharded = (data: number): boolean => data % 2 === 1;

export class PubSubNode implements ServerTask {
  /** Hands a message published here to the other nodes that deliver it (the cluster bus), if any. */
  propagate: ((key: number, sharded: boolean) => void) | null = null;
  readonly onPublish: EventHandler = (data) => this.server.submitTask(this.kind, data);
  private readonly subscribers: Subscriber[] = [];
  private readonly kind: number;

  constructor(readonly network: Network, readonly server: RedisServer, private readonly keyBytes: number) {
    this.kind = server.addTask(this);
  }

  subscribe(host: number, channel: Channel, onMessage: EventHandler): void {
    this.subscribers.push(new Subscriber(this, host, channel, onMessage));
  }

  /** Drops `host`'s subscriber connection (this process died with it); false if it had none. */
  unsubscribe(host: number): boolean {
    const i = this.subscribers.findIndex((s) => s.host === host);
    if (i < 0) return false;
    this.subscribers.splice(i, 1);
    return true;
  }

  /** Bytes of a PUBLISH/SPUBLISH command naming one key (the same framing as the message delivered). */
  publishBytes(sharded: boolean): number {
    return threeBulkBytes(sharded ? 8 : 7, CHANNEL_BYTES, this.keyBytes);
  }

  begin(): number {
    const cost = this.server.params.cost;
    return cost.request + cost.command + this.deliveryNs();
  }

  /** Filling every subscriber's output buffer with one message: perKey each, ns. */
  deliveryNs(): number {
    return this.server.params.cost.perKey * this.subscribers.length;
  }

  finish(data: number): void {
    const key = publishedKey(data);
    const sharded = publishedSharded(data);
    this.deliver(key, sharded);
    this.propagate?.(key, sharded);
  }

  /** Queues a message about `key` for every subscriber of this node (also for a message that came over the bus). */
  deliver(key: number, sharded: boolean): void {
    const data = publishData(key, sharded);
    for (const s of this.subscribers) this.server.queueWrite(s.channel, s, data);
  }
}
