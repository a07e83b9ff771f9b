// The reads an L1 has on their way to Redis, and the invalidations that meet them: a value read
// before its key was modified can reach the host after that modification's invalidation (by
// client tracking's redirect connection, or a pub/sub message), or just before it; kept, it would
// stay stale until the key is written again (the race the Redis client-side caching docs
// describe). A cache that guards it keeps no value whose key was invalidated while its read was on
// its way: redis-py marks an entry in progress when it sends the read and keeps the reply only if
// no invalidation removed the mark; Jedis reads the invalidations pushed behind a reply before it
// answers the next hit. Each invalidation of a key with reads on their way takes the next number
// of a counter; a read remembers the counter when it is sent, and its value for that key is
// dropped if the key's last such number is higher.
// Parameters: none (l1-params.ts inFlightReads chooses whether an L1 guards).

import { IntHashMap } from '../../sim/collections/int-hash-map.js';
import type { RequestTable } from '../request/request-table.js';

export class InFlightReads {
  /** Reads on their way per key, the number of the last invalidation that met one, and the counter each read saw when sent. */
  private readonly reads = new IntHashMap(64);
  private readonly invalidatedAt = new IntHashMap(64);
  private readonly sentAt = new IntHashMap(64);
  private count = 0;

  constructor(private readonly requests: RequestTable) {}

  /** Read `req` (a GET or MGET) leaves for Redis. */
  sent(req: number): void {
    const t = this.requests;
    this.sentAt.set(req, this.count);
    for (let i = req * t.stride, end = i + t.commandCount[req]!; i < end; i++) {
      const key = t.cmdKey[i]!;
      this.reads.set(key, Math.max(0, this.reads.get(key)) + 1);
    }
  }

  /** An invalidation of `key` arrived (before the read's value, if one is on its way). */
  invalidated(key: number): void {
    if (this.reads.get(key) > 0) this.invalidatedAt.set(key, ++this.count);
  }

  /** True if `key`, read by `req`, was invalidated after `req` was sent. */
  invalidatedSince(req: number, key: number): boolean {
    return this.invalidatedAt.get(key) > this.sentAt.get(req);
  }

  /** Read `req` ended (kept, or failed). */
  ended(req: number): void {
    const t = this.requests;
    if (this.sentAt.get(req) < 0) return;
    this.sentAt.delete(req);
    for (let i = req * t.stride, end = i + t.commandCount[req]!; i < end; i++) {
      const key = t.cmdKey[i]!;
      const left = this.reads.get(key) - 1;
      if (left > 0) this.reads.set(key, left);
      else {
        this.reads.delete(key);
        this.invalidatedAt.delete(key);
      }
    }
  }
}
