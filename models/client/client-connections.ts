// Every client connection of a run, under a run-wide serial number, and the two handlers of the
// request path that all pools share: the client's CPU to send a connection's request is done, and a
// reply arrived (its request row names the connection). A client of 200 hosts × 100 nodes has 20,000
// pools, each used every few milliseconds; with a handler per pool, each send and each reply first
// touched that closure, its context, the pool's array of connections and the array's storage, all
// cold, before the connection and its pool.
// When a process dies, its host's kernel resets every connection to it (processDied), the run's
// other holders of connections to Redis processes too (a proxy's server connections, the cluster
// tool's MIGRATE connections, the sentinels' links).
// Models nothing itself: the connections' behaviour is connection-pool.ts's.

import type { EventHandler } from '../../sim/engine/engine.js';
import type { RequestTable } from '../request/request-table.js';
import { Connection, type ConnectionOwner } from './connection.js';

/** A holder of connections to Redis processes outside the clients' pools (a proxy, the cluster tool, a Sentinel group). */
export interface ConnectionHolder {
  /** The process on `host` died: its host's kernel resets the holder's connections to it. */
  processDied(host: number): void;
}

export class ClientConnections {
  private readonly all: Connection[] = [];
  private readonly holders: ConnectionHolder[] = [];
  private readonly lostListeners = new Map<number, () => void>();

  constructor(private readonly requests: RequestTable) {}

  /** A new connection, number `id` of `pool`. */
  open(id: number, pool: ConnectionOwner): Connection {
    const conn = new Connection(id, this.all.length, pool);
    this.all.push(conn);
    return conn;
  }

  /** `holder`'s connections are reset too when a process dies. */
  addHolder(holder: ConnectionHolder): void {
    this.holders.push(holder);
  }

  /** `listener` is told each time a pool on client host `host` loses a connection (an L1 with client tracking flushes). */
  onLost(host: number, listener: () => void): void {
    this.lostListeners.set(host, listener);
  }

  /** A pool on client host `host` lost a connection: it timed out, the server closed it, or it was reset. */
  lost(host: number): void {
    this.lostListeners.get(host)?.();
  }

  /** The process on `host` died (a crash): every connection to it is reset. */
  processDied(host: number): void {
    for (const conn of this.all) if (conn.pool.peerHost === host) conn.pool.peerDied(conn);
    for (const holder of this.holders) holder.processDied(host);
  }

  /** The send CPU of the request on connection `serial` is done. */
  readonly onSent: EventHandler = (serial) => {
    const conn = this.all[serial]!;
    conn.pool.transmit(conn);
  };

  /** A reply to row `req` arrived, on the connection the row names. */
  readonly onReply: EventHandler = (req) => {
    const conn = this.all[this.requests.clientConnection[req]!]!;
    conn.pool.reply(conn, req);
  };
}
