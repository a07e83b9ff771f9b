// Cores shared first come, first served: a piece of one thread's work that is ready at some time
// runs on the core that frees first, from then or from when it is ready, whichever is later, to its
// end without preemption. It is how a CpuPool's threads share their host's cores, and how the
// processes placed on one machine (scenario `machines`, machines.ts) share its cores: a Redis
// thread's request, a proxy's request or reply, an event loop's turn or callback is one piece, and
// each process asks for a core again for its next piece, behind what the others asked for meanwhile.
// Abstracted away: Redis's I/O threads and a fork's child on a machine (only the main thread books its
// cores), time slices and preemption (a piece runs to its end: the pieces modeled are
// µs long, far shorter than a scheduler's slice), wake-up latency, migration between cores, caches.
// Parameters: cores (count); work per piece (ns) given by the caller.

export class CoreSchedule {
  private readonly freeAtNs: Float64Array;
  /** Work booked so far (ns). */
  private committedNs = 0;

  constructor(readonly cores: number) {
    if (!(Number.isInteger(cores) && cores >= 1)) throw new RangeError(`a CPU needs ≥ 1 core, got ${cores}`);
    this.freeAtNs = new Float64Array(cores);
  }

  /** Books `workNs` of work, ready at `readyNs` (the caller's now), on the earliest free core; returns when it ends. */
  book(readyNs: number, workNs: number): number {
    const core = this.earliestCore();
    const endNs = Math.max(readyNs, this.freeAtNs[core]!) + workNs;
    this.freeAtNs[core] = endNs;
    this.committedNs += workNs;
    return endNs;
  }

  private earliestCore(): number {
    const free = this.freeAtNs;
    let core = 0;
    for (let c = 1; c < free.length; c++) if (free[c]! < free[core]!) core = c;
    return core;
  }

  /** Core-ns of work done from time 0 to `nowNs`: work booked minus work still ahead. */
  busyNsAt(nowNs: number): number {
    return this.committedNs - this.aheadNs(nowNs);
  }

  /** Booked work still ahead of `nowNs` on all cores (each core is booked without a gap from its current piece's start to its free time, since every piece is booked when it is ready). */
  aheadNs(nowNs: number): number {
    let ahead = 0;
    for (let c = 0; c < this.freeAtNs.length; c++) ahead += Math.max(0, this.freeAtNs[c]! - nowNs);
    return ahead;
  }
}
