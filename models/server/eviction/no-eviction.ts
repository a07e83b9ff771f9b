// `noeviction` (Redis's default policy): nothing is evicted; over maxmemory the server answers
// writes with OOM and still serves reads (see redis-server.ts). No parameters.

import type { EvictionPolicy } from './eviction-policy.js';

/** `noeviction`: nothing is ever evicted; the server refuses writes over maxmemory (OOM). */
export class NoEviction implements EvictionPolicy {
  readonly evicts = false;
  touch(): void {}
  inserted(): void {}
  victim(): number {
    return -1;
  }
}
