// Redis client tracking (server-assisted client-side caching) on one Redis process, RESP2 style:
// each of a registered host's data connections runs CLIENT TRACKING ON REDIRECT towards one
// connection of that host subscribed to __redis__:invalidate, so an invalidation travels on its own
// connection and can overtake the reply of a GET (the race the Redis docs describe). Redis tracks
// clients, that is connections (src/tracking.c: the tracking table maps a key to client IDs, and
// each gets its own message at its redirect target), so a host whose pool read a key on three
// connections gets three messages.
// - Default mode: the server remembers, per key, the connections that read it; when the key is
//   modified (write, delete, expiry, eviction, a write applied by replication) each of them gets
//   one invalidation and the key is forgotten (one-shot: it must be read again to be tracked
//   again). The message is queued to the redirect connection at once (its write comes after that
//   of the writer's reply, queued later: pending-writes.ts).
// - BCAST: nothing is remembered; every modified key is collected (once: Redis keeps them in a
//   radix tree per prefix, src/tracking.c trackingRememberKeyToBroadcast), and beforeSleep flushes
//   them as one message per tracking connection (trackingBroadcastInvalidationMessages, called
//   before the writes), which costs the thread command + perKey per key; queued last, the redirect
//   connections are written first.
// Either way a host's messages of one iteration go out in one write of its redirect connection.
// A crash forgets what was tracked and what was waiting to be broadcast (the connections are gone).
// Default mode keeps at most `trackingTableMaxKeys` keys (tracking-table-max-keys, 1,000,000): a
// key tracked over it makes the server invalidate a key tracked before, drawn at random, as if it
// were modified (src/tracking.c trackingLimitUsedSlots, run before every command: a random walk of
// the table, one key after another until it is under the limit again). Hosts whose L1s together
// read more distinct keys than that lose entries to it. Its CPU (trackingInvalidateKey) is not charged.
// Abstracted away: OPTIN/OPTOUT, prefixes (BCAST covers all keys), NOLOOP (the writer also gets the
// invalidation).

import type { EventHandler } from '../../sim/engine/engine.js';
import { idIndex, type IdIndex } from '../../sim/collections/id-index.js';
import { IdSet } from '../../sim/collections/id-set.js';
import { IntHashMap } from '../../sim/collections/int-hash-map.js';
import type { Rng } from '../../sim/random/rng.js';
import type { Channel, Network } from '../network/network.js';
import type { RedisServer } from '../server/redis-server.js';
import type { KeyObserver, ServerTask } from '../server/server-hooks.js';
import type { WriteSender } from '../server/pending-writes.js';
import { Purpose } from '../signals.js';
import { trackingInvalidationBytes } from '../workload/wire-sizes.js';

/** A host's redirect connection, which gets its data connections' invalidations. */
class TrackingClient implements WriteSender {
  constructor(
    private readonly table: TrackingTable,
    readonly host: number,
    /** Data connections of the host with tracking on (its pool's size). */
    readonly connections: number,
    readonly channel: Channel,
    private readonly onKey: EventHandler,
    private readonly onBatch: EventHandler,
  ) {}

  /** Sends an invalidation of key `data` (default mode), or batch `data` once per data connection (BCAST). */
  sendWritten(data: number, delayNs: number): void {
    const t = this.table;
    if (!t.broadcast) {
      t.network.send(t.server.options.host, this.host, trackingInvalidationBytes(1, t.keyBytes), Purpose.pubsub, this.channel, this.onKey, data, delayNs);
      return;
    }
    t.batchSent(data);
    const bytes = trackingInvalidationBytes(t.batchKeys(data).length, t.keyBytes);
    for (let i = 0; i < this.connections; i++) t.network.send(t.server.options.host, this.host, bytes, Purpose.pubsub, this.channel, this.onBatch, data, delayNs);
  }
}

export class TrackingTable implements KeyObserver, ServerTask {
  private readonly clients: TrackingClient[] = [];
  private readonly clientOfHost = new IntHashMap(16);
  /** Default mode: key → first node of its list of tracking connections (an index sized by the server's share of the keys); nodes in typed arrays with a free list. */
  private heads: IdIndex;
  private nodeClient: Int32Array = new Int32Array(64);
  private nodeConnection: Int32Array = new Int32Array(64);
  private nodeNext: Int32Array = new Int32Array(64);
  private freeNodes: number[] = Array.from({ length: 64 }, (_, i) => 63 - i);
  /** Default mode: the keys tracked (to draw one when the table is over its limit). */
  private tracked: IdSet;
  /** BCAST: keys modified since the last flush (each once), and the flushed batches still on their way. */
  private readonly pending = new Set<number>();
  /** Flushed batches: their keys, the messages sent and not yet applied (the messages of a flush are sent together, at its writes). */
  private readonly batches = new Map<number, { keys: number[]; undelivered: number; sent: boolean }>();
  private nextBatch = 0;
  private readonly kind: number;

