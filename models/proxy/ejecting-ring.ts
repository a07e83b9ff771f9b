// One proxy's hash ring under twemproxy's auto_eject_hosts (0.5 src/nc_server.c server_failure,
// server_ok, server_pool_update): every close of a server connection is a failure of that server
// and every reply that is not one resets its count; `serverFailureLimit` failures in a row eject
// it for `serverRetryTimeout`: the ring is rebuilt without it (ketama: its keys move to the next
// servers on the ring; modulo: most keys move), and the first request routed after the retry time
// rebuilds the ring with it again. Each proxy keeps its own counts and ring; with every server
// ejected there is no ring. Without auto-eject, failures count for nothing.
// Parameters: proxy-params.ts (autoEjectHosts, serverFailureLimit, serverRetryTimeout ns).

import type { Engine } from '../../sim/engine/engine.js';
import type { ShardMap } from '../sharding/shard-map.js';
import type { ProxyProcessParams } from './proxy-params.js';

export class EjectingRing {
  /** The ring in use: the configured one without the servers ejected (null: all ejected). */
  map: ShardMap | null;
  /** Per server: consecutive failures, and when its ejection ends (ns; 0: in the ring). */
  private readonly failures: number[] = [];
  private readonly ejectedUntilNs: number[] = [];
  /** When an ejected server may come back (0: none ejected). */
  private nextRebuildNs = 0;

  constructor(
    private readonly engine: Engine, private readonly params: ProxyProcessParams, private configured: ShardMap,
    private readonly mapOf: (servers: readonly number[]) => ShardMap,
    /** Told of each server ejected. */
    private readonly ejected: (server: number) => void,
  ) {
    this.map = configured;
  }

  /** The configured servers changed (a node added or removed). */
  use(map: ShardMap): void {
    this.configured = map;
    this.rebuild();
  }

  /** Before a request is routed: an ejected server whose retry time has passed is back. */
  beforeRouting(): void {
    if (this.nextRebuildNs > 0 && this.engine.now > this.nextRebuildNs) this.rebuild();
  }

  /** A server connection closed: with auto-eject, the limit-th failure in a row takes the server out of the ring. */
  failed(server: number): void {
    if (!this.params.autoEjectHosts) return;
    this.failures[server] = (this.failures[server] ?? 0) + 1;
    if (this.failures[server]! < this.params.serverFailureLimit) return;
    this.failures[server] = 0;
    this.ejectedUntilNs[server] = this.engine.now + this.params.serverRetryTimeout;
    this.rebuild();
    this.ejected(server);
  }

  /** A server answered (server_ok). */
  answered(server: number): void {
    this.failures[server] = 0;
  }

  /** The proxy restarted: no failures, no server ejected. */
  reset(): void {
    this.failures.length = 0;
    this.ejectedUntilNs.length = 0;
    this.rebuild();
  }

  /** The ring over the configured servers not ejected now; remembers when the next ejection ends. */
  private rebuild(): void {
    const now = this.engine.now;
    let next = 0;
    const live = this.configured.servers.filter((s) => {
      const until = this.ejectedUntilNs[s] ?? 0;
      if (until <= now) return true;
      next = next === 0 ? until : Math.min(next, until);
      return false;
    });
    this.nextRebuildNs = next;
    this.map = live.length === this.configured.servers.length ? this.configured : live.length > 0 ? this.mapOf(live) : null;
  }
}
