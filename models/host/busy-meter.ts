// How busy a resource has been: the time integral of the number of its units in use (a pool of
// query slots, connections…), read at any instant. A resource whose work is known when it starts
// (CPU cores, an executor) can instead compute the same integral as work committed minus work
// still ahead (cpu-pool.ts, event-loop.ts, fifo-executor.ts). Reports turn two readings (at the
// start and the end of the measurement window) into a share of the resource's capacity.

/** A resource the reports account for: its name, kind, capacity (units: cores, slots) and busy unit-ns so far. */
export interface UsageSource {
  readonly name: string;
  readonly kind: ResourceKind;
  readonly capacity: number;
  busyNsAt(nowNs: number): number;
}

export const RESOURCE_KINDS = ['server-cpu', 'client-cpu', 'proxy-cpu', 'machine-cpu', 'pool', 'origin'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export class BusyMeter {
  private integralNs = 0;
  private level = 0;
  private sinceNs = 0;

  /** The number of units in use changes by `delta` at `nowNs`. */
  change(nowNs: number, delta: number): void {
    this.integralNs += this.level * (nowNs - this.sinceNs);
    this.sinceNs = nowNs;
    this.level += delta;
  }

  /** Unit-ns in use from time 0 to `nowNs`. */
  busyNsAt(nowNs: number): number {
    return this.integralNs + this.level * (nowNs - this.sinceNs);
  }
}
