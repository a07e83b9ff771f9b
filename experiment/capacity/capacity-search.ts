// The search for the highest open-loop arrival rate at which a topology meets its SLOs: bracket by
// doubling (or halving) from the scenario's rate, then bisect until the bracket is narrower than
// `precision` × its lower end. Rates are whole requests per second. The search only asks for rates
// and is told whether each passed; it runs nothing itself, so its path depends only on the verdicts
// (which depend only on the scenario and its seeds), never on timing or threads.

export interface Probe {
  ratePerS: number;
  passed: boolean;
}

export interface CapacityBracket {
  /** The highest rate that passed (null: even `minRatePerS` failed). */
  maxRatePerS: number | null;
  /** The lowest rate above it that failed (null: `maxRateLimitPerS` passed). */
  failedRatePerS: number | null;
  probes: Probe[];
}

export interface CapacitySearchOptions {
  startRatePerS: number;
  /** Relative width of the final bracket, e.g. 0.02. */
  precision: number;
  /** Bounds of the search (the schema's rate limits). */
  minRatePerS?: number;
  maxRateLimitPerS?: number;
}

export class CapacitySearch {
  private lo: number | null = null;
  private hi: number | null = null;
  private readonly probes: Probe[] = [];
  private readonly min: number;
  private readonly max: number;
  private pending: number | null;

  constructor(private readonly o: CapacitySearchOptions) {
    this.min = o.minRatePerS ?? 1;
    this.max = o.maxRateLimitPerS ?? 1e9;
    this.pending = Math.min(this.max, Math.max(this.min, Math.round(o.startRatePerS)));
  }

  /** The rate to probe next, or null when the search is over. */
  next(): number | null {
    return this.pending;
  }

  /** The verdict of the rate `next()` gave. */
  record(passed: boolean): void {
    const rate = this.pending;
    if (rate === null) throw new Error('the capacity search is over');
    this.probes.push({ ratePerS: rate, passed });
    if (passed) this.lo = rate;
    else this.hi = rate;
    this.pending = this.choose();
  }

  private choose(): number | null {
    const { lo, hi } = this;
    if (hi === null) return lo! >= this.max ? null : Math.min(this.max, 2 * lo!);
    if (lo === null) return hi <= this.min ? null : Math.max(this.min, Math.floor(hi / 2));
    if (hi - lo <= Math.max(1, this.o.precision * lo)) return null;
    return Math.round((lo + hi) / 2);
  }

  result(): CapacityBracket {
    return { maxRatePerS: this.lo, failedRatePerS: this.hi, probes: [...this.probes] };
  }
}