  constructor(readonly network: Network, readonly server: RedisServer, readonly keyBytes: number, readonly broadcast: boolean, private readonly rng: Rng) {
    this.kind = server.addTask(this);
    this.heads = this.keyIndex();
    this.tracked = this.keySet();
    server.keyObserver = this;
  }

  private keyIndex(): IdIndex {
    return idIndex(this.server.options.keyCount, this.server.options.expectedKeyShare ?? 1);
  }

  private keySet(): IdSet {
    return new IdSet(this.server.options.keyCount, this.server.options.expectedKeyShare ?? 1);
  }

  /** CLIENT TRACKING on for `connections` connections of `host`, REDIRECT to `channel`; `onKey` gets a key, `onBatch` a batch id. */
  register(host: number, connections: number, channel: Channel, onKey: EventHandler, onBatch: EventHandler): void {
    this.clientOfHost.set(host, this.clients.length);
    this.clients.push(new TrackingClient(this, host, connections, channel, onKey, onBatch));
  }

  /** The keys of batch `id`; the receiver calls `delivered` once it has applied them. */
  batchKeys(id: number): readonly number[] {
    return this.batches.get(id)!.keys;
  }

  /** A redirect connection's write of batch `id` begins (so the batch's messages are on their way). */
  batchSent(id: number): void {
    this.batches.get(id)!.sent = true;
  }

  delivered(id: number): void {
    const b = this.batches.get(id)!;
    if (--b.undelivered === 0) this.batches.delete(id);
  }

  /** The process died with its connections: the readers it remembered and the keys waiting for a broadcast are gone, and so are the flushed batches whose writes had not begun (their messages were dropped with the writes). */
  crashed(): void {
    this.heads = this.keyIndex();
    this.tracked = this.keySet();
    this.freeNodes = Array.from({ length: this.nodeClient.length }, (_, i) => this.nodeClient.length - 1 - i);
    this.pending.clear();
    for (const [id, b] of this.batches) if (!b.sent) this.batches.delete(id);
  }

  read(key: number, clientHost: number, connection: number): void {
    if (this.broadcast) return;
    const client = this.clientOfHost.get(clientHost);
    if (client < 0) return;
    const head = this.heads.get(key);
    for (let n = head; n >= 0; n = this.nodeNext[n]!) if (this.nodeClient[n] === client && this.nodeConnection[n] === connection) return;
    const node = this.allocNode();
    this.nodeClient[node] = client;
    this.nodeConnection[node] = connection;
    this.nodeNext[node] = head;
    this.heads.set(key, node);
    if (head < 0) this.track(key);
  }

  /** `key` is tracked now; over the limit, a key tracked before (or this one), drawn at random, is invalidated. */
  private track(key: number): void {
    const tracked = this.tracked;
    tracked.add(key);
    const max = this.server.params.trackingTableMaxKeys;
    while (max > 0 && tracked.size > max) this.modified(tracked.at(Math.floor(this.rng() * tracked.size)));
  }

  modified(key: number): void {
    if (this.broadcast) {
      if (this.clients.length > 0) this.pending.add(key);
      return;
    }
    const head = this.heads.get(key);
    if (head < 0) return;
    this.heads.delete(key);
    this.tracked.remove(key);
    for (let n = head; n >= 0;) {
      const c = this.clients[this.nodeClient[n]!]!;
      this.server.queueWrite(c.channel, c, key);
      const next = this.nodeNext[n]!;
      this.freeNodes.push(n);
      n = next;
    }
  }

  beforeWrites(): boolean {
    if (this.pending.size === 0) return false;
    this.server.submitTaskBeforeWrites(this.kind, 0);
    return true;
  }

  begin(): number {
    return this.server.params.cost.command + this.server.params.cost.perKey * this.pending.size;
  }

  /** BCAST flush: one message with every pending key to each tracking connection. */
  finish(): void {
    const id = this.nextBatch++;
    let messages = 0;
    for (const c of this.clients) messages += c.connections;
    const keys = [...this.pending];
    this.pending.clear();
    this.batches.set(id, { keys, undelivered: messages, sent: false });
    for (const c of this.clients) this.server.queueWrite(c.channel, c, id);
  }

  private allocNode(): number {
    if (this.freeNodes.length === 0) {
      const n = this.nodeClient.length;
      this.nodeClient = grow(this.nodeClient, 2 * n);
      this.nodeConnection = grow(this.nodeConnection, 2 * n);
      this.nodeNext = grow(this.nodeNext, 2 * n);
      for (let i = 2 * n - 1; i >= n; i--) this.freeNodes.push(i);
    }
    return this.freeNodes.pop()!;
  }
}

function grow(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
