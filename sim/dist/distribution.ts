// The one interface every distribution implements. Draws take the caller's stream, so a
// distribution holds no randomness of its own (d3-array's `shuffler(random)` habit).

import type { Rng } from '../random/rng.js';

export interface Distribution {
  /** One draw, in the unit of the quantity it describes (ns, bytes, rank…). */
  sample(rng: Rng): number;
  /** The analytic mean (Infinity where it does not exist). */
  readonly mean: number;
}
