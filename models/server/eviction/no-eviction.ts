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
