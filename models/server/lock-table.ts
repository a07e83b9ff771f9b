// The lock keys of stampede protection on one Redis server: `SET lock:{key} <token> NX PX ttl`
// stores the lock unless a live one exists (expired locks count as absent, as Redis's lazy expiry
// makes them), `DEL lock:{key}` removes it. Lock keys are kept apart from the keyspace: their
// memory (about 80 B each), eviction and replication are not modeled, and a restarted server has none.

export class LockTable {
  /** Key → when its lock expires (ns). */
  private readonly expiresAtNs = new Map<number, number>();

  /** SET … NX PX: true (and the lock is taken until `nowNs + ttlNs`) unless a live lock holds `key`. */
  acquire(key: number, nowNs: number, ttlNs: number): boolean {
    const until = this.expiresAtNs.get(key);
    if (until !== undefined && until > nowNs) return false;
    this.expiresAtNs.set(key, nowNs + ttlNs);
    return true;
  }

  release(key: number): void {
    this.expiresAtNs.delete(key);
  }

  clear(): void {
    this.expiresAtNs.clear();
  }
}
