// `allkeys-random`: the victim is a uniformly random present key, drawn from the server's own
// eviction stream (Redis draws a random dictionary entry). No parameters.

import type { Rng } from '../../../sim/random/rng.js';
import type { Keyspace } from '../keyspace.js';
import type { EvictionPolicy } from './eviction-policy.js';

/** `allkeys-random`: a uniformly random present key. */
export class RandomEviction implements EvictionPolicy {
  readonly evicts = true;

  constructor(private readonly keyspace: Keyspace, private readonly rng: Rng) {}

  touch(): void {}
  inserted(): void {}

  victim(): number {
    const entry = this.keyspace.randomEntry(this.rng());
    return entry < 0 ? -1 : this.keyspace.keyAt(entry);
  }
}
