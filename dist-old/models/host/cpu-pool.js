// A host's CPU: `cores` identical cores serving work items FIFO. Because items are served in
// submission order and their work is known when submitted, each item's start is the earliest
// core-free time, so a pool needs one event per item (its completion) and no queue.
// Abstracted away: scheduling quanta, preemption, hyper-threads, cache effects.
// Parameters: cores (count); work per item (ns) given by the caller.
export class CpuPool {
    engine;
    cores;
    freeAtNs;
    committedNs = 0;
    constructor(engine, cores) {
        this.engine = engine;
        this.cores = cores;
        if (!(Number.isInteger(cores) && cores >= 1))
            throw new RangeError(`a CPU needs ≥ 1 core, got ${cores}`);
        this.freeAtNs = new Float64Array(cores);
    }
    /** Runs `workNs` of CPU work on the earliest free core, then `done(data)`. */
    run(workNs, done, data) {
        const free = this.freeAtNs;
        let core = 0;
        for (let c = 1; c < free.length; c++)
            if (free[c] < free[core])
                core = c;
        const startNs = Math.max(this.engine.now, free[core]);
        free[core] = startNs + workNs;
        this.committedNs += workNs;
        this.engine.at(free[core], done, data);
    }
    /** Each core is busy without a gap from the start of its current work to its free time, so what lies ahead of `nowNs` is free − now. */
    busyNsAt(nowNs) {
        let ahead = 0;
        for (let c = 0; c < this.freeAtNs.length; c++)
            ahead += Math.max(0, this.freeAtNs[c] - nowNs);
        return this.committedNs - ahead;
    }
}
//# sourceMappingURL=cpu-pool.js.map