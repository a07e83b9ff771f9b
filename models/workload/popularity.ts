// Which key a request picks. Ranks are key ids: key 0 is the most popular.
// zipf α (α = 0 is uniform) by rejection-inversion; hot set: a share of requests goes uniformly to
// the first `keys`·N keys, the rest uniformly to the others.

import type { Distribution } from '../../sim/dist/distribution.js';
import { Zipf } from '../../sim/dist/zipf.js';
import type { Rng } from '../../sim/random/rng.js';
import type { Popularity } from './workload-params.js';

export interface KeyPicker {
  pick(rng: Rng): number;
}

class HotSet implements KeyPicker {
  private readonly hot: number;

  constructor(private readonly n: number, fraction: number, private readonly share: number) {
    this.hot = Math.min(n, Math.max(1, Math.round(n * fraction)));
  }

  pick(rng: Rng): number {
    const u = rng();
    if (u < this.share || this.hot === this.n) return Math.floor(rng() * this.hot);
    return this.hot + Math.floor(rng() * (this.n - this.hot));
  }
}

class FromDistribution implements KeyPicker {
  constructor(private readonly d: Distribution) {}
  pick(rng: Rng): number {
    return this.d.sample(rng);
  }
}

export function keyPicker(popularity: Popularity, keys: number): KeyPicker {
  if (popularity.kind === 'hotSet') return new HotSet(keys, popularity.keys, popularity.share);
  return new FromDistribution(new Zipf(keys, popularity.exponent));
}
