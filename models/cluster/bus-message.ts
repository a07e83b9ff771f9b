// A cluster-bus message as the simulator carries it: the header fields the receiver acts on, the
// gossip section, the type-specific body, and the link it travels on. Messages are pooled (no
// allocation per heartbeat once warm). Sizes on the wire come from bus-sizes.ts, not from this
// object.

import type { BusLink } from './bus-links.js';

export const BusType = { ping: 0, pong: 1, meet: 2, fail: 3, publish: 4, authRequest: 5, authAck: 6, update: 7, mfStart: 8, publishShard: 10 } as const;

export const PFAIL = 1;
export const FAIL = 2;

export class BusMessage {
  type = 0;
  from = 0;
  to = 0;
  sizeBytes = 0;
  /** A PONG answering the receiver's PING (arrives on the receiver's outbound link). */
  reply = false;
  /** The link it travels on (an answer: its PING's), or null where no message can be lost (bus-links.ts). */
  link: BusLink | null = null;
  currentEpoch = 0;
  /** The sender's configEpoch (a replica sends its primary's). */
  configEpoch = 0;
  /** The sender's primary, −1 if the sender is a primary. */
  primaryOf = -1;
  replOffset = 0;
  /** Slots the sender claims (a replica: its primary's), and a version that changes with them. */
  slots: Int32Array = new Int32Array(0);
  slotsVersion = 0;
  /** Gossip entries: node, pong received in whole seconds (what Redis's gossip carries), flags; `gossipCount` of them. */
  gossip = new Int32Array(0);
  gossipCount = 0;
  /** FAIL: the failed node. UPDATE: the node whose configuration is sent, with its epoch and slots. */
  target = -1;
  targetConfigEpoch = 0;
  targetSlots: Int32Array = new Int32Array(0);
  /** PUBLISH / PUBLISHSHARD: the key named by the invalidation message. */
  publishKey = -1;
  /** AUTH_REQUEST: the election is forced (manual failover). */
  force = false;
  /** Header flag PAUSED: the sender (a primary) paused its clients for a manual failover. */
  mfPaused = false;

  ensureGossipCapacity(entries: number): void {
    if (this.gossip.length < entries * 3) this.gossip = new Int32Array(entries * 3);
  }
}

export class BusMessagePool {
  private readonly messages: BusMessage[] = [];
  private readonly free: number[] = [];

  get(id: number): BusMessage {
    return this.messages[id]!;
  }

  alloc(): number {
    const id = this.free.pop();
    if (id !== undefined) return id;
    this.messages.push(new BusMessage());
    return this.messages.length - 1;
  }

  release(id: number): void {
    this.free.push(id);
  }
}
