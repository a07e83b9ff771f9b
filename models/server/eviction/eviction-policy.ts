// What every maxmemory policy provides to the server: bookkeeping on access and insert, and the
// next victim when memory is over the limit. One file per policy, one registry line each.

export interface EvictionPolicy {
  /** False for noeviction: writes over the limit fail with OOM instead. */
  readonly evicts: boolean;
  /** A read or write touched the key at keyspace entry `entry` at `nowNs`. */
  touch(entry: number, nowNs: number): void;
  /** The key at keyspace entry `entry` was created at `nowNs`. */
  inserted(entry: number, nowNs: number): void;
  /** The key to evict next, or -1 when nothing can be evicted. */
  victim(nowNs: number): number;
}
