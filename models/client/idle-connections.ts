// The free connections of a pool. The most recently freed is taken first, except that a user's next
// request takes the connection that carried the user's previous one, if that is free: a client
// library frees a connection while it handles the reply, and the application sends the user's next
// request from that same callback, so each busy user keeps its connection (as with one connection
// per user). Where the socket a request goes out on matters: an event loop orders each poll's
// replies by socket (models/host/event-loop.ts).
// Every pool of every host has one, and a large cluster has tens of thousands of pools, each touched
// once per request: so the state is one Int32Array (free marks, last users, the stack), one cold
// cache line or two per request instead of one per array.
// Parameters: the pool's size (connections).

export class IdleConnections {
  /** [stack length | free mark per connection | last user per connection | the stack: freed connections, most recent last; entries of connections taken since are skipped]. */
  private readonly state: Int32Array;
  private readonly lastUserAt: number;
  private readonly stackAt: number;
  /** The free connection that last carried each user's request (made at the first user). */
  private ofUser: Map<number, number> | null = null;

  constructor(private readonly size: number) {
    this.lastUserAt = 1 + size;
    this.stackAt = 1 + 2 * size;
    this.state = new Int32Array(this.stackAt + 2 * size + 1);
    this.state.fill(-1, this.lastUserAt, this.stackAt);
  }

  /** Entries on the stack (at most twice the size: memory stays bounded). */
  get stackLength(): number {
    return this.state[0]!;
  }

  /** Connection `conn` now carries a request of `user` (-1: no user). */
  carry(conn: number, user: number): void {
    this.state[this.lastUserAt + conn] = user;
  }

  push(conn: number): void {
    const s = this.state;
    if (s[1 + conn] === 1) return;
    s[1 + conn] = 1;
    s[this.stackAt + s[0]!] = conn;
    s[0]!++;
    const user = s[this.lastUserAt + conn]!;
    if (user >= 0) (this.ofUser ??= new Map()).set(user, conn);
    if (s[0]! > 2 * this.size) this.compact();
  }

  /** A free connection for a request of `user` (-1: none in particular), or -1 when none is free. */
  take(user: number): number {
    const s = this.state;
    const own = user >= 0 && this.ofUser !== null ? this.ofUser.get(user) : undefined;
    if (own !== undefined && s[1 + own] === 1) return this.claim(own);
    while (s[0]! > 0) {
      const conn = s[this.stackAt + --s[0]!]!;
      if (s[1 + conn] === 1) return this.claim(conn);
    }
    return -1;
  }

  clear(): void {
    this.state.fill(0, 0, this.lastUserAt);
    this.ofUser?.clear();
  }

  private claim(conn: number): number {
    this.state[1 + conn] = 0;
    const user = this.state[this.lastUserAt + conn]!;
    if (user >= 0 && this.ofUser !== null && this.ofUser.get(user) === conn) this.ofUser.delete(user);
    return conn;
  }

  /** Drops the entries of connections taken out of order, keeping the order of the others. */
  private compact(): void {
    const s = this.state;
    const seen = new Uint8Array(this.size);
    const kept: number[] = [];
    for (let i = s[0]! - 1; i >= 0; i--) {
      const conn = s[this.stackAt + i]!;
      if (s[1 + conn] === 1 && seen[conn] === 0) {
        seen[conn] = 1;
        kept.push(conn);
      }
    }
    kept.reverse();
    s.set(kept, this.stackAt);
    s[0] = kept.length;
  }
}
