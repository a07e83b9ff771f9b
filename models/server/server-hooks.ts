// How other models attach to a Redis server (redis-server.ts): a router that admits, refuses or
// holds each request (cluster routing, Sentinel's -READONLY, min-replicas), a listener of the writes
// it executes (replication), an observer of the keys it reads and modifies (client tracking), and
// tasks that run on its thread beside the requests (cluster bus, sentinels, replication apply).

/** What a router decides about a request: serve it, refuse it (the error is in the row), or hold it unanswered. */
export const Admission = { serve: 0, refuse: 1, hold: 2 } as const;

/** Decides whether a node serves a request now (cluster routing, paused writes). */
export interface CommandRouter {
  admit(req: number): number;
}

/** Told of every write the server executes for a client (replication feeds on it); `version` 0 when untracked. */
export interface WriteListener {
  written(op: number, key: number, valueBytes: number, expireAtNs: number, version: number): void;
}

/** Told of reads and modifications of keys, for client tracking (server-assisted client-side caching). */
export interface KeyObserver {
  /** Connection `connection` (of its pool) from host `clientHost` read `key` with a read-only command. */
  read(key: number, clientHost: number, connection: number): void;
  /** `key` was modified: written, deleted, expired or evicted. */
  modified(key: number): void;
  /** beforeSleep, before the writes: true if it queued work that must run first (the writes then wait for it). */
  beforeWrites(): boolean;
  /** The process died: what it tracked (readers, keys waiting for a broadcast) is lost with its connections. */
  crashed(): void;
}

/** Work beforeSleep does before it writes the replies (a cluster node saving nodes.conf). */
export interface BeforeWrites {
  /**
   * True if it queued work that must run first, with the server's submitTaskBeforeWrites (an
   * iteration of its own, after which beforeSleep runs again); the writes then wait for it.
   */
  beforeWrites(): boolean;
  /** The process died: what the hook had pending is lost. */
  crashed?(): void;
}

/** Work other than client requests that runs on the server's thread (replication apply, cluster bus, cron). */
export interface ServerTask {
  begin(index: number): number;
  finish(index: number): void;
}
