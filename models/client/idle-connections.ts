// The free connections of a pool. The most recently freed is taken first, except that a user's next
// request takes the connection that carried the user's previous one, if that is free: a client
// library frees a connection while it handles the reply, and the application sends the user's next
// request from that same callback, so each busy user keeps its connection (as with one connection
// per user). Where the socket a request goes out on matters: an event loop orders each poll's
// replies by socket (models/host/event-loop.ts).
// The free list runs through the connections themselves (newest first), so taking and freeing one
// touches nothing but it and its neighbours: a large client has tens of thousands of pools, each
// mostly cold.

import type { Connection } from './connection.js';

export class IdleConnections {
  private newest: Connection | null = null;
  /** The free connection that last carried each user's request. */
  private readonly ofUser = new Map<number, Connection>();

  /** Connection `conn` now carries a request of `user` (-1: no user). */
  carry(conn: Connection, user: number): void {
    conn.lastUser = user;
  }

  push(conn: Connection): void {
    if (conn.inIdleList) return;
    conn.inIdleList = true;
    conn.olderIdle = this.newest;
    if (this.newest !== null) this.newest.newerIdle = conn;
    this.newest = conn;
    if (conn.lastUser >= 0) this.ofUser.set(conn.lastUser, conn);
  }

  /** A free connection for a request of `user` (-1: none in particular), or null when none is free. */
  take(user: number): Connection | null {
    const own = user >= 0 ? this.ofUser.get(user) : undefined;
    if (own !== undefined && own.inIdleList) return this.claim(own);
    return this.newest === null ? null : this.claim(this.newest);
  }

  /** Takes `conn` out of the free list if it is there (it broke while free). */
  remove(conn: Connection): void {
    if (conn.inIdleList) this.claim(conn);
  }

  clear(): void {
    let conn = this.newest;
    while (conn !== null) {
      const older: Connection | null = conn.olderIdle;
      conn.inIdleList = false;
      conn.newerIdle = null;
      conn.olderIdle = null;
      conn = older;
    }
    this.newest = null;
    this.ofUser.clear();
  }

  private claim(conn: Connection): Connection {
    conn.inIdleList = false;
    if (conn.newerIdle !== null) conn.newerIdle.olderIdle = conn.olderIdle;
    else this.newest = conn.olderIdle;
    if (conn.olderIdle !== null) conn.olderIdle.newerIdle = conn.newerIdle;
    conn.newerIdle = null;
    conn.olderIdle = null;
    const user = conn.lastUser;
    if (user >= 0 && this.ofUser.get(user) === conn) this.ofUser.delete(user);
    return conn;
  }
}
