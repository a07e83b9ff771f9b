// The lock keys of stampede protection on one Redis server: `SET lock:{key} <token> NX PX ttl`
// stores the lock and its holder's token unless a live one exists (expired locks count as absent,
// as Redis's lazy expiry makes them); the release is the usual compare-and-delete script, costed as
// a DEL: it removes the lock only if the token is still the holder's (a holder whose lock expired
// does not release the next holder's). Abstracted: lock keys are kept apart from the keyspace, so
// their memory (about 80 B each), eviction and replication are not modeled, and a restarted server
// has none. Parameters: none (the TTL and token come with each command).

export class LockTable {
  /** Key → when its lock expires (ns), and its holder's token. */
  private readonly expiresAtNs = new Map<number, number>();
  private readonly tokens = new Map<number, number>();

  /** SET … NX PX: true (and the lock is `token`'s until `nowNs + ttlNs`) unless a live lock holds `key`. */
  acquire(key: number, nowNs: number, ttlNs: number, token: number): boolean {
    const until = this.expiresAtNs.get(key);
    if (until !== undefined && until > nowNs) return false;
    this.expiresAtNs.set(key, nowNs + ttlNs);
    this.tokens.set(key, token);
    return true;
  }

  /** Compare-and-delete: removes `key`'s lock if `token` holds it. */
  release(key: number, token: number): void {
    if (this.tokens.get(key) !== token) return;
    this.expiresAtNs.delete(key);
    this.tokens.delete(key);
  }

  clear(): void {
    this.expiresAtNs.clear();
    this.tokens.clear();
  }
}
