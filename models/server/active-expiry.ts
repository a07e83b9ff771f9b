// Redis's active expiry, its slow cycle (Redis 7.0 src/expire.c activeExpireCycle, called from
// databasesCron in serverCron at hz 10): every 100 ms a primary walks its keys with a TTL from a
// cursor that goes on from where the last cycle stopped, ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP (20) at
// a time, and deletes those past their expiry as
// a DEL would (replicated, told to client tracking and persistence: deleteExpiredKeyAndPropagate);
// it goes on while more than ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE (10 %) of a loop's keys were
// expired, for at most ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC (25 %) of the cron's period of its
// thread. So an expired key nobody reads gives its memory back, and an L1 kept by client tracking
// learns of it, within about a cycle when few keys expire at once. Replicas do not run it: they
// delete a key when their primary's DEL arrives. A cycle runs on the server's thread like a task,
// costing perKey per key it looks at and command + perKey per key it deletes.
// Abstracted away: the fast cycle in beforeSleep (at most 1 ms, when the slow one ran out of time
// or many keys were stale), the hash table's bucket order (the cursor walks the keyspace's list of
// keys with a TTL, which a deletion reorders), the time limit's check every 16 loops (here after
// every loop).
// Parameters: the server's cost.perKey and cost.command (ns).

import type { Engine, EventHandler } from '../../sim/engine/engine.js';
import type { Signal, SignalBus } from '../../sim/signal/signal.js';
import { SERVER_EXPIRED, type ServerExpired } from '../signals.js';
import type { Keyspace } from './keyspace.js';
import type { ServerParams } from './server-params.js';
import type { ServerTask } from './server-hooks.js';

/** serverCron's period at hz 10, ns. */
const CRON_PERIOD_NS = 100e6;
const KEYS_PER_LOOP = 20;
const ACCEPTABLE_STALE = 0.1;
const SLOW_TIME_SHARE = 0.25;

/** What the cycle needs of its server. */
export interface ExpiringServer {
  readonly params: ServerParams;
  readonly options: { readonly id: number };
  /** Dead, or a replica (its primary expires keys for it). */
  readonly expiresNothing: boolean;
  addTask(task: ServerTask): number;
  submitTask(kind: number, index: number): void;
  /** Deletes `key` as a DEL of this server would (replicated, told to tracking and persistence). */
  deleteKey(key: number, version: number): void;
}

export class ActiveExpiry implements ServerTask {
  private readonly kind: number;
  private cursor = 0;
  /** A cycle is queued on the thread (a paused server's cron does not queue another). */
  private queued = false;
  /** The cron runs while keys with an expiry are present (so a run without them ends). */
  private armed = false;
  private readonly onCron: EventHandler = () => this.cron();
  private readonly signal: Signal<ServerExpired>;
  private readonly record: ServerExpired;

  constructor(private readonly server: ExpiringServer, private readonly keyspace: Keyspace, private readonly engine: Engine, bus: SignalBus) {
    this.kind = server.addTask(this);
    this.signal = bus.signal<ServerExpired>(SERVER_EXPIRED);
    this.record = { server: server.options.id, startNs: 0, keys: 0 };
  }

  /** A key with an expiry was stored: the cron runs from its next tick (ticks every 100 ms from the start), unless it runs already. */
  keyWithExpiryStored(): void {
    if (this.armed) return;
    this.armed = true;
    this.engine.at(Math.floor(this.engine.now / CRON_PERIOD_NS + 1) * CRON_PERIOD_NS, this.onCron);
  }

  private cron(): void {
    if (this.keyspace.volatileSize === 0) {
      this.armed = false;
      return;
    }
    if (!this.queued && !this.server.expiresNothing) {
      this.queued = true;
      this.server.submitTask(this.kind, 0);
    }
    this.engine.schedule(CRON_PERIOD_NS, this.onCron);
  }

  /** The crashed process's queued cycle is gone with it. */
  crashed(): void {
    this.queued = false;
  }

  begin(): number {
    this.queued = false;
    const ks = this.keyspace;
    const cost = this.server.params.cost;
    const now = this.engine.now;
    const limitNs = SLOW_TIME_SHARE * CRON_PERIOD_NS;
    let busyNs = 0;
    let deleted = 0;
    for (;;) {
      let sampled = 0;
      let expired = 0;
      while (sampled < KEYS_PER_LOOP && sampled < ks.volatileSize) {
        if (this.cursor >= ks.volatileSize) this.cursor = 0;
        const key = ks.volatileKeyAt(this.cursor);
        const entry = ks.entryOf(key);
        sampled++;
        if (ks.expiredAt(entry, now)) {
          // The list's last key takes the deleted one's place, so the cursor stays to look at it.
          this.server.deleteKey(key, ks.versionAt(entry));
          expired++;
        } else this.cursor++;
      }
      busyNs += sampled * cost.perKey + expired * (cost.command + cost.perKey);
      deleted += expired;
      if (sampled === 0 || expired <= ACCEPTABLE_STALE * sampled || busyNs >= limitNs) break;
    }
    if (deleted > 0 && this.signal.active) {
      this.record.startNs = now;
      this.record.keys = deleted;
      this.signal.emit(this.record);
    }
    return busyNs;
  }

  finish(): void {}
}
